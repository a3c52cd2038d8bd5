from datetime import timedelta

import pytest

from overture.interviews.actions import end_process
from overture.lib.errors import Reason, Refused
from overture.notifications.models import Notice
from overture.scheduling import actions
from overture.scheduling.hours import parse_hours
from overture.scheduling.models import Booking, BookingChange, BookingStatus, Medium
from overture.scheduling.tests.conftest import LINK, T0, utc

pytestmark = pytest.mark.django_db

TUESDAY_9_BERLIN = utc(2026, 3, 3, 8)  # Berlin is UTC+1 until 29 March


def counts() -> tuple[int, int, int]:
    return Booking.objects.count(), BookingChange.objects.count(), Notice.objects.count()


def test_it_books_a_free_time_and_tells_both_sides(clock, process, book_at, candidate, recruiter):
    booking = book_at(process, TUESDAY_9_BERLIN, minutes=45, note="Bring questions.")
    assert booking.starts_at == TUESDAY_9_BERLIN
    assert booking.ends_at == TUESDAY_9_BERLIN + timedelta(minutes=45)
    assert booking.blocked_until == booking.ends_at + timedelta(minutes=15)
    assert booking.sequence == 0
    assert booking.status == BookingStatus.BOOKED
    assert [c.kind for c in booking.changes.all()] == ["booked"]
    notices = Notice.objects.filter(subject_id=booking.pk)
    assert {n.recipient for n in notices} == {candidate.user, recruiter}
    assert {n.kind for n in notices} == {"booking_booked"}
    assert {n.dedupe_key for n in notices} == {f"booking:{booking.pk}:seq:0"}


def test_several_rounds_fit_in_one_process(clock, process, book_at):
    book_at(process, TUESDAY_9_BERLIN)
    book_at(process, TUESDAY_9_BERLIN + timedelta(days=1))
    book_at(process, TUESDAY_9_BERLIN + timedelta(hours=2))
    assert process.bookings.count() == 3


@pytest.mark.parametrize(
    ("start", "minutes", "message"),
    [
        (TUESDAY_9_BERLIN + timedelta(minutes=5), 30, "15-minute grid"),
        (TUESDAY_9_BERLIN, 25, "Interviews last 15, 30, 45 or 60 minutes"),
        (T0 + timedelta(hours=11, minutes=45), 30, "12 hours' notice"),
        (T0 - timedelta(hours=1), 30, "already passed"),
        (T0 + timedelta(days=30, hours=1), 30, "at most 30 days ahead"),
        (utc(2026, 3, 7, 10), 30, "outside the candidate's available hours"),
    ],
)
def test_it_refuses_times_that_break_a_rule_and_writes_nothing(
    clock, process, book_at, start, minutes, message
):
    before = counts()
    with pytest.raises(Refused, match=message) as refused:
        book_at(process, start, minutes=minutes)
    assert refused.value.reason == Reason.INVALID
    assert counts() == before


@pytest.mark.parametrize(
    ("offset", "message"),
    [
        (timedelta(minutes=15), "no longer available: the candidate is busy"),
        (timedelta(minutes=-30), "keeps 15 minutes free"),  # ends right when the other starts
        (timedelta(minutes=30), "keeps 15 minutes free"),  # starts right when it ends
        (timedelta(minutes=-45), None),  # 15 minutes before: fine
        (timedelta(minutes=45), None),  # 15 minutes after: fine
    ],
)
def test_it_keeps_the_buffer_on_both_sides_even_across_companies(
    clock, process, other_process, book_at, other_recruiter, offset, message
):
    book_at(other_process, TUESDAY_9_BERLIN + timedelta(hours=2), by=other_recruiter)
    start = TUESDAY_9_BERLIN + timedelta(hours=2) + offset
    if message is None:
        assert book_at(process, start).starts_at == start
        return
    before = counts()
    with pytest.raises(Refused, match=message) as refused:
        book_at(process, start)
    assert refused.value.reason == Reason.CONFLICT
    assert counts() == before


def test_it_refuses_a_fourth_interview_on_one_local_day(
    clock, process, other_process, book_at, other_recruiter
):
    book_at(process, TUESDAY_9_BERLIN)
    book_at(other_process, TUESDAY_9_BERLIN + timedelta(hours=2), by=other_recruiter)
    book_at(process, TUESDAY_9_BERLIN + timedelta(hours=4))
    before = counts()
    with pytest.raises(Refused, match="at most 3 interviews a day"):
        book_at(process, TUESDAY_9_BERLIN + timedelta(hours=6))
    assert counts() == before
    book_at(process, TUESDAY_9_BERLIN + timedelta(days=1))  # Wednesday is fine


