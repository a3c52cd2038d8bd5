"""The Redis queue (REDIS_URL set): schedulers fire each tick once however
many run, and an RQ worker runs the sweep and delivers its notices.

Needs Redis on 127.0.0.1:6379 (database 15 is this test's own)."""

import os
import socket
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_ox.models import OxTask
from redis import Redis

from overture.interviews.models import InterviewRequest, Status
from overture.lib.schedules import dispatch, load, redis_claim
from overture.notifications.models import Notice
from overture.notifications.tests.test_worker_kill import Mailbox, free_port

REDIS_URL = "redis://127.0.0.1:6379/15"
BASE_DIR = Path(settings.BASE_DIR)


def redis_is_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not redis_is_up(), reason="needs Redis on 127.0.0.1:6379")


@pytest.fixture
def redis() -> Redis:
    client = Redis.from_url(REDIS_URL)
    client.flushdb()
    return client


@pytest.mark.django_db(transaction=True)
def test_many_schedulers_enqueue_each_tick_once(redis):
    periodics = [p for p in load(settings.SCHEDULES) if p.name == "sweep"]
    now = timezone.now()
    barrier = threading.Barrier(6)
    fired: list[str] = []
    lock = threading.Lock()

    def scheduler() -> None:
        claim = redis_claim(REDIS_URL)
        barrier.wait()
        try:
            names = dispatch(periodics, now, claim)
        finally:
            connection.close()
        with lock:
            fired.extend(names)

    threads = [threading.Thread(target=scheduler) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert fired == ["sweep"]
    assert OxTask.objects.filter(task_path="overture.interviews.tasks.sweep").count() == 1
    # The next tick fires once more; the same tick never again.
    every = periodics[0].every
    assert every is not None
    assert dispatch(periodics, now, redis_claim(REDIS_URL)) == []
    assert dispatch(periodics, now + every, redis_claim(REDIS_URL)) == ["sweep"]


def test_ticks_are_the_same_for_every_scheduler():
    (sweep,) = [p for p in load(settings.SCHEDULES) if p.name == "sweep"]
    at = datetime(2026, 3, 2, 9, 0, 7, tzinfo=UTC)
    assert sweep.tick(at) == sweep.tick(at + timedelta(seconds=1)) <= at


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_an_rq_worker_runs_the_sweep_and_delivers_its_notices(redis, send, candidate):
    from aiosmtpd.controller import Controller

    request = send(candidate)
    # Thirteen days and some on: a request past its deadline.
    InterviewRequest.objects.filter(pk=request.pk).update(
        sent_at=request.sent_at - timedelta(days=15),
        expires_at=request.expires_at - timedelta(days=15),
    )
    OxTask.objects.all().delete()  # nothing reaches the database queue here
    mailbox = Mailbox(delay=0)
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    env = {
        **os.environ,
        "REDIS_URL": REDIS_URL,
        "DATABASE_URL": database_url(),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_USE_TLS": "false",
    }
    try:
        for command in (
            ["run_scheduler", "--once"],
            ["rqworker", "--burst", "--job-class", "django_tasks_rq.Job", "default"],
        ):
            subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=BASE_DIR,
                env=env,
                check=True,
                timeout=120,
                capture_output=True,
            )
    finally:
        controller.stop()
    request.refresh_from_db()
    assert request.status == Status.EXPIRED
    notices = Notice.objects.filter(request=request, kind="request_expired")
    assert notices.count() == 2
    assert all(n.sent_at for n in notices)
    assert sorted(mailbox.message_ids) == sorted(n.message_id for n in notices)
    assert not OxTask.objects.exists()
