"""Properties over random calendars, through the database and the real
booking action: whatever the availability, bookings and time zones, no
offered slot touches a booking or its buffers, every slot lies inside the
candidate's hours, and booking any offered slot succeeds."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overture.scheduling import actions, queries
from overture.scheduling.models import Booking, Medium
from overture.scheduling.slots import Availability
from overture.scheduling.tests.conftest import LINK, T0
from overture.scheduling.tests.test_slots import ZONES, _inside_availability, day_hours

pytestmark = pytest.mark.django_db


class _Rollback(Exception):
    pass


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_offered_slot_can_be_booked_and_none_touches_a_booking(
    clock, candidate, process, other_process, recruiter, other_recruiter, data
):
    zone_name = data.draw(st.sampled_from(ZONES), label="zone")
    weekly = tuple(data.draw(day_hours(), label=f"day {i}") for i in range(7))
    buffer_minutes = data.draw(st.sampled_from([0, 5, 15, 30]), label="buffer")
    cap = data.draw(st.integers(1, 4), label="cap")
    minutes = data.draw(st.sampled_from([15, 30, 45, 60]), label="minutes")
    viewer = ZoneInfo(data.draw(st.sampled_from(ZONES), label="viewer"))
    try:
        with transaction.atomic():
            candidate.user.time_zone = zone_name
            candidate.user.save(update_fields=["time_zone"])
            calendar = actions.update_availability(
                candidate,
                by=candidate.user,
                weekly=weekly,
                daily_cap=cap,
                buffer_minutes=buffer_minutes,
            )
            # Other companies' interviews, booked under earlier hours: anywhere.
            taken: list[Booking] = []
            clear_from = T0
            for _ in range(data.draw(st.integers(0, 8), label="bookings")):
                gap = timedelta(minutes=15 * data.draw(st.integers(0, 96 * 3)))
                length = timedelta(minutes=data.draw(st.sampled_from([15, 30, 45, 60])))
                start = clear_from + gap
                taken.append(
                    Booking.objects.create(
                        process=other_process,
                        calendar=calendar,
                        starts_at=start,
                        ends_at=start + length,
                        blocked_until=start + length + calendar.buffer,
                        medium=Medium.PHONE,
                        booked_by=other_recruiter,
                    )
                )
                clear_from = start + length + calendar.buffer
            window_start = T0.astimezone(viewer)
            window_end = window_start + timedelta(days=data.draw(st.integers(1, 12)))
            offered = queries.free_slots_for(
                candidate, minutes=minutes, now=T0, start=window_start, end=window_end
            )
            availability = Availability(ZoneInfo(zone_name), calendar.day_hours())
            duration = timedelta(minutes=minutes)
            for slot in offered:
                for other in taken:
                    assert (
                        slot + duration + calendar.buffer <= other.starts_at
                        or slot >= other.blocked_until
                    )
                assert _inside_availability(availability, slot, slot + duration)
            if offered:
                choice = data.draw(st.sampled_from(offered), label="slot")
                booking = actions.book(
                    process,
                    by=recruiter,
                    starts_at=choice,
                    minutes=minutes,
                    details=actions.Details(Medium.VIDEO, LINK),
                )
                assert booking.starts_at == choice
            raise _Rollback
    except _Rollback:
        pass
