"""Free interview slots, computed from plain values: no models, no queries.

Availability is kept in the candidate's local wall-clock time and expanded
day by day with ``zoneinfo``, so a 09:00 start stays 09:00 local across a
daylight-saving change. Everything else is absolute (UTC) instants.

A slot of duration ``d`` starting at ``s`` is free when:

- it lies inside one stretch of availability (touching ranges join up);
- ``[s, s + d + buffer)`` overlaps nothing busy, where each booking blocks
  ``[start, clear_until)`` (its end plus the buffer it was booked with) and
  each imported busy event blocks its time plus the current buffer, so a
  buffer separates an interview from whatever comes before and after it;
- it starts at least ``notice`` from now and less than ``horizon`` ahead;
- it starts on the 15-minute grid (every time zone in use today is offset
  from UTC by whole quarter hours, so the UTC grid is the local grid);
- the candidate's local day holds fewer than ``daily_cap`` bookings.
"""

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from overture.scheduling.hours import DAY_MINUTES, DayHours

EPOCH = datetime(2000, 1, 3, tzinfo=UTC)  # a Monday, on every grid


@dataclass(frozen=True)
class Availability:
    zone: ZoneInfo
    weekly: tuple[DayHours, ...]  # seven entries, Monday first
    overrides: Mapping[date, DayHours] = field(default_factory=dict)

    def hours_on(self, day: date) -> DayHours:
        if day in self.overrides:
            return self.overrides[day]
        return self.weekly[day.weekday()]


@dataclass(frozen=True)
class Busy:
    """Something a new interview must keep clear of.

    ``clear_until`` is where the next interview may start: a booking's end
    plus the buffer it was booked with, or an imported event's end plus the
    current buffer.
    """

    start: datetime
    end: datetime
    clear_until: datetime


@dataclass(frozen=True)
class Rules:
    buffer: timedelta
    notice: timedelta
    horizon: timedelta
    daily_cap: int
    durations: tuple[int, ...]
    grid: timedelta = timedelta(minutes=15)


@dataclass(frozen=True)
class Problem:
    """Why a start time cannot be booked. ``conflict`` problems are about
    what others booked meanwhile; the rest are about the request itself."""

    code: str
    message: str
    conflict: bool = False


Interval = tuple[datetime, datetime]


def local_instant(zone: ZoneInfo, day: date, minute: int) -> datetime:
    """The UTC instant of ``minute`` after local midnight on ``day``.

    A wall time skipped by a spring-forward change resolves to the instant
    an hour later; a repeated one to its first occurrence (PEP 495 fold=0).
    """
    if minute >= DAY_MINUTES:
        day, minute = day + timedelta(days=1), minute - DAY_MINUTES
    wall = datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=zone)
    return wall.astimezone(UTC)


def local_date(instant: datetime, zone: ZoneInfo) -> date:
    return instant.astimezone(zone).date()


def local_days(start: datetime, end: datetime, zone: ZoneInfo) -> Iterator[date]:
    """Every local date that can hold availability touching [start, end)."""
    day = local_date(start, zone) - timedelta(days=1)
    last = local_date(end, zone) + timedelta(days=1)
    while day <= last:
        yield day
        day += timedelta(days=1)


def open_intervals(availability: Availability, start: datetime, end: datetime) -> list[Interval]:
    """Availability between ``start`` and ``end`` as sorted, merged UTC intervals."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    pieces: list[Interval] = []
    for day in local_days(start, end, availability.zone):
        for first, last in availability.hours_on(day):
            opens = local_instant(availability.zone, day, first)
            closes = local_instant(availability.zone, day, last)
            if opens < closes and closes > start and opens < end:
                pieces.append((opens, closes))
    pieces.sort()
    merged: list[Interval] = []
    for opens, closes in pieces:
        if merged and opens <= merged[-1][1]:
            if closes > merged[-1][1]:
                merged[-1] = (merged[-1][0], closes)
        else:
            merged.append((opens, closes))
    return merged


def ceil_to_grid(instant: datetime, grid: timedelta) -> datetime:
    remainder = (instant - EPOCH) % grid
    return instant if not remainder else instant + (grid - remainder)


def on_grid(instant: datetime, grid: timedelta) -> bool:
    return not (instant - EPOCH) % grid


def day_counts(bookings: Sequence[Busy], zone: ZoneInfo) -> dict[date, int]:
    """How many bookings each of the candidate's local days holds."""
    counts: dict[date, int] = {}
    for booking in bookings:
        day = local_date(booking.start, zone)
        counts[day] = counts.get(day, 0) + 1
    return counts


def _blocked_starts(busy: Sequence[Busy], duration: timedelta, buffer: timedelta) -> list[Interval]:
    """Starts s that clash with something busy, as merged open intervals
    (lo, hi): s clashes when lo < s < hi."""
    spans = sorted((item.start - duration - buffer, item.clear_until) for item in busy)
    merged: list[Interval] = []
    for lo, hi in spans:
        if merged and lo < merged[-1][1]:
            if hi > merged[-1][1]:
                merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged


