"""``manage.py run_scheduler``: dispatch SCHEDULES on RQ (REDIS_URL set).

Run one or several, anywhere: each tick is enqueued once. On the database
queue the workers dispatch SCHEDULES themselves and this command is not needed.
"""

import signal
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from overture.lib.schedules import dispatch, load, redis_claim


class Command(BaseCommand):
    help = "Enqueue the periodic jobs in SCHEDULES, once per tick, on the Redis queue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between passes.")
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.REDIS_URL:
            raise CommandError(
                "run_scheduler is for the Redis queue (set REDIS_URL). "
                "On the database queue, `manage.py ox_worker` runs the schedules itself."
            )
        periodics = load(settings.SCHEDULES)
        claim = redis_claim(settings.REDIS_URL)
        stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"Scheduling {', '.join(p.name for p in periodics)}.")
        while not stopping:
            for name in dispatch(periodics, timezone.now(), claim):
                self.stdout.write(f"{timezone.now():%Y-%m-%d %H:%M:%S} enqueued {name}")
            if options["once"]:
                return
            time.sleep(options["interval"])
