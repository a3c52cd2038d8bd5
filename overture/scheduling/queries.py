"""Reads for scheduling pages and feeds; each a fixed number of queries."""

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, F, Min, Q, QuerySet

from overture.accounts.models import User
from overture.candidates.models import Candidate
from overture.companies.models import Company
from overture.interviews.models import InterviewProcess, ProcessStatus
from overture.scheduling.models import (
    Booking,
    BookingQuerySet,
    Calendar,
    DateOverride,
    ImportedCalendar,
    setting,
)
from overture.scheduling.rules import calendar_of, slot_inputs, slots_for

ACCOUNTABILITY_WINDOW = timedelta(days=90)


# ---------------------------------------------------------------- free slots


def free_slots_for(
    candidate: Candidate,
    *,
    minutes: int,
    now: datetime,
    start: datetime,
    end: datetime,
    ignore_booking: Booking | None = None,
) -> list[datetime]:
    """Free start instants in [start, end) for an interview of ``minutes``:
    four queries whatever the number of bookings."""
    inputs = slot_inputs(calendar_of(candidate), start, end, ignore_booking=ignore_booking)
    return slots_for(inputs, minutes=minutes, now=now, start=start, end=end)


# ---------------------------------------------------------------- lists


def _with_people(qs: BookingQuerySet) -> BookingQuerySet:
    return qs.select_related(
        "process__request__company",
        "process__request__candidate__user",
        "process__request__sender",
        "booked_by",
        "cancelled_by",
    )


def process_bookings(process: InterviewProcess) -> list[Booking]:
    """Every interview of one process, cancelled ones too, in time order."""
    return list(_with_people(Booking.objects.filter(process=process)).order_by("starts_at", "pk"))


def upcoming_for(user: User, now: datetime) -> BookingQuerySet:
    """A candidate's upcoming interviews, or a company member's company's."""
    qs = Booking.objects.upcoming(now)
    candidate = getattr(user, "candidate", None)
    if candidate is not None:
        return _with_people(qs.filter(calendar__candidate=candidate))
    membership = getattr(user, "membership", None)
    if membership is not None:
        return _with_people(qs.filter(process__request__company_id=membership.company_id))
    return Booking.objects.none()


def calendar_settings(candidate: Candidate) -> tuple[Calendar, list[DateOverride]]:
    calendar = calendar_of(candidate)
    if calendar.pk is None:
        return calendar, []
    return calendar, list(calendar.overrides.order_by("date"))


def imports_of(candidate: Candidate) -> QuerySet[ImportedCalendar]:
    return ImportedCalendar.objects.filter(calendar__candidate=candidate).order_by("created_at")


def imports_due(now: datetime) -> QuerySet[ImportedCalendar]:
    """URL imports not refreshed within IMPORT_REFRESH (failed ones retry too)."""
    since = now - setting("IMPORT_REFRESH") + timedelta(minutes=1)
    return (
        ImportedCalendar.objects.exclude(url="")
        .filter(Q(refreshed_at__isnull=True) | Q(refreshed_at__lt=since))
        .filter(Q(error_at__isnull=True) | Q(error_at__lt=since))
    )


def file_imports() -> QuerySet[ImportedCalendar]:
    return ImportedCalendar.objects.filter(url="")


# ---------------------------------------------------------------- accountability (SPEC §4)


@dataclass(frozen=True)
class Accountability:
    """How a company follows up on accepted requests, over the past 90 days."""

    median_to_first_booking: timedelta | None
    booked_processes: int
    ended_by_company: int
    ended_with_message: int

    @property
    def window_days(self) -> int:
        return ACCOUNTABILITY_WINDOW.days

    @property
    def share_ended_with_message(self) -> float | None:
        if not self.ended_by_company:
            return None
        return self.ended_with_message / self.ended_by_company

    @property
    def percent_ended_with_message(self) -> int | None:
        share = self.share_ended_with_message
        return None if share is None else round(share * 100)


def company_accountability(company: Company, now: datetime) -> Accountability:
    """Two queries: first bookings of its processes, and its endings."""
    since = now - ACCOUNTABILITY_WINDOW
    firsts = (
        InterviewProcess.objects.filter(request__company=company)
        .annotate(first_booked_at=Min("bookings__created_at"))
        .filter(first_booked_at__gte=since, first_booked_at__lte=now)
        .values_list("opened_at", "first_booked_at")
    )
    waits = [booked - opened for opened, booked in firsts]
    ended = InterviewProcess.objects.filter(
        request__company=company, status=ProcessStatus.ENDED, ended_at__gte=since
    ).exclude(ended_by_id=F("request__candidate__user_id"))
    counts = ended.aggregate(total=Count("pk"), with_message=Count("pk", filter=~Q(end_reason="")))
    return Accountability(
        median_to_first_booking=statistics.median(waits) if waits else None,
        booked_processes=len(waits),
        ended_by_company=counts["total"],
        ended_with_message=counts["with_message"],
    )
