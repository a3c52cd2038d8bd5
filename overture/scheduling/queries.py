"""Reads for scheduling pages, emails and feeds; each a fixed number of queries."""

import statistics
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Min, Q, QuerySet
from django.urls import reverse

from overture.accounts.models import User
from overture.candidates.models import Candidate
from overture.companies.models import Company
from overture.interviews.models import InterviewProcess, ProcessStatus
from overture.scheduling.ics import EventFacts, Person
from overture.scheduling.models import (
    Booking,
    BookingChange,
    BookingQuerySet,
    BusyTime,
    Calendar,
    DateOverride,
    ImportedCalendar,
    setting,
)
from overture.scheduling.rules import SlotInputs, calendar_of, slot_inputs
from overture.scheduling.slots import free_slots, open_intervals

ACCOUNTABILITY_WINDOW = timedelta(days=90)


# ---------------------------------------------------------------- free slots


def slots_for(
    inputs: SlotInputs, *, minutes: int, now: datetime, start: datetime, end: datetime
) -> list[datetime]:
    return free_slots(
        inputs.availability,
        inputs.rules,
        duration=timedelta(minutes=minutes),
        now=now,
        start=start,
        end=end,
        bookings=inputs.bookings,
        events=inputs.events,
    )


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


# ---------------------------------------------------------------- the week view


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_start(zone: ZoneInfo, monday: date) -> datetime:
    return datetime(monday.year, monday.month, monday.day, tzinfo=zone)


def week_window(zone: ZoneInfo, monday: date) -> tuple[datetime, datetime]:
    """Local Monday 00:00 to the next local Monday 00:00, as instants."""
    following = monday + timedelta(days=7)
    return week_start(zone, monday), week_start(zone, following)


def pick_week(
    raw: str | None, zone: ZoneInfo, now: datetime, *, bookable: bool = True
) -> tuple[date, date, date]:
    """The Monday to show (from ``?week=YYYY-MM-DD``), clamped between the
    first week that matters (the first bookable one, or this week) and the
    week the booking horizon ends in; with those two bounds."""
    start = now + setting("NOTICE") if bookable else now
    first = monday_of(start.astimezone(zone).date())
    last = monday_of((now + setting("HORIZON")).astimezone(zone).date())
    try:
        wanted = monday_of(date.fromisoformat(raw or ""))
    except ValueError:
        wanted = first
    return min(max(wanted, first), last), first, last


def _day_label(local: datetime) -> str:
    return f"{local:%A} {local.day} {local:%B}"


@dataclass
class SlotButton:
    """One free time, labelled in the viewer's zone and in the candidate's."""

    starts_at: datetime
    local: datetime
    candidate_local: datetime

    @property
    def value(self) -> str:
        return self.starts_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def label(self) -> str:
        return f"{self.local:%H:%M}"

    @property
    def day_label(self) -> str:
        return _day_label(self.local)

    @property
    def candidate_label(self) -> str:
        same_day = self.candidate_local.date() == self.local.date()
        day = "" if same_day else f"{self.candidate_local:%a} "
        return f"{day}{self.candidate_local:%H:%M}"


@dataclass
class BookingItem:
    booking: Booking
    local_start: datetime
    local_end: datetime
    mine: bool

    @property
    def label(self) -> str:
        return f"{self.local_start:%H:%M}–{self.local_end:%H:%M}"

    @property
    def day_label(self) -> str:
        return _day_label(self.local_start)


@dataclass
class Cell:
    day: date
    open: bool = False
    busy: bool = False
    slots: list[SlotButton] | None = None
    bookings: list[BookingItem] | None = None


@dataclass
class Row:
    hour: int
    cells: list[Cell]

    @property
    def label(self) -> str:
        return f"{self.hour:02d}:00"


@dataclass
class Day:
    date: date
    note: str
    is_past: bool


@dataclass
class WeekView:
    monday: date
    days: list[Day]
    rows: list[Row]
    zone: ZoneInfo
    candidate_zone: ZoneInfo
    previous: date | None
    next: date | None
    slot_count: int

    @property
    def show_candidate_time(self) -> bool:
        return self.zone.key != self.candidate_zone.key

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)


def _hour_start(zone: ZoneInfo, day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=zone)


