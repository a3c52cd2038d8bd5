"""Free slots from plain values: time zones, daylight saving, overrides,
buffers, notice, horizon and the daily cap. No database."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overture.scheduling.hours import HoursError, parse_hours
from overture.scheduling.slots import (
    Availability,
    Busy,
    Rules,
    free_slots,
    local_instant,
    problem_with,
)

RULES = Rules(
    buffer=timedelta(minutes=15),
    notice=timedelta(hours=12),
    horizon=timedelta(days=30),
    daily_cap=3,
    durations=(15, 30, 45, 60),
)
NEW_YORK = ZoneInfo("America/New_York")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TOKYO = ZoneInfo("Asia/Tokyo")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def weekdays(text: str) -> tuple:
    day = parse_hours(text)
    return (day,) * 5 + ((), ())


def every_day(text: str) -> tuple:
    return (parse_hours(text),) * 7


def slots(availability, *, now, start, end, minutes=30, bookings=(), events=(), rules=RULES):
    return free_slots(
        availability,
        rules,
        duration=timedelta(minutes=minutes),
        now=now,
        start=start,
        end=end,
        bookings=bookings,
        events=events,
    )


def booking(start: datetime, minutes: int = 30, buffer: int = 15) -> Busy:
    end = start + timedelta(minutes=minutes)
    return Busy(start, end, end + timedelta(minutes=buffer))


def test_it_reads_hours_as_people_write_them():
    assert parse_hours("9-12, 13:00–17:30") == ((540, 720), (780, 1050))
    assert parse_hours("") == ()
    assert parse_hours("22:00-24:00") == ((1320, 1440),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9:10-12", "quarter hour"),
        ("12-9", "ends before it starts"),
        ("9-12, 11-13", "overlaps"),
        ("soon", "not a range"),
        ("25:00-26:00", "not a time of day"),
    ],
)
def test_it_explains_hours_it_cannot_use(text, message):
    with pytest.raises(HoursError, match=message):
        parse_hours(text)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # Friday before and Monday after the US spring-forward (Sunday 8 March 2026).
        (date(2026, 3, 6), date(2026, 3, 9)),
        # Friday before and Monday after the fall-back (Sunday 1 November 2026).
        (date(2026, 10, 30), date(2026, 11, 2)),
    ],
)
def test_a_new_york_morning_starts_at_nine_local_on_both_sides_of_the_change(before, after):
    availability = Availability(NEW_YORK, weekdays("09:00-12:00"))
    now = datetime(before.year, before.month, before.day, tzinfo=UTC) - timedelta(days=3)
    found = slots(availability, now=now, start=now, end=now + timedelta(days=10), minutes=60)
    firsts: dict[date, datetime] = {}
    for instant in found:
        local = instant.astimezone(NEW_YORK)
        firsts.setdefault(local.date(), local)
    assert firsts[before].time().isoformat() == "09:00:00"
    assert firsts[after].time().isoformat() == "09:00:00"
    # ...which are different UTC hours: the offset changed in between.
    assert firsts[before].astimezone(UTC).hour != firsts[after].astimezone(UTC).hour
    assert {s.astimezone(NEW_YORK).hour for s in found} == {9, 10, 11}


def test_an_afternoon_on_the_day_of_the_march_change_is_17z_to_22z():
    change_day = date(2026, 3, 8)
    availability = Availability(
        NEW_YORK, weekdays("09:00-12:00"), {change_day: parse_hours("13:00-18:00")}
    )
    now = utc(2026, 3, 1)
    found = slots(availability, now=now, start=utc(2026, 3, 8), end=utc(2026, 3, 9), minutes=15)
    assert found[0] == utc(2026, 3, 8, 17)
    assert found[-1] + timedelta(minutes=15) == utc(2026, 3, 8, 22)
    assert len(found) == 5 * 4


def test_local_midnight_ranges_cross_the_change_by_wall_clock():
    # 01:00-04:00 on the spring-forward day is two real hours long.
    assert local_instant(NEW_YORK, date(2026, 3, 8), 60) == utc(2026, 3, 8, 6)
    assert local_instant(NEW_YORK, date(2026, 3, 8), 240) == utc(2026, 3, 8, 8)
    assert local_instant(NEW_YORK, date(2026, 3, 8), 1440) == utc(2026, 3, 9, 4)


def test_a_one_saturday_override_in_amsterdam_changes_only_that_saturday():
    weekly = (parse_hours("09:00-17:00"),) * 5 + (parse_hours("10:00-12:00"), ())
    override_day = date(2026, 3, 14)
    plain = Availability(AMSTERDAM, weekly)
    special = Availability(AMSTERDAM, weekly, {override_day: parse_hours("14:00-15:00")})
    now = utc(2026, 3, 2)
    window = {"now": now, "start": now, "end": now + timedelta(days=25)}
    before, after = slots(plain, **window), slots(special, **window)

    def on(found, day):
        return [s for s in found if s.astimezone(AMSTERDAM).date() == day]

    assert [s.astimezone(AMSTERDAM).strftime("%H:%M") for s in on(after, override_day)] == [
        "14:00",
        "14:15",
        "14:30",
    ]
    assert [s for s in before if s not in on(before, override_day)] == [
        s for s in after if s not in on(after, override_day)
    ]
    # The other Saturdays keep their 10:00-12:00.
    for saturday in (date(2026, 3, 7), date(2026, 3, 21)):
        assert on(after, saturday)[0].astimezone(AMSTERDAM).strftime("%H:%M") == "10:00"


def test_a_day_off_override_offers_nothing_that_day():
    day_off = date(2026, 3, 10)
    availability = Availability(AMSTERDAM, weekdays("09:00-17:00"), {day_off: ()})
    now = utc(2026, 3, 2)
    found = slots(availability, now=now, start=now, end=now + timedelta(days=14))
    assert not [s for s in found if s.astimezone(AMSTERDAM).date() == day_off]
    assert [s for s in found if s.astimezone(AMSTERDAM).date() == date(2026, 3, 11)]


def test_slots_keep_the_buffer_on_both_sides_of_a_booking():
    availability = Availability(ZoneInfo("UTC"), every_day("09:00-13:00"))
    now = utc(2026, 3, 1)
    taken = booking(utc(2026, 3, 3, 11), minutes=30)
    found = slots(
        availability,
        now=now,
        start=utc(2026, 3, 3),
        end=utc(2026, 3, 4),
        minutes=30,
        bookings=[taken],
    )
    times = [s.strftime("%H:%M") for s in found]
    # 10:15-10:45 leaves 15 minutes before 11:00; 11:45 is 15 minutes after 11:30.
    assert "10:15" in times and "10:30" not in times and "10:45" not in times
    assert "11:30" not in times and "11:45" in times


def test_slots_avoid_imported_busy_times_and_their_buffer():
    availability = Availability(ZoneInfo("UTC"), every_day("09:00-12:00"))
    now = utc(2026, 3, 1)
    busy = Busy(utc(2026, 3, 3, 10), utc(2026, 3, 3, 10, 30), utc(2026, 3, 3, 10, 45))
    found = slots(
        availability, now=now, start=utc(2026, 3, 3), end=utc(2026, 3, 4), minutes=15, events=[busy]
    )
    times = [s.strftime("%H:%M") for s in found]
    assert times == ["09:00", "09:15", "09:30", "10:45", "11:00", "11:15", "11:30", "11:45"]


def test_slots_respect_notice_and_horizon():
    availability = Availability(ZoneInfo("UTC"), every_day("00:00-24:00"))
    now = utc(2026, 3, 1, 8, 7)
    found = slots(
        availability,
        now=now,
        start=now - timedelta(days=1),
        end=now + timedelta(days=40),
        minutes=60,
    )
    assert found[0] == utc(2026, 3, 1, 20, 15)  # 12 hours on, up to the next quarter hour
    assert found[-1] < now + timedelta(days=30)
    assert found[-1] >= now + timedelta(days=30) - timedelta(minutes=15)


def test_the_cap_counts_the_candidates_local_day():
    # Tokyo is UTC+9: Tuesday 10 March in Tokyo runs 9 March 15:00Z - 10 March 15:00Z.
    availability = Availability(TOKYO, every_day("00:00-24:00"))
    now = utc(2026, 3, 1)
    tuesday = [
        booking(utc(2026, 3, 9, 16)),
        booking(utc(2026, 3, 10, 2)),
        booking(utc(2026, 3, 10, 14)),
    ]
    found = slots(
        availability, now=now, start=utc(2026, 3, 9), end=utc(2026, 3, 12), bookings=tuesday
    )
    days = {s.astimezone(TOKYO).date() for s in found}
    assert date(2026, 3, 10) not in days
    # The same UTC date, 10 March after 15:00Z, is Wednesday in Tokyo: still open.
    assert date(2026, 3, 11) in days
    assert any(s.date() == date(2026, 3, 10) and s.hour >= 15 for s in found)
    problem = problem_with(
        availability,
        RULES,
        starts_at=utc(2026, 3, 10, 6),
        duration=timedelta(minutes=30),
        now=now,
        bookings=tuesday,
    )
    assert problem is not None and problem.code == "cap"
    assert (
        problem_with(
            availability,
            RULES,
            starts_at=utc(2026, 3, 10, 16),
            duration=timedelta(minutes=30),
            now=now,
            bookings=tuesday,
        )
        is None
    )


@pytest.mark.parametrize(
    ("start", "minutes", "code"),
    [
        (utc(2026, 3, 3, 10, 5), 30, "grid"),
        (utc(2026, 3, 3, 10), 20, "duration"),
        (utc(2026, 3, 1, 18), 30, "notice"),
        (utc(2026, 2, 27, 10), 30, "past"),
        (utc(2026, 4, 1, 10), 30, "horizon"),
        (utc(2026, 3, 3, 7), 30, "availability"),
        (utc(2026, 3, 3, 11, 15), 30, "taken"),
        (utc(2026, 3, 3, 10, 30), 30, "buffer"),
        (utc(2026, 3, 3, 11, 30), 30, "buffer"),
        (utc(2026, 3, 3, 11, 45), 60, None),
    ],
)
def test_it_names_the_rule_a_start_breaks(start, minutes, code):
    availability = Availability(ZoneInfo("UTC"), every_day("09:00-17:00"))
    taken = [booking(utc(2026, 3, 3, 11), minutes=30)]
    problem = problem_with(
        availability,
        RULES,
        starts_at=start,
        duration=timedelta(minutes=minutes),
        now=utc(2026, 3, 1, 12),
        bookings=taken,
    )
    if code is None:
        assert problem is None
    else:
        assert problem is not None
        assert problem.code == code
        assert problem.message


def test_it_finds_no_problem_with_an_offered_slot():
    availability = Availability(ZoneInfo("UTC"), every_day("09:00-17:00"))
    now = utc(2026, 3, 1, 12)
    for start in slots(availability, now=now, start=now, end=now + timedelta(days=3)):
        assert (
            problem_with(
                availability, RULES, starts_at=start, duration=timedelta(minutes=30), now=now
            )
            is None
        )


# ---------------------------------------------------------------- properties

ZONES = [
    "UTC",
    "America/New_York",
    "Europe/Amsterdam",
    "Asia/Kathmandu",
    "Pacific/Kiritimati",
    "Etc/GMT+12",
    "Australia/Lord_Howe",
    "America/St_Johns",
    "Asia/Tokyo",
]


@st.composite
def day_hours(draw):
    marks = sorted(draw(st.sets(st.integers(0, 96), max_size=6)))
    ranges = [(a * 15, b * 15) for a, b in zip(marks[::2], marks[1::2], strict=False) if b > a]
    return tuple(ranges)


@st.composite
def scenarios(draw):
    zone = ZoneInfo(draw(st.sampled_from(ZONES)))
    weekly = tuple(draw(day_hours()) for _ in range(7))
    now = utc(2026, 1, 1) + timedelta(minutes=draw(st.integers(0, 365 * 24 * 60)))
    overrides = {
        (now + timedelta(days=draw(st.integers(0, 30)))).date(): draw(day_hours())
        for _ in range(draw(st.integers(0, 3)))
    }
    busy = []
    for _ in range(draw(st.integers(0, 12))):
        start = now + timedelta(minutes=5 * draw(st.integers(0, 12 * 24 * 8)))
        length = timedelta(minutes=5 * draw(st.integers(1, 36)))
        busy.append(Busy(start, start + length, start + length + RULES.buffer))
    minutes = draw(st.sampled_from(RULES.durations))
    # The window is often a viewer's local week: an aware datetime in another zone.
    viewer = ZoneInfo(draw(st.sampled_from(ZONES)))
    return Availability(zone, weekly, overrides), now.astimezone(viewer), busy, minutes


def _inside_availability(availability: Availability, start: datetime, end: datetime) -> bool:
    """Independent check: every quarter hour of the slot lies inside a range
    of its own local date (or the day before's, for ranges ending at 24:00),
    with the range's wall times turned into instants by Python's own
    wall-clock arithmetic on aware datetimes."""
    zone = availability.zone
    t = start
    while t < end:
        local = t.astimezone(zone).date()
        covered = False
        for day in (local - timedelta(days=1), local):
            midnight = datetime(day.year, day.month, day.day, tzinfo=zone)
            for first, last in availability.hours_on(day):
                opens = (midnight + timedelta(minutes=first)).astimezone(UTC)
                closes = (midnight + timedelta(minutes=last)).astimezone(UTC)
                covered = covered or (opens <= t and t + timedelta(minutes=15) <= closes)
        if not covered:
            return False
        t += timedelta(minutes=15)
    return True


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_no_offered_slot_touches_a_booking_or_its_buffers(scenario):
    availability, now, busy, minutes = scenario
    duration = timedelta(minutes=minutes)
    found = slots(
        availability,
        now=now,
        start=now,
        end=now + timedelta(days=9),
        minutes=minutes,
        bookings=busy,
    )
    for start in found:
        assert start.utcoffset() == timedelta(0)
        end = start + duration
        for item in busy:
            assert end + RULES.buffer <= item.start or start >= item.end + RULES.buffer
        assert start >= now + RULES.notice
        assert start.minute % 15 == 0 and start.second == 0


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_every_offered_slot_lies_inside_availability(scenario):
    availability, now, busy, minutes = scenario
    found = slots(
        availability,
        now=now,
        start=now,
        end=now + timedelta(days=9),
        minutes=minutes,
        bookings=busy,
    )
    for start in found:
        assert _inside_availability(availability, start, start + timedelta(minutes=minutes))
        assert (
            problem_with(
                availability,
                RULES,
                starts_at=start,
                duration=timedelta(minutes=minutes),
                now=now,
                bookings=busy,
            )
            is None
        )
