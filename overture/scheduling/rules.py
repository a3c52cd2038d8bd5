"""The scheduling rules in force for one calendar, and the slot inputs read
from the database in a fixed number of queries (one per table)."""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from overture.candidates.models import Candidate
from overture.scheduling.models import (
    Booking,
    BusyTime,
    Calendar,
    DateOverride,
    setting,
)
from overture.scheduling.slots import Availability, Busy, Rules, free_slots


def zone_of(candidate: Candidate) -> ZoneInfo:
    try:
        return ZoneInfo(candidate.user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def rules_for(calendar: Calendar) -> Rules:
    return Rules(
        buffer=calendar.buffer,
        notice=setting("NOTICE"),
        horizon=setting("HORIZON"),
        daily_cap=calendar.daily_cap,
        durations=tuple(setting("DURATIONS")),
        grid=setting("GRID"),
    )


def calendar_of(candidate: Candidate) -> Calendar:
    """The candidate's calendar, or the defaults (unsaved) if they never set one."""
    calendar = Calendar.objects.filter(candidate=candidate).first()
    if calendar is None:
        return Calendar(candidate=candidate)
    calendar.candidate = candidate  # already loaded, with its user
    return calendar


@dataclass(frozen=True)
class SlotInputs:
    """Everything free_slots() and problem_with() need for one window."""

    calendar: Calendar
    availability: Availability
    rules: Rules
    bookings: tuple[Busy, ...]
    events: tuple[Busy, ...]

    @property
    def zone(self) -> ZoneInfo:
        return self.availability.zone


def slot_inputs(
    calendar: Calendar,
    start: datetime,
    end: datetime,
    *,
    ignore_booking: Booking | None = None,
) -> SlotInputs:
    """Reads availability, overrides, bookings (every company's) and imported
    busy times that matter to slots starting in [start, end): three queries,
    none for a calendar that was never saved."""
    zone = zone_of(calendar.candidate)
    rules = rules_for(calendar)
    overrides: dict = {}
    bookings: list[Busy] = []
    events: list[Busy] = []
    if calendar.pk is not None:
        margin = timedelta(days=2)
        overrides = {
            override.date: override.day_hours()
            for override in DateOverride.objects.filter(
                calendar=calendar,
                date__gte=(start - margin).date(),
                date__lte=(end + margin).date(),
            )
        }
        rows = (
            Booking.objects.booked()
            .filter(calendar=calendar)
            .touching(start, end)
            .values_list("pk", "starts_at", "ends_at", "blocked_until")
        )
        ignored = ignore_booking.pk if ignore_booking is not None else None
        bookings = [Busy(s, e, b) for pk, s, e, b in rows if pk != ignored]
        busy = BusyTime.objects.filter(
            calendar=calendar,
            starts_at__lt=end + margin,
            ends_at__gt=start - margin,
        ).values_list("starts_at", "ends_at")
        events = [Busy(s, e, e + rules.buffer) for s, e in busy]
    availability = Availability(zone=zone, weekly=calendar.day_hours(), overrides=overrides)
    return SlotInputs(calendar, availability, rules, tuple(bookings), tuple(events))


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