def _build_week(
    *,
    zone: ZoneInfo,
    monday: date,
    first: date,
    last: date,
    inputs: SlotInputs,
    now: datetime,
    slots: list[datetime],
    minutes: int,
    bookings: list[Booking],
    mine: set[int],
    show_open: bool,
    busy: list[tuple[datetime, datetime]],
    overrides: dict[date, DateOverride],
) -> WeekView:
    days = [monday + timedelta(days=i) for i in range(7)]
    start, end = week_window(zone, monday)
    cells: dict[tuple[date, int], Cell] = {}

    def cell(day: date, hour: int) -> Cell:
        return cells.setdefault((day, hour), Cell(day=day))

    candidate_zone = inputs.zone
    for instant in slots:
        local = instant.astimezone(zone)
        target = cell(local.date(), local.hour)
        target.slots = [
            *(target.slots or []),
            SlotButton(instant, local, instant.astimezone(candidate_zone)),
        ]
    for booking in bookings:
        local = booking.starts_at.astimezone(zone)
        target = cell(local.date(), local.hour)
        target.bookings = [
            *(target.bookings or []),
            BookingItem(booking, local, booking.ends_at.astimezone(zone), booking.pk in mine),
        ]
    hours_used = {hour for (_, hour) in cells}
    opened = open_intervals(inputs.availability, start, end) if show_open else []
    today = now.astimezone(zone).date()
    if show_open:
        for day in days:
            if day < today:
                continue  # past days: nothing is open any more
            for hour in range(24):
                lo = _hour_start(zone, day, hour)
                hi = lo + timedelta(hours=1)
                if any(o < hi and lo < c for o, c in opened):
                    cell(day, hour).open = True
                    hours_used.add(hour)
                if any(b0 < hi and lo < b1 for b0, b1 in busy):
                    cell(day, hour).busy = True
    if hours_used:
        low, high = min(hours_used), max(hours_used)
    else:
        low, high = 9, 17
    if show_open:
        low, high = min(low, 8), max(high, 17)
    rows = [
        Row(hour, [cells.get((day, hour)) or Cell(day=day) for day in days])
        for hour in range(low, high + 1)
    ]
    day_notes = {day: overrides[day].describe() if day in overrides else "" for day in days}
    return WeekView(
        monday=monday,
        days=[Day(day, day_notes[day], day < today) for day in days],
        rows=rows,
        zone=zone,
        candidate_zone=candidate_zone,
        previous=monday - timedelta(days=7) if monday > first else None,
        next=monday + timedelta(days=7) if monday < last else None,
        slot_count=len(slots),
    )


def booker_week(
    process: InterviewProcess,
    *,
    zone: ZoneInfo,
    week: str | None,
    minutes: int,
    now: datetime,
    ignore_booking: Booking | None = None,
) -> WeekView:
    """The candidate's free times in one week, in the booker's zone, with this
    process's own interviews; nothing of other companies beyond "not free"."""
    monday, first, last = pick_week(week, zone, now)
    start, end = week_window(zone, monday)
    calendar = calendar_of(process.request.candidate)
    inputs = slot_inputs(calendar, start, end, ignore_booking=ignore_booking)
    slots = slots_for(inputs, minutes=minutes, now=now, start=start, end=end)
    if ignore_booking is not None:
        # Moving an interview to the time it already has is no move.
        slots = [slot for slot in slots if slot != ignore_booking.starts_at]
    own = list(
        Booking.objects.booked()
        .filter(process=process, starts_at__gte=start, starts_at__lt=end)
        .select_related("booked_by", "process__request__company")
    )
    return _build_week(
        zone=zone,
        monday=monday,
        first=first,
        last=last,
        inputs=inputs,
        now=now,
        slots=slots,
        minutes=minutes,
        bookings=own,
        mine={b.pk for b in own},
        show_open=False,
        busy=[],
        overrides={},
    )


