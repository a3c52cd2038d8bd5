"""The week views: the candidate's own week, and the free times a company
books from, in the viewer's time zone; a fixed number of queries each."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from overture.candidates.models import Candidate
from overture.interviews.models import InterviewProcess
from overture.scheduling.models import (
    Booking,
    BusyTime,
    DateOverride,
    setting,
)
from overture.scheduling.rules import SlotInputs, calendar_of, slot_inputs, slots_for, zone_of
from overture.scheduling.slots import open_intervals

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
    zone = zone_of(candidate)
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