def test_it_refuses_a_process_that_is_not_active(clock, process, book_at, recruiter):
    end_process(process, by=recruiter, reason="Role filled.")
    before = counts()
    with pytest.raises(Refused, match="has ended"):
        book_at(process, TUESDAY_9_BERLIN)
    assert counts() == before


def test_it_refuses_another_companys_process(clock, process, book_at, other_recruiter):
    before = counts()
    with pytest.raises(Refused, match="Only members of the company") as refused:
        book_at(process, TUESDAY_9_BERLIN, by=other_recruiter)
    assert refused.value.reason == Reason.FORBIDDEN
    assert counts() == before


def test_candidates_do_not_book_themselves(clock, process, book_at, candidate):
    with pytest.raises(Refused, match="Only members"):
        book_at(process, TUESDAY_9_BERLIN, by=candidate.user)


@pytest.mark.parametrize(
    ("medium", "location", "message"),
    [
        (Medium.VIDEO, "", "link to the video call"),
        (Medium.VIDEO, "meet.example.com", "link to the video call"),
        (Medium.ONSITE, "  ", "address"),
        ("carrier-pigeon", "", "phone call, a video call or on-site"),
    ],
)
def test_it_refuses_incomplete_details(clock, process, book_at, medium, location, message):
    with pytest.raises(Refused, match=message):
        book_at(process, TUESDAY_9_BERLIN, medium=medium, location=location)
    assert not Booking.objects.exists()


def test_a_phone_call_needs_no_location(clock, process, book_at):
    assert book_at(process, TUESDAY_9_BERLIN, medium=Medium.PHONE, location="").pk


def test_it_reschedules_keeping_the_uid_and_raising_the_sequence(
    clock, process, book_at, candidate
):
    booking = book_at(process, TUESDAY_9_BERLIN)
    uid = booking.uid
    # Moving by 15 minutes overlaps the old time: the booking never blocks itself.
    moved = actions.reschedule(
        booking,
        by=candidate.user,
        starts_at=TUESDAY_9_BERLIN + timedelta(minutes=15),
        message="A little later, please.",
    )
    again = actions.reschedule(
        moved, by=candidate.user, starts_at=TUESDAY_9_BERLIN + timedelta(days=1)
    )
    assert again.uid == uid
    assert again.sequence == 2
    assert again.ends_at - again.starts_at == timedelta(minutes=30)
    changes = list(again.changes.order_by("sequence"))
    assert [(c.sequence, c.kind) for c in changes] == [
        (0, "booked"),
        (1, "rescheduled"),
        (2, "rescheduled"),
    ]
    assert changes[1].previous_starts_at == TUESDAY_9_BERLIN
    assert changes[1].message == "A little later, please."
    keys = set(Notice.objects.filter(subject_id=booking.pk).values_list("dedupe_key", flat=True))
    assert keys == {f"booking:{booking.pk}:seq:{n}" for n in (0, 1, 2)}


def test_reschedule_re_checks_every_rule(
    clock, process, other_process, book_at, other_recruiter, candidate
):
    booking = book_at(process, TUESDAY_9_BERLIN)
    book_at(other_process, TUESDAY_9_BERLIN + timedelta(hours=2), by=other_recruiter)
    for start, message in [
        (TUESDAY_9_BERLIN + timedelta(hours=2, minutes=30), "keeps 15 minutes free"),
        (TUESDAY_9_BERLIN + timedelta(minutes=10), "grid"),
        (TUESDAY_9_BERLIN, "already booked"),
        (T0 + timedelta(hours=1), "notice"),
    ]:
        with pytest.raises(Refused, match=message):
            actions.reschedule(booking, by=candidate.user, starts_at=start)
    booking.refresh_from_db()
    assert booking.sequence == 0 and booking.starts_at == TUESDAY_9_BERLIN


def test_a_stale_form_cannot_overwrite_a_newer_change(
    clock, process, book_at, recruiter, candidate
):
    booking = book_at(process, TUESDAY_9_BERLIN)
    actions.reschedule(booking, by=candidate.user, starts_at=TUESDAY_9_BERLIN + timedelta(hours=1))
    with pytest.raises(Refused, match="changed meanwhile"):
        actions.cancel(booking, by=recruiter, expected_sequence=0)
    booking.refresh_from_db()
    assert booking.is_booked


def test_either_side_cancels_and_the_time_is_free_again(
    clock, process, other_process, book_at, recruiter, other_recruiter, candidate
):
    booking = book_at(process, TUESDAY_9_BERLIN)
    cancelled = actions.cancel(booking, by=candidate.user, reason="Something came up.")
    assert cancelled.status == BookingStatus.CANCELLED
    assert cancelled.sequence == 1
    assert cancelled.cancelled_by == candidate.user
    assert Notice.objects.filter(kind="booking_cancelled", subject_id=booking.pk).count() == 2
    # The same time can now be booked by anyone.
    book_at(other_process, TUESDAY_9_BERLIN, by=other_recruiter)
    with pytest.raises(Refused, match="cancelled"):
        actions.cancel(booking, by=recruiter)
    with pytest.raises(Refused, match="cancelled"):
        actions.reschedule(booking, by=recruiter, starts_at=TUESDAY_9_BERLIN + timedelta(days=1))


