"""Free slots with a full calendar against a plain expansion of the same hours.

Seeds two candidates with the same availability (08:00-20:00 every day in
Europe/Berlin, a daily cap set high enough never to close a day): one with 500
interviews booked over the next 30 days (every company's, buffers included)
and 50 busy times imported from an iCalendar file; the other with nothing.
Then, through the real read path (its queries and the slot computation):

- ``slots_30_days_ms``: free 30-minute slots over 30 days for the busy
  candidate, median of 41 runs.
- ``plain_expansion_30_days_ms``: the same for the candidate with nothing
  to subtract.
- ``slots_vs_plain_expansion_ratio``: the first over the second (goal <= 3.0).
"""

import random
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta

from django.utils import timezone

from overture.accounts.actions import sign_up_candidate, sign_up_company
from overture.candidates.models import Candidate
from overture.interviews.actions import RequestDetails, accept_request, send_request
from overture.scheduling import actions, queries
from overture.scheduling.hours import parse_hours
from overture.scheduling.models import Booking, BookingStatus, Calendar, Medium

BOOKINGS = 500
IMPORTED = 50
DAYS = 30
RUNS = 41
MINUTES = 30


def _candidate(tag: str, name: str) -> Candidate:
    user = sign_up_candidate(
        email=f"{name}-{tag}@bench.example.com",
        name=name,
        password=uuid.uuid4().hex,
        time_zone="Europe/Berlin",
    )
    candidate = Candidate.objects.select_related("user").get(user=user)
    actions.update_availability(
        candidate,
        by=user,
        weekly=(parse_hours("08:00-20:00"),) * 7,
        daily_cap=12,
        buffer_minutes=15,
    )
    # Past the product's limit of 12, so that no day closes early: every
    # booking has to be subtracted, none is skipped with its whole day.
    Calendar.objects.filter(candidate=candidate).update(daily_cap=BOOKINGS)
    return candidate


def _imported_ics(now: datetime, rng: random.Random) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Bench//Busy//EN"]
    for i in range(IMPORTED):
        start = now + timedelta(days=rng.randrange(DAYS), hours=rng.randrange(8, 19))
        lines += [
            "BEGIN:VEVENT",
            f"UID:busy-{i}@bench",
            f"DTSTAMP:{now:%Y%m%dT%H%M%SZ}",
            f"DTSTART:{start:%Y%m%dT%H%M00Z}",
            f"DTEND:{start + timedelta(minutes=45):%Y%m%dT%H%M00Z}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def seed(now: datetime) -> tuple[Candidate, Candidate]:
    tag = uuid.uuid4().hex[:8]
    recruiter = sign_up_company(
        email=f"recruiter-{tag}@bench.example.com",
        name="Bench Recruiter",
        password=uuid.uuid4().hex,
        time_zone="America/New_York",
        company_name=f"Bench {tag}",
        company_size="51-200",
    )
    busy, free = _candidate(tag, "busy"), _candidate(tag, "free")
    details = RequestDetails(
        role_title="Backend Engineer",
        role_description="Benchmark role.",
        work_arrangement="remote",
        work_location="",
        salary_currency="EUR",
        salary_min=60000,
        salary_max=None,
        personal_note="Benchmark.",
    )
    process = accept_request(
        send_request(by=recruiter, candidate=busy, details=details), by=busy.user
    )
    calendar = Calendar.objects.get(candidate=busy)
    rng = random.Random(7)  # noqa: S311 - reproducible benchmark data, not secrets
    rows: list[Booking] = []
    day_start = now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    for day in range(DAYS):
        clear = day_start + timedelta(days=day)
        for _ in range(BOOKINGS // DAYS + (1 if day < BOOKINGS % DAYS else 0)):
            start = clear + timedelta(minutes=15 * rng.randrange(0, 3))
            length = timedelta(minutes=rng.choice((15, 30, 45, 60)))
            rows.append(
                Booking(
                    process=process,
                    calendar=calendar,
                    starts_at=start,
                    ends_at=start + length,
                    blocked_until=start + length + calendar.buffer,
                    medium=Medium.VIDEO,
                    status=BookingStatus.BOOKED,
                    booked_by=recruiter,
                    created_at=now,
                    updated_at=now,
                )
            )
            clear = start + length + calendar.buffer
    Booking.objects.bulk_create(rows)
    actions.add_import_file(busy, by=busy.user, name="Work", content=_imported_ics(now, rng))
    return busy, free


def _median_ms(candidate: Candidate, now: datetime) -> tuple[float, int]:
    timings = []
    count = 0
    for _ in range(RUNS):
        started = time.perf_counter()
        count = len(
            queries.free_slots_for(
                candidate, minutes=MINUTES, now=now, start=now, end=now + timedelta(days=DAYS)
            )
        )
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), count


def run() -> dict[str, float]:
    now = timezone.now().astimezone(UTC).replace(second=0, microsecond=0)
    busy, free = seed(now)
    assert Booking.objects.filter(calendar__candidate=busy).count() == BOOKINGS
    _median_ms(busy, now), _median_ms(free, now)  # warm up
    busy_ms, busy_count = _median_ms(busy, now)
    free_ms, free_count = _median_ms(free, now)
    assert 0 < busy_count < free_count
    return {
        "slots_30_days_ms": round(busy_ms, 2),
        "plain_expansion_30_days_ms": round(free_ms, 2),
        "slots_vs_plain_expansion_ratio": round(busy_ms / free_ms, 2),
    }
