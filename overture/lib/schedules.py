"""Periodic jobs for a task queue that has no scheduler of its own (RQ).

The database queue's workers dispatch ``settings.SCHEDULES`` themselves. On
RQ, ``manage.py run_scheduler`` does it: any number of schedulers may run,
on any machines, and each tick of each schedule is enqueued once, because a
scheduler enqueues a tick only after winning ``SET key NX`` on Redis for it.
Ticks are a pure function of the schedule and the clock (every N seconds
counted from the epoch, or cron), so every scheduler derives the same ones
with no leader. A scheduler that was down misses nothing but older ticks:
the latest one still fires when it comes back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.tasks import Task
from django.utils import timezone
from django.utils.module_loading import import_string
from django_ox.cron import CronExpression
from redis import Redis

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Periodic:
    name: str
    task: Task[..., Any]
    every: timedelta | None = None
    cron: CronExpression | None = None
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)

    def tick(self, now: datetime) -> datetime:
        """The latest tick at or before ``now``."""
        if self.every is not None:
            return EPOCH + ((now - EPOCH) // self.every) * self.every
        assert self.cron is not None
        return self.cron.previous(timezone.localtime(now))

    @property
    def period(self) -> timedelta:
        return self.every or timedelta(days=1)


def load(schedules: Mapping[str, Mapping[str, Any]]) -> list[Periodic]:
    """Read SCHEDULES (the same shape the database queue reads), failing loudly."""
    result = []
    for name, config in schedules.items():
        task = import_string(config["task"])
        # On RQ, @task builds the django-tasks backport's Task: check the shape.
        if not callable(getattr(task, "enqueue", None)):
            raise ImproperlyConfigured(f"Schedule {name!r}: {config['task']} is not a task.")
        every = config.get("every")
        cron = config.get("cron")
        if (every is None) == (cron is None):
            raise ImproperlyConfigured(f"Schedule {name!r} needs exactly one of every or cron.")
        if every is not None and not isinstance(every, timedelta):
            every = timedelta(seconds=every)
        if every is not None and every <= timedelta(0):
            raise ImproperlyConfigured(f"Schedule {name!r}: every must be positive.")
        result.append(
            Periodic(
                name=name,
                task=task,
                every=every,
                cron=CronExpression(cron) if cron else None,
                args=tuple(config.get("args", ())),
                kwargs=dict(config.get("kwargs", {})),
            )
        )
    return result


# claim(name, tick, keep_for) -> True for the one caller that gets this tick.
Claim = Callable[[str, datetime, timedelta], bool]


def redis_claim(url: str, prefix: str = "overture:schedule") -> Claim:
    client = Redis.from_url(url)

    def claim(name: str, tick: datetime, keep_for: timedelta) -> bool:
        key = f"{prefix}:{name}:{tick.isoformat()}"
        return bool(client.set(key, "1", nx=True, ex=int(keep_for.total_seconds())))

    return claim


def dispatch(periodics: list[Periodic], now: datetime, claim: Claim) -> list[str]:
    """Enqueue every schedule whose current tick nobody has enqueued yet."""
    fired = []
    for periodic in periodics:
        tick = periodic.tick(now)
        if claim(periodic.name, tick, max(periodic.period * 3, timedelta(hours=1))):
            periodic.task.enqueue(*periodic.args, **periodic.kwargs)
            fired.append(periodic.name)
    return fired