def candidate_week(candidate: Candidate, *, week: str | None, now: datetime) -> WeekView:
    """The candidate's own week: availability, every interview, imported busy times."""
    zone = ZoneInfo(candidate.user.time_zone)
    monday, first, last = pick_week(week, zone, now, bookable=False)
    start, end = week_window(zone, monday)
    calendar = calendar_of(candidate)
    inputs = slot_inputs(calendar, start, end)
    bookings: list[Booking] = []
    busy: list[tuple[datetime, datetime]] = []
    overrides: dict[date, DateOverride] = {}
    if calendar.pk is not None:
        bookings = list(
            Booking.objects.booked()
            .filter(calendar=calendar, starts_at__gte=start, starts_at__lt=end)
            .select_related("process__request__company")
        )
        busy = list(
            BusyTime.objects.filter(
                calendar=calendar, starts_at__lt=end, ends_at__gt=start
            ).values_list("starts_at", "ends_at")
        )
        overrides = {
            o.date: o
            for o in DateOverride.objects.filter(
                calendar=calendar, date__gte=monday, date__lte=monday + timedelta(days=6)
            )
        }
    return _build_week(
        zone=zone,
        monday=monday,
        first=first,
        last=last,
        inputs=inputs,
        now=now,
        slots=[],
        minutes=0,
        bookings=bookings,
        mine={b.pk for b in bookings},
        show_open=True,
        busy=busy,
        overrides=overrides,
    )


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


# ---------------------------------------------------------------- iCalendar facts


def _url(name: str, *args: object) -> str:
    return f"{settings.SITE_URL}{reverse(name, args=args)}"


def _facts(
    booking: Booking,
    *,
    sequence: int,
    stamp: datetime,
    starts_at: datetime,
    ends_at: datetime,
    medium_label: str,
    location: str,
    note: str,
    cancelled: bool,
) -> EventFacts:
    request = booking.process.request
    candidate = request.candidate.user
    people = {user.pk: user for user in (booking.booked_by, request.sender, candidate)}
    lines = [
        f"{medium_label} for {request.role_title} at {request.company.name}, "
        f"with {candidate.name}.",
    ]
    if location:
        lines.append(f"{'Join' if location.startswith('http') else 'Where'}: {location}")
    if note:
        lines.append(f"Note: {note}")
    lines.append(f"Details and changes: {_url('interviews:detail', request.pk)}")
    return EventFacts(
        uid=booking.uid,
        sequence=sequence,
        stamp=stamp,
        starts_at=starts_at,
        ends_at=ends_at,
        summary=f"Interview: {request.role_title} — {request.company.name} with {candidate.name}",
        description="\n".join(lines),
        location=location,
        url=_url("interviews:detail", request.pk),
        cancelled=cancelled,
        organizer=Person(booking.booked_by.name, booking.booked_by.email),
        attendees=tuple(Person(u.name, u.email) for u in people.values()),
        created=booking.created_at,
    )


def change_facts(change: BookingChange) -> EventFacts:
    """The invite for one change, as it was at that change."""
    return _facts(
        change.booking,
        sequence=change.sequence,
        stamp=change.at,
        starts_at=change.starts_at,
        ends_at=change.ends_at,
        medium_label=change.get_medium_display(),
        location=change.location,
        note=change.note,
        cancelled=change.kind == "cancelled",
    )


def booking_facts(booking: Booking) -> EventFacts:
    return _facts(
        booking,
        sequence=booking.sequence,
        stamp=booking.updated_at,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        medium_label=booking.get_medium_display(),
        location=booking.location,
        note=booking.note,
        cancelled=not booking.is_booked,
    )


def change_for_notice(booking_id: int, dedupe_key: str) -> BookingChange | None:
    """The change a booking notice announces (its dedupe key names the sequence)."""
    try:
        sequence = int(dedupe_key.rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return None
    return (
        BookingChange.objects.select_related(
            "actor",
            "booking__booked_by",
            "booking__process__request__company",
            "booking__process__request__sender",
            "booking__process__request__candidate__user",
        )
        .filter(booking_id=booking_id, sequence=sequence)
        .first()
    )


FEED_PAST = timedelta(days=30)


def feed_bookings(user: User, now: datetime) -> list[Booking]:
    """A user's booked interviews for their subscription: a candidate's own,
    a company member's that they booked or whose request they sent."""
    qs = Booking.objects.booked().filter(starts_at__gte=now - FEED_PAST)
    candidate = getattr(user, "candidate", None)
    if candidate is not None:
        qs = qs.filter(calendar__candidate=candidate)
    elif getattr(user, "membership", None) is not None:
        qs = qs.filter(
            Q(booked_by=user) | Q(process__request__sender=user),
            process__request__company_id=user.membership.company_id,
        )
    else:
        return []
    return list(
        qs.select_related(
            "booked_by",
            "process__request__company",
            "process__request__sender",
            "process__request__candidate__user",
        ).order_by("starts_at")
    )
