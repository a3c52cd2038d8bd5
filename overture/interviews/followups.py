"""When a company has let an accepted request sit: no interview booked within
48 hours. The sweep nudges the company then, and the candidate may follow up
(at most once every 48 hours).

"No interview booked" is decided here and nowhere else, from the scheduling
app's bookings: a process counts as booked once any interview was booked in
it, even one cancelled later (the company did book).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet

from overture.interviews.models import (
    EventKind,
    InterviewProcess,
    ProcessStatus,
)
from overture.scheduling.models import Booking


def booking_expected_within() -> timedelta:
    within: timedelta = settings.OVERTURE["BOOKING_EXPECTED_WITHIN"]
    return within


def follow_up_every() -> timedelta:
    every: timedelta = settings.OVERTURE["FOLLOW_UP_EVERY"]
    return every


def without_bookings(processes: QuerySet[InterviewProcess]) -> QuerySet[InterviewProcess]:
    """The processes with no interview booked."""
    return processes.exclude(Exists(Booking.objects.filter(process=OuterRef("pk"))))


def has_booking(process: InterviewProcess) -> bool:
    return not without_bookings(InterviewProcess.objects.filter(pk=process.pk)).exists()


def awaiting_booking(now: datetime) -> QuerySet[InterviewProcess]:
    """Active processes accepted 48 hours ago or more with nothing booked."""
    return without_bookings(
        InterviewProcess.objects.filter(
            status=ProcessStatus.ACTIVE, opened_at__lte=now - booking_expected_within()
        )
    )


@dataclass(frozen=True)
class FollowUpState:
    """Whether the candidate may follow up now; if not, why not and from when."""

    available: bool
    due: bool  # the company is past its 48 hours with nothing booked
    why_not: str = ""
    last_at: datetime | None = None
    next_at: datetime | None = None


def _hours(delta: timedelta) -> int:
    return int(delta.total_seconds() // 3600)


def follow_up_state(process: InterviewProcess, now: datetime) -> FollowUpState:
    company = process.request.company.name
    if process.status != ProcessStatus.ACTIVE:
        return FollowUpState(
            available=False, due=False, why_not="This interview process has ended."
        )
    if now < process.opened_at + booking_expected_within():
        return FollowUpState(
            available=False,
            due=False,
            why_not=(
                f"{company} has {_hours(booking_expected_within())} hours from your acceptance "
                "to book a first interview. You can follow up once they have passed."
            ),
        )
    if has_booking(process):
        return FollowUpState(
            available=False,
            due=False,
            why_not="An interview is already booked, so there is nothing to follow up on.",
        )
    last = (
        process.request.events.filter(kind=EventKind.FOLLOWED_UP)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    if last is not None and now < last + follow_up_every():
        return FollowUpState(
            available=False,
            due=True,
            why_not=(
                f"You followed up less than {_hours(follow_up_every())} hours ago. "
                f"Give {company} a little time to answer."
            ),
            last_at=last,
            next_at=last + follow_up_every(),
        )
    return FollowUpState(available=True, due=True, last_at=last)


def processes_awaiting_follow_up(request_ids: list[int], now: datetime) -> set[int]:
    """Of these requests, the ones whose process is past 48 hours with nothing
    booked: the "Interviews" tab offers "Follow up" on them (one query)."""
    return set(
        awaiting_booking(now)
        .filter(request_id__in=request_ids)
        .values_list("request_id", flat=True)
    )
