"""A real worker killed with SIGKILL in the middle of a batch of emails, then
restarted: every notice is delivered, none is recorded as sent twice, and
every email reaches a real SMTP server on 127.0.0.1 with its Message-ID
(a resent email keeps its Message-ID, so mail systems drop the duplicate).

PostgreSQL only: the worker is a separate process on the test database.
"""

import asyncio
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection
from django.utils import timezone

from overture.interviews.sweep import expire_overdue
from overture.notifications.models import Notice
from overture.testing.bulk import seed_overdue

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(settings.BASE_DIR)


class Mailbox:
    """An SMTP server's handler that keeps each message's Message-ID."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.message_ids: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        await asyncio.sleep(self.delay)  # a slow server, so the batch takes a while
        message = message_from_bytes(envelope.content)
        with self.lock:
            self.message_ids.append(str(message["Message-ID"]))
        return "250 Message accepted for delivery"

    def count(self) -> int:
        with self.lock:
            return len(self.message_ids)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"Timed out after {timeout} s waiting until {what}.")


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    mailbox = Mailbox(delay=0.01)
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield mailbox, port
    controller.stop()


def worker_env(port: int) -> dict[str, str]:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return {
        **os.environ,
        "DATABASE_URL": url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_USE_TLS": "false",
        "TASK_LOCK_TIMEOUT": "3",
        "LOG_LEVEL": "INFO",
    }


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "manage.py", "ox_worker", "--interval", "0.2"],
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="the worker process shares the test database only on PostgreSQL",
)
def test_a_worker_killed_mid_batch_and_restarted_delivers_every_notice_once(smtp, tmp_path):
    mailbox, port = smtp
    now = timezone.now()
    seed_overdue(now, side=20)  # 400 requests overdue: 800 notices in two batches
    assert expire_overdue(now) == 400
    notices = Notice.objects.filter(kind="request_expired")
    assert notices.count() == 800
    env = worker_env(port)
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"

    first = start_worker(env, first_log)
    try:
        wait_until(lambda: mailbox.count() >= 150, timeout=60, what="the first emails arrive")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    sent_before_restart = notices.filter(sent_at__isnull=False).count()
    assert 150 <= sent_before_restart < 800, "the kill must land in the middle of the work"

    second = start_worker(env, second_log)
    try:
        wait_until(
            lambda: not notices.filter(sent_at__isnull=True).exists(),
            timeout=120,
            what="every notice is recorded as sent",
        )
    finally:
        second.send_signal(signal.SIGTERM)
        try:
            second.wait(timeout=15)
        except subprocess.TimeoutExpired:
            second.kill()

    expected = set(notices.values_list("message_id", flat=True))
    received = Counter(mailbox.message_ids)
    assert set(received) == expected, "every email arrived, with its notice's Message-ID"
    duplicates = sum(n - 1 for n in received.values())
    # A duplicate can only be the one email in flight when the worker died,
    # resent with the same Message-ID.
    assert duplicates <= 1
    logging.getLogger(__name__).warning(
        "emails: %s notices, %s received, %s duplicate(s) by Message-ID",
        len(expected),
        sum(received.values()),
        duplicates,
    )

    sent_lines = re.findall(r"notice (\d+) sent to", first_log.read_text() + second_log.read_text())
    recorded = Counter(map(int, sent_lines))
    assert max(recorded.values()) == 1, "no notice is recorded as sent twice"
    # Each worker logs a notice once its sent_at is committed; the kill can
    # fall between that commit and the log line, so at most one is unlogged.
    all_notices = set(notices.values_list("pk", flat=True))
    assert set(recorded) <= all_notices
    assert len(all_notices - set(recorded)) <= 1
    assert "already recorded as sent" not in second_log.read_text()
