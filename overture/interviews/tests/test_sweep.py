"""The sweep under a controlled clock: expiry at exactly 14 days, reminders at
72 and 24 hours sent once however often it runs, the 48-hour booking nudge."""

from datetime import timedelta

import pytest
from django.core import mail

from overture.conftest import T0
from overture.interviews.actions import accept_request, decline_request, end_process, reopen
from overture.interviews.models import Event, EventKind, InterviewRequest, Status
from overture.interviews.sweep import sweep
from overture.interviews.tasks import sweep as sweep_task
from overture.notifications.models import Notice, NoticeKind

pytestmark = pytest.mark.django_db

REMINDERS = [NoticeKind.REMINDER_72H, NoticeKind.REMINDER_24H]


def kinds(request: InterviewRequest, *only: str) -> list[tuple[str, str]]:
    notices = Notice.objects.filter(request=request).select_related("recipient")
    if only:
        notices = notices.filter(kind__in=only)
    return sorted((n.kind, n.recipient.email) for n in notices)


def test_it_leaves_a_request_pending_one_second_before_its_deadline(clock, send, candidate):
    request = send(candidate)
    clock.move_to(request.expires_at - timedelta(seconds=1))
    assert sweep().expired == 0
    request.refresh_from_db()
    assert request.status == Status.PENDING
    assert not Event.objects.filter(request=request, kind=EventKind.EXPIRED).exists()


def test_it_expires_a_request_at_exactly_14_days(clock, send, candidate, recruiter):
    request = send(candidate)
    assert request.expires_at == T0 + timedelta(days=14)
    clock.move_to(request.expires_at)
    assert sweep().expired == 1
    request.refresh_from_db()
    assert request.status == Status.EXPIRED
    event = Event.objects.get(request=request, kind=EventKind.EXPIRED)
    assert (event.actor, event.at, event.from_state, event.to_state) == (
        None,
        request.expires_at,
        Status.PENDING,
        Status.EXPIRED,
    )
    assert kinds(request, NoticeKind.REQUEST_EXPIRED) == [
        (NoticeKind.REQUEST_EXPIRED, candidate.user.email),
        (NoticeKind.REQUEST_EXPIRED, recruiter.email),
    ]
    assert set(
        Notice.objects.filter(kind=NoticeKind.REQUEST_EXPIRED).values_list("event", flat=True)
    ) == {event.pk}


def test_it_records_each_expiry_once_however_often_it_runs(clock, send, candidate):
    request = send(candidate)
    clock.move_to(request.expires_at + timedelta(hours=3))
    assert [sweep().expired for _ in range(3)] == [1, 0, 0]
    assert Event.objects.filter(request=request, kind=EventKind.EXPIRED).count() == 1
    assert Notice.objects.filter(request=request, kind=NoticeKind.REQUEST_EXPIRED).count() == 2


def test_it_emails_both_sides_that_the_request_was_automatically_declined(
    clock, send, candidate, recruiter, deliver
):
    request = send(candidate)
    clock.move_to(request.expires_at)
    sweep()
    mail.outbox.clear()
    deliver()
    expired = {m.to[0]: m for m in mail.outbox if "Automatically declined" in m.subject}
    assert set(expired) == {candidate.user.email, recruiter.email}
    assert "Acme Robotics" in expired[candidate.user.email].subject
    assert "ran out" in expired[candidate.user.email].body
    assert "no answer within 14 days" in expired[recruiter.email].body
    for notice in Notice.objects.filter(kind=NoticeKind.REQUEST_EXPIRED):
        assert notice.sent_at is not None
        assert expired[notice.recipient.email].extra_headers["Message-ID"] == notice.message_id


def test_it_runs_as_a_task_from_the_queue(clock, send, candidate):
    request = send(candidate)
    clock.move_to(request.expires_at)
    result = sweep_task.call()
    assert result == {"expired": 1, "reminders": 0, "nudges": 0}