def free_slots(
    availability: Availability,
    rules: Rules,
    *,
    duration: timedelta,
    now: datetime,
    start: datetime,
    end: datetime,
    bookings: Sequence[Busy] = (),
    events: Sequence[Busy] = (),
) -> list[datetime]:
    """Start instants (UTC, ascending) of free slots that start in [start, end)."""
    # Instants in a zone with daylight saving add timedeltas by wall clock:
    # every computation below is in UTC.
    start, end, now = start.astimezone(UTC), end.astimezone(UTC), now.astimezone(UTC)
    earliest = ceil_to_grid(max(start, now + rules.notice), rules.grid)
    latest = min(end, now + rules.horizon)  # exclusive
    if earliest >= latest:
        return []
    zone = availability.zone
    blocked = _blocked_starts([*bookings, *events], duration, rules.buffer)
    counts = day_counts(bookings, zone)
    full_days = {day for day, count in counts.items() if count >= rules.daily_cap}
    slots: list[datetime] = []
    i = 0
    for opens, closes in open_intervals(availability, earliest, latest + duration):
        slot = ceil_to_grid(max(opens, earliest), rules.grid)
        while slot + duration <= closes and slot < latest:
            while i < len(blocked) and blocked[i][1] <= slot:
                i += 1
            if i < len(blocked) and blocked[i][0] < slot:
                # Jump past the clash instead of stepping through it.
                slot = ceil_to_grid(blocked[i][1], rules.grid)
                continue
            if not full_days or local_date(slot, zone) not in full_days:
                slots.append(slot)
            slot += rules.grid
    return slots


def _clashes(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    return a_start < b_end and b_start < a_end


def _durations_text(durations: Sequence[int]) -> str:
    words = [str(d) for d in durations]
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} or {words[-1]}"


def problem_with(
    availability: Availability,
    rules: Rules,
    *,
    starts_at: datetime,
    duration: timedelta,
    now: datetime,
    bookings: Sequence[Busy] = (),
    events: Sequence[Busy] = (),
) -> Problem | None:
    """The first rule a proposed interview breaks, or None when it may be booked.

    The same rules as free_slots(), one at a time, so the refusal can say which.
    """
    starts_at, now = starts_at.astimezone(UTC), now.astimezone(UTC)
    minutes = int(duration.total_seconds() // 60)
    if duration != timedelta(minutes=minutes) or minutes not in rules.durations:
        return Problem(
            "duration",
            f"Interviews last {_durations_text(rules.durations)} minutes; "
            f"{duration.total_seconds() / 60:g} minutes is not one of them.",
        )
    if starts_at <= now:
        return Problem("past", "That time has already passed. Choose a time in the future.")
    if not on_grid(starts_at, rules.grid):
        grid = int(rules.grid.total_seconds() // 60)
        return Problem(
            "grid",
            f"Interviews start on a {grid}-minute grid (:00, :15, :30 or :45). "
            "Choose one of the times offered.",
        )
    if starts_at < now + rules.notice:
        hours = rules.notice.total_seconds() / 3600
        return Problem(
            "notice",
            f"Interviews need at least {hours:g} hours' notice. Choose a later time.",
        )
    if starts_at >= now + rules.horizon:
        return Problem(
            "horizon",
            f"Interviews can be booked at most {rules.horizon.days} days ahead. "
            "Choose an earlier time.",
        )
    ends_at = starts_at + duration
    inside = any(
        opens <= starts_at and ends_at <= closes
        for opens, closes in open_intervals(availability, starts_at, ends_at)
    )
    if not inside:
        return Problem(
            "availability",
            "That time is outside the candidate's available hours. "
            "Choose one of the times offered.",
        )
    busy = [*bookings, *events]
    if any(_clashes(starts_at, ends_at, item.start, item.end) for item in busy):
        return Problem(
            "taken",
            "That time is no longer available: the candidate is busy then. Choose another time.",
            conflict=True,
        )
    clear_until = ends_at + rules.buffer
    if any(_clashes(starts_at, clear_until, item.start, item.clear_until) for item in busy):
        buffer = int(rules.buffer.total_seconds() // 60)
        return Problem(
            "buffer",
            f"That time is no longer available: the candidate keeps {buffer} minutes "
            "free between interviews. Choose another time.",
            conflict=True,
        )
    day = local_date(starts_at, availability.zone)
    if day_counts(bookings, availability.zone).get(day, 0) >= rules.daily_cap:
        return Problem(
            "cap",
            f"That day is no longer available: the candidate takes at most "
            f"{rules.daily_cap} interviews a day. Choose another day.",
            conflict=True,
        )
    return None
