"""Four sweepers at once over 10,000 overdue requests, on real connections:
each request is expired exactly once, with one notice per recipient.

Runs on whichever database the suite runs on (SQLite and PostgreSQL in CI)."""

import threading

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from overture.interviews.models import Event, EventKind, InterviewRequest, Status
from overture.interviews.sweep import expire_overdue
from overture.notifications.models import Notice, NoticeKind
from overture.testing.bulk import seed_overdue

pytestmark = pytest.mark.django_db(transaction=True)

SIDE = 100  # 100 companies x 100 candidates = 10,000 requests, one per pair


def test_four_concurrent_sweepers_expire_each_request_exactly_once():
    now = timezone.now()
    seed_overdue(now, side=SIDE)
    assert InterviewRequest.objects.overdue(now).count() == SIDE * SIDE

    barrier = threading.Barrier(4)
    counts: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def sweeper() -> None:
        try:
            barrier.wait()
            done = expire_overdue(now, batch_size=500)
            with lock:
                counts.append(done)
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweeper) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert errors == []
    assert sum(counts) == SIDE * SIDE
    assert InterviewRequest.objects.filter(status=Status.EXPIRED).count() == SIDE * SIDE
    events = Event.objects.filter(kind=EventKind.EXPIRED)
    assert events.count() == SIDE * SIDE
    assert not events.values("request").annotate(n=Count("pk")).filter(n__gt=1).exists()
    notices = Notice.objects.filter(kind=NoticeKind.REQUEST_EXPIRED)
    assert notices.count() == 2 * SIDE * SIDE
    per_recipient = notices.values("request", "recipient").annotate(n=Count("pk"))
    assert not per_recipient.filter(n__gt=1).exists()
    # Each request's two notices go to its candidate and its sender.
    sample = InterviewRequest.objects.select_related("candidate").order_by("?")[:50]
    for request in sample:
        assert set(notices.filter(request=request).values_list("recipient", flat=True)) == {
            request.candidate.user_id,
            request.sender_id,
        }