def test_it_sends_each_reminder_once_even_when_the_sweep_runs_every_second(
    clock, send, candidate, deliver
):
    request = send(candidate)
    deadline = request.expires_at
    mail.outbox.clear()
    for before in (timedelta(hours=72), timedelta(hours=24)):
        moment = deadline - before - timedelta(seconds=5)
        while moment <= deadline - before + timedelta(seconds=5):
            clock.move_to(moment)
            sweep()
            moment += timedelta(seconds=1)
        deliver()
        # ...and hourly until the next boundary (or the deadline).
        for hour in range(1, 48):
            if deadline - before + timedelta(hours=hour) < deadline:
                clock.move_to(deadline - before + timedelta(hours=hour))
                sweep()
                deliver()
    reminders = Notice.objects.filter(request=request, kind__in=REMINDERS).order_by("created_at")
    assert [(n.kind, n.created_at) for n in reminders] == [
        (NoticeKind.REMINDER_72H, deadline - timedelta(hours=72)),
        (NoticeKind.REMINDER_24H, deadline - timedelta(hours=24)),
    ]
    assert {n.recipient_id for n in reminders} == {candidate.user_id}
    assert all(n.sent_at for n in reminders)
    subjects = [m.subject for m in mail.outbox]
    assert sum("3 days left" in s for s in subjects) == 1
    assert sum("1 day left" in s for s in subjects) == 1


def test_it_sends_no_reminder_before_72_hours(clock, send, candidate):
    request = send(candidate)
    clock.move_to(request.expires_at - timedelta(hours=72, seconds=1))
    sweep()
    assert kinds(request, *REMINDERS) == []


def test_it_sends_only_the_24_hour_reminder_when_the_sweep_was_down_until_then(
    clock, send, candidate
):
    request = send(candidate)
    clock.move_to(request.expires_at - timedelta(hours=23))
    sweep()
    assert kinds(request, *REMINDERS) == [(NoticeKind.REMINDER_24H, candidate.user.email)]


def test_it_sends_no_reminder_for_a_request_answered_meanwhile(clock, send, candidate):
    request = send(candidate)
    clock.move_to(request.expires_at - timedelta(hours=80))
    decline_request(request, by=candidate.user, reason="role")
    clock.move_to(request.expires_at - timedelta(hours=72))
    sweep()
    clock.move_to(request.expires_at - timedelta(hours=24))
    sweep()
    assert kinds(request, *REMINDERS) == []


def test_it_drops_a_recorded_reminder_when_the_request_is_answered_before_it_goes_out(
    clock, send, candidate, deliver
):
    request = send(candidate)
    clock.move_to(request.expires_at - timedelta(hours=72))
    sweep()
    accept_request(request, by=candidate.user)
    mail.outbox.clear()
    deliver()
    assert not [m for m in mail.outbox if "left to answer" in m.subject]
    reminder = Notice.objects.get(request=request, kind=NoticeKind.REMINDER_72H)
    assert reminder.sent_at is None
    assert reminder.skipped_at is not None


def test_a_reopened_request_gets_fresh_reminders(clock, send, candidate, staff):
    request = send(candidate)
    clock.move_to(request.expires_at - timedelta(hours=24))
    sweep()
    clock.move_to(request.expires_at)
    sweep()
    reopen(InterviewRequest.objects.get(pk=request.pk), by=staff, note="Missed it")
    request.refresh_from_db()
    clock.move_to(request.expires_at - timedelta(hours=72))
    sweep()
    clock.move_to(request.expires_at - timedelta(hours=24))
    sweep()
    assert kinds(request, *REMINDERS) == [
        (NoticeKind.REMINDER_24H, candidate.user.email),
        (NoticeKind.REMINDER_24H, candidate.user.email),
        (NoticeKind.REMINDER_72H, candidate.user.email),
    ]


def test_it_nudges_the_company_once_48_hours_after_acceptance_without_a_booking(
    clock, send, candidate, recruiter, deliver
):
    request = send(candidate)
    accept_request(request, by=candidate.user)
    deliver()
    clock.move_to(T0 + timedelta(hours=48) - timedelta(seconds=1))
    assert sweep().nudges == 0
    clock.move_to(T0 + timedelta(hours=48))
    assert sweep().nudges == 1
    clock.move_to(T0 + timedelta(hours=96))
    assert sweep().nudges == 0
    assert kinds(request, NoticeKind.BOOKING_NUDGE) == [(NoticeKind.BOOKING_NUDGE, recruiter.email)]
    mail.outbox.clear()
    deliver()
    assert [m.subject for m in mail.outbox if m.to == [recruiter.email]] == [
        "Book a first interview with Dana Candidate"
    ]


def test_it_does_not_nudge_about_an_ended_process(clock, send, candidate):
    request = send(candidate)
    process = accept_request(request, by=candidate.user)
    end_process(process, by=candidate.user, reason="Found a job")
    clock.move_to(T0 + timedelta(hours=49))
    assert sweep().nudges == 0
