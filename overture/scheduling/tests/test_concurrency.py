"""No double booking, ever (SPEC §6): many simultaneous attempts through the
real booking action, each on its own database connection.

Every attempt waits at a barrier, then runs. On SQLite all 200 hold a
connection at once (the test database is a file, see config/settings.py).
PostgreSQL here accepts 100 connections in all, so at most PG_PARALLEL
attempts hold one at a time, as a server's pool of workers would; the
other attempts queue for a connection, not for the booking.
"""

import threading
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from overture.accounts.actions import sign_up_candidate
from overture.candidates.models import Candidate
from overture.conftest import make_details
from overture.interviews.actions import accept_request, send_request
from overture.interviews.models import InterviewProcess
from overture.lib.errors import Reason, Refused
from overture.scheduling import actions
from overture.scheduling.models import Booking, BookingStatus, Calendar, Medium
from overture.scheduling.tests.conftest import LINK, utc

pytestmark = pytest.mark.django_db(transaction=True)

ATTEMPTS = 200
PG_PARALLEL = 40
DETAILS = actions.Details(Medium.VIDEO, LINK)
NOW = utc(2026, 3, 2, 9)  # passed to the action: threads do not share a frozen clock
# Ten weekdays' 10:00 Berlin (09:00 UTC): one slot per repetition.
SLOTS = [utc(2026, 3, 3 + day, 9) for day in range(14) if utc(2026, 3, 3 + day, 9).weekday() < 5][
    :10
]


def race(attempt: Callable[[int], Any], n: int = ATTEMPTS) -> Counter[str]:
    """Runs attempt(0..n-1) at once in n threads; counts what came back."""
    parallel = PG_PARALLEL if connection.vendor == "postgresql" else n
    barrier = threading.Barrier(n)
    gate = threading.BoundedSemaphore(parallel)
    outcomes: list[str] = ["missing"] * n

    def run(i: int) -> None:
        barrier.wait()
        with gate:
            try:
                attempt(i)
                outcomes[i] = "booked"
            except Refused as refused:
                outcomes[i] = f"refused:{refused.reason}:{refused.message}"
            except Exception as error:
                outcomes[i] = f"error:{type(error).__name__}: {error}"
            finally:
                connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return Counter(outcomes)


def summary(outcomes: Counter[str]) -> dict[str, int]:
    kinds: Counter[str] = Counter()
    for outcome, count in outcomes.items():
        kinds[outcome.split(":", 1)[0]] += count
    return dict(kinds)


def test_200_attempts_at_one_slot_book_it_exactly_once_ten_times_over(
    process, other_process, recruiter, other_recruiter
):
    bookers = [(process, recruiter), (other_process, other_recruiter)]
    for slot in SLOTS:

        def attempt(i: int, slot: datetime = slot) -> None:
            which, by = bookers[i % 2]
            actions.book(which, by=by, starts_at=slot, minutes=30, details=DETAILS, now=NOW)

        outcomes = race(attempt)
        assert summary(outcomes) == {"booked": 1, "refused": ATTEMPTS - 1}, outcomes
        refusals = {o for o in outcomes if o.startswith("refused")}
        assert all(f":{Reason.CONFLICT}:" in o and "no longer available" in o for o in refusals)
        assert Booking.objects.filter(starts_at=slot).count() == 1
    assert Booking.objects.count() == len(SLOTS)


def test_200_attempts_at_overlapping_slots_of_one_candidate_book_exactly_one(
    process, other_process, recruiter, other_recruiter
):
    # Starts 15 minutes apart, 30 to 60 minutes long: every pair overlaps
    # or falls inside the other's 15-minute buffer.
    base = SLOTS[0]
    shapes = [(base + timedelta(minutes=15 * k), m) for k in range(3) for m in (30, 45, 60)]
    bookers = [(process, recruiter), (other_process, other_recruiter)]

    def attempt(i: int) -> None:
        which, by = bookers[i % 2]
        start, minutes = shapes[i % len(shapes)]
        actions.book(which, by=by, starts_at=start, minutes=minutes, details=DETAILS, now=NOW)

    outcomes = race(attempt)
    assert summary(outcomes) == {"booked": 1, "refused": ATTEMPTS - 1}, outcomes
    assert Booking.objects.count() == 1


def test_200_attempts_for_200_candidates_all_succeed(recruiter):
    processes: list[InterviewProcess] = []
    for i in range(ATTEMPTS):
        user = sign_up_candidate(
            email=f"c{i}@example.com",
            name=f"Candidate {i}",
            password="x" * 20,
            time_zone="Europe/Berlin",
        )
        candidate = Candidate.objects.get(user=user)
        request = send_request(by=recruiter, candidate=candidate, details=make_details())
        processes.append(accept_request(request, by=user))
    slot = SLOTS[0]

    def attempt(i: int) -> None:
        actions.book(
            processes[i], by=recruiter, starts_at=slot, minutes=60, details=DETAILS, now=NOW
        )

    outcomes = race(attempt)
    assert summary(outcomes) == {"booked": ATTEMPTS}, outcomes
    assert Booking.objects.filter(starts_at=slot).count() == ATTEMPTS
    assert Calendar.objects.count() == ATTEMPTS


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="exclusion constraints are PostgreSQL's"
)
def test_the_database_itself_refuses_overlapping_bookings(process, other_process, recruiter):
    """The backstop: even a write that skipped the lock cannot double-book."""
    booking = actions.book(
        process, by=recruiter, starts_at=SLOTS[0], minutes=30, details=DETAILS, now=NOW
    )
    clash = Booking(
        process=other_process,
        calendar=booking.calendar,
        starts_at=SLOTS[0] + timedelta(minutes=40),
        ends_at=SLOTS[0] + timedelta(minutes=70),
        blocked_until=SLOTS[0] + timedelta(minutes=85),
        medium=Medium.PHONE,
        booked_by=recruiter,
    )
    with pytest.raises(IntegrityError, match="booking_no_overlap"), transaction.atomic():
        clash.save()  # starts inside the first booking's buffer
    # Cancelled bookings do not count; touching intervals do not overlap.
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CANCELLED)
    clash.save()
    after = Booking(
        process=process,
        calendar=booking.calendar,
        starts_at=clash.blocked_until,
        ends_at=clash.blocked_until + timedelta(minutes=15),
        blocked_until=clash.blocked_until + timedelta(minutes=30),
        medium=Medium.PHONE,
        booked_by=recruiter,
    )
    after.save()
    assert Booking.objects.filter(status=BookingStatus.BOOKED).count() == 2