def test_outsiders_cannot_change_a_booking(
    clock, process, book_at, other_recruiter, other_candidate
):
    booking = book_at(process, TUESDAY_9_BERLIN)
    for outsider in (other_recruiter, other_candidate.user):
        with pytest.raises(Refused) as refused:
            actions.cancel(booking, by=outsider)
        assert refused.value.reason == Reason.FORBIDDEN
        with pytest.raises(Refused):
            actions.reschedule(booking, by=outsider, starts_at=TUESDAY_9_BERLIN + timedelta(days=1))


def test_a_past_interview_cannot_be_changed(clock, process, book_at, recruiter):
    booking = book_at(process, TUESDAY_9_BERLIN)
    clock.move_to(TUESDAY_9_BERLIN + timedelta(minutes=1))
    with pytest.raises(Refused, match="already started"):
        actions.cancel(booking, by=recruiter)


def test_ending_a_process_cancels_only_its_future_interviews(
    clock, process, other_process, book_at, recruiter, other_recruiter, candidate
):
    past = book_at(process, TUESDAY_9_BERLIN)
    future = book_at(process, TUESDAY_9_BERLIN + timedelta(days=2))
    theirs = book_at(other_process, TUESDAY_9_BERLIN + timedelta(days=3), by=other_recruiter)
    clock.move_to(TUESDAY_9_BERLIN + timedelta(hours=2))
    end_process(process, by=candidate.user, reason="I took another offer.")
    past.refresh_from_db()
    future.refresh_from_db()
    theirs.refresh_from_db()
    assert past.status == BookingStatus.BOOKED
    assert future.status == BookingStatus.CANCELLED
    assert future.sequence == 1
    assert future.cancel_reason == "The interview process ended."
    assert theirs.status == BookingStatus.BOOKED
    recipients = set(
        Notice.objects.filter(kind="booking_cancelled").values_list("recipient__email", flat=True)
    )
    assert recipients == {candidate.user.email, recruiter.email}


def test_the_candidate_sets_hours_cap_and_buffer(clock, candidate, process, book_at):
    week = (parse_hours("10:00-12:00"),) * 5 + ((), ())
    actions.update_availability(
        candidate, by=candidate.user, weekly=week, daily_cap=1, buffer_minutes=30
    )
    with pytest.raises(Refused, match="available hours"):
        book_at(process, TUESDAY_9_BERLIN)  # 09:00 Berlin is no longer offered
    booking = book_at(process, TUESDAY_9_BERLIN + timedelta(hours=1))
    assert booking.blocked_until == booking.ends_at + timedelta(minutes=30)
    with pytest.raises(Refused, match="at most 1 interviews a day"):
        book_at(process, TUESDAY_9_BERLIN + timedelta(hours=2))


def test_only_the_candidate_changes_their_hours(clock, candidate, recruiter, other_candidate):
    with pytest.raises(Refused) as refused:
        actions.update_availability(
            candidate, by=recruiter, weekly=((),) * 7, daily_cap=3, buffer_minutes=15
        )
    assert refused.value.reason == Reason.FORBIDDEN
    with pytest.raises(Refused):
        actions.set_override(candidate, by=other_candidate.user, day=T0.date(), day_hours=())


def test_an_override_replaces_the_weekly_hours_for_one_date(clock, candidate, process, book_at):
    actions.set_override(candidate, by=candidate.user, day=TUESDAY_9_BERLIN.date(), day_hours=())
    with pytest.raises(Refused, match="available hours"):
        book_at(process, TUESDAY_9_BERLIN)
    override = actions.set_override(
        candidate,
        by=candidate.user,
        day=TUESDAY_9_BERLIN.date(),
        day_hours=parse_hours("18:00-20:00"),
    )
    assert override.describe() == "18:00–20:00"
    book_at(process, utc(2026, 3, 3, 17))  # 18:00 Berlin
    actions.remove_override(override, by=candidate.user)
    book_at(process, TUESDAY_9_BERLIN)


def test_it_refuses_overrides_in_the_past(clock, candidate):
    with pytest.raises(Refused, match="passed"):
        actions.set_override(
            candidate, by=candidate.user, day=T0.date() - timedelta(days=1), day_hours=()
        )


def test_the_booking_link_in_a_note_is_kept_as_given(clock, process, book_at):
    booking = book_at(process, TUESDAY_9_BERLIN, location=f"  {LINK}  ")
    assert booking.location == LINK
