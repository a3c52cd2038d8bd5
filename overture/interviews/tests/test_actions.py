from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from overture.conftest import T0, make_details
from overture.interviews.actions import (
    accept_request,
    decline_request,
    edit_request,
    end_process,
    reopen,
    send_request,
    withdraw_request,
)
from overture.interviews.models import Event, EventKind, InterviewRequest, ProcessStatus, Status
from overture.lib.errors import Refused
from overture.notifications.models import Notice

pytestmark = pytest.mark.django_db


def test_it_sends_a_request_that_expires_exactly_14_days_later(clock, send, candidate):
    request = send(candidate)
    assert request.status == Status.PENDING
    assert request.sent_at == T0
    assert request.expires_at == T0 + timedelta(days=14)
    assert [e.kind for e in request.events.all()] == [EventKind.SENT]


def test_it_accepts_one_second_before_the_deadline(clock, send, candidate):
    request = send(candidate)
    clock.move_to(request.expires_at - timedelta(seconds=1))
    process = accept_request(request, by=candidate.user, note="Mornings suit me.")
    request.refresh_from_db()
    assert request.status == Status.ACCEPTED
    assert request.responded_at == request.expires_at - timedelta(seconds=1)
    assert request.response_note == "Mornings suit me."
    assert process.status == ProcessStatus.ACTIVE


def test_it_refuses_accept_at_the_deadline(clock, send, candidate):
    request = send(candidate)
    clock.move_to(request.expires_at)
    with pytest.raises(Refused, match="automatically declined"):
        accept_request(request, by=candidate.user)
    request.refresh_from_db()
    assert request.status == Status.PENDING  # the sweep records it; readers already see expiry
    assert request.effective_status() == Status.EXPIRED
    assert not hasattr(request, "process") or request.process is None


def test_it_refuses_decline_after_the_deadline(clock, send, candidate):
    request = send(candidate)
    clock.move_to(request.expires_at + timedelta(hours=1))
    with pytest.raises(Refused):
        decline_request(request, by=candidate.user, reason="role")


def test_it_refuses_a_second_open_request_from_the_same_company(send, candidate, acme_admin):
    send(candidate)
    with pytest.raises(Refused, match="already has an open interview request"):
        send(candidate, by=acme_admin)
    assert InterviewRequest.objects.count() == 1


def test_it_refuses_a_second_request_while_a_process_is_active(send, candidate):
    accept_request(send(candidate), by=candidate.user)
    with pytest.raises(Refused, match="already has an open interview request"):
        send(candidate)


def test_it_allows_a_new_request_once_the_old_one_has_ended(clock, send, candidate):
    first = send(candidate)
    decline_request(first, by=candidate.user)
    second = send(candidate)
    assert second.status == Status.PENDING


def test_it_allows_a_new_request_after_expiry_and_records_the_expiry(clock, send, candidate):
    first = send(candidate)
    clock.move_to(first.expires_at)
    second = send(candidate)
    first.refresh_from_db()
    assert first.status == Status.EXPIRED
    assert second.status == Status.PENDING
    assert first.events.filter(kind=EventKind.EXPIRED, actor=None).count() == 1
    # Recorded here rather than by the sweep, the expiry still tells both sides.
    told = Notice.objects.filter(kind="request_expired", request=first)
    assert {n.recipient for n in told} == {candidate.user, first.sender}


def test_another_company_may_send_to_the_same_candidate(send, candidate, other_recruiter):
    send(candidate)
    send(candidate, by=other_recruiter)
    assert InterviewRequest.objects.filter(candidate=candidate).count() == 2


def test_it_refuses_paused_candidates(send, candidate):
    candidate.is_paused = True
    candidate.save()
    with pytest.raises(Refused, match="isn't taking new interview requests"):
        send(candidate)


def test_it_refuses_candidates_who_block_the_company(send, candidate, recruiter):
    candidate.blocks.create(company=recruiter.membership.company)
    with pytest.raises(Refused, match="isn't taking new interview requests"):
        send(candidate)


def test_only_company_members_send(candidate, other_candidate):
    with pytest.raises(Refused):
        send_request(by=other_candidate.user, candidate=candidate, details=make_details())


def test_it_edits_within_five_minutes_and_the_candidate_sees_the_new_text(
    clock, send, candidate, recruiter
):
    request = send(candidate)
    clock.shift(timedelta(minutes=4, seconds=59))
    edit_request(request, by=recruiter, details=make_details(personal_note="Updated note"))
    request.refresh_from_db()
    assert request.personal_note == "Updated note"
    assert request.edited_at is not None
    assert request.events.filter(kind=EventKind.EDITED).count() == 1


def test_it_refuses_edits_after_five_minutes(clock, send, candidate, recruiter):
    request = send(candidate)
    clock.shift(timedelta(minutes=5))
    with pytest.raises(Refused, match="first 5 minutes"):
        edit_request(request, by=recruiter, details=make_details(personal_note="Too late"))
    request.refresh_from_db()
    assert request.personal_note != "Too late"


def test_another_company_cannot_edit_or_withdraw(send, candidate, other_recruiter):
    request = send(candidate)
    with pytest.raises(Refused):
        edit_request(request, by=other_recruiter, details=make_details())
    with pytest.raises(Refused):
        withdraw_request(request, by=other_recruiter)


def test_it_withdraws_before_a_response(send, candidate, acme_admin):
    request = send(candidate)
    withdraw_request(request, by=acme_admin)  # any member of the company may
    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN
    assert request.responded_at is None


def test_it_refuses_withdraw_after_a_response(send, candidate, recruiter):
    request = send(candidate)
    decline_request(request, by=candidate.user, reason="compensation")
    with pytest.raises(Refused, match="no longer pending"):
        withdraw_request(request, by=recruiter)
    request.refresh_from_db()
    assert request.status == Status.DECLINED


def test_it_refuses_accept_of_a_withdrawn_request(send, candidate, recruiter):
    request = send(candidate)
    withdraw_request(request, by=recruiter)
    with pytest.raises(Refused, match="withdrawn"):
        accept_request(request, by=candidate.user)


def test_only_the_candidate_answers(send, candidate, other_candidate, recruiter):
    request = send(candidate)
    for outsider in (other_candidate.user, recruiter):
        with pytest.raises(Refused):
            accept_request(request, by=outsider)
        with pytest.raises(Refused):
            decline_request(request, by=outsider)
    request.refresh_from_db()
    assert request.status == Status.PENDING


def test_it_declines_with_a_reason_and_can_pause_the_profile(send, candidate):
    request = send(candidate)
    decline_request(
        request, by=candidate.user, reason="not_looking", note="Maybe next year", pause_profile=True
    )
    request.refresh_from_db()
    candidate.refresh_from_db()
    assert request.status == Status.DECLINED
    assert request.decline_reason == "not_looking"
    assert candidate.is_paused


def test_it_refuses_an_unknown_decline_reason(send, candidate):
    request = send(candidate)
    with pytest.raises(Refused):
        decline_request(request, by=candidate.user, reason="bogus")
    request.refresh_from_db()
    assert request.status == Status.PENDING


def test_it_refuses_a_second_answer(send, candidate):
    request = send(candidate)
    accept_request(request, by=candidate.user)
    with pytest.raises(Refused, match="no longer pending"):
        decline_request(request, by=candidate.user)
    with pytest.raises(Refused):
        accept_request(request, by=candidate.user)
    assert request.events.filter(kind=EventKind.ACCEPTED).count() == 1


def test_either_side_ends_a_process_and_the_other_side_is_told(send, candidate, recruiter, deliver):
    process = accept_request(send(candidate), by=candidate.user)
    end_process(process, by=candidate.user, reason="Took another offer")
    process.refresh_from_db()
    assert process.status == ProcessStatus.ENDED
    assert process.ended_by == candidate.user
    notice = Notice.objects.get(kind="process_ended")
    assert notice.recipient == recruiter
    with pytest.raises(Refused, match="already ended"):
        end_process(process, by=recruiter)


def test_the_company_ending_a_process_tells_the_candidate(send, candidate, acme_admin):
    process = accept_request(send(candidate), by=candidate.user)
    end_process(process, by=acme_admin, reason="Role filled")
    assert Notice.objects.get(kind="process_ended").recipient == candidate.user


def test_another_company_cannot_end_a_process(send, candidate, other_recruiter, other_candidate):
    process = accept_request(send(candidate), by=candidate.user)
    for outsider in (other_recruiter, other_candidate.user):
        with pytest.raises(Refused):
            end_process(process, by=outsider)


def test_staff_reopen_a_declined_request_with_a_fresh_window(clock, send, candidate, staff):
    request = send(candidate)
    decline_request(request, by=candidate.user, reason="role")
    clock.shift(timedelta(days=3))
    reopen(request, by=staff, note="Asked by the candidate")
    request.refresh_from_db()
    assert request.status == Status.PENDING
    assert request.expires_at == T0 + timedelta(days=3, days_=0) if False else True
    assert request.expires_at == timezone.now() + timedelta(days=14)
    event = request.events.get(kind=EventKind.REOPENED)
    assert event.actor == staff
    assert {n.recipient for n in Notice.objects.filter(kind="reopened")} == {
        candidate.user,
        request.sender,
    }


def test_staff_reopen_an_expired_request(clock, send, candidate, staff):
    request = send(candidate)
    clock.move_to(request.expires_at + timedelta(days=1))
    reopen(request, by=staff)
    request.refresh_from_db()
    assert request.effective_status() == Status.PENDING
    kinds = list(request.events.values_list("kind", flat=True))
    assert kinds == [EventKind.SENT, EventKind.EXPIRED, EventKind.REOPENED]


def test_staff_reopen_an_ended_process(send, candidate, staff):
    process = accept_request(send(candidate), by=candidate.user)
    end_process(process, by=candidate.user)
    reopen(process.request, by=staff)
    process.refresh_from_db()
    assert process.status == ProcessStatus.ACTIVE
    assert process.request.events.get(kind=EventKind.REOPENED).actor == staff


def test_only_staff_reopen(send, candidate, recruiter):
    request = send(candidate)
    decline_request(request, by=candidate.user)
    for outsider in (candidate.user, recruiter):
        with pytest.raises(Refused):
            reopen(request, by=outsider)


def test_it_refuses_to_reopen_what_is_still_open(send, candidate, staff):
    with pytest.raises(Refused):
        reopen(send(candidate), by=staff)


def test_it_refuses_to_reopen_when_the_company_sent_a_newer_request(send, candidate, staff):
    old = send(candidate)
    decline_request(old, by=candidate.user)
    send(candidate)
    with pytest.raises(Refused, match="another open request"):
        reopen(old, by=staff)


def test_every_transition_writes_exactly_one_event(send, candidate):
    request = send(candidate)
    process = accept_request(request, by=candidate.user)
    end_process(process, by=candidate.user)
    assert list(
        Event.objects.filter(request=request).values_list("kind", "from_state", "to_state")
    ) == [
        ("sent", "", "pending"),
        ("accepted", "pending", "accepted"),
        ("process_ended", "active", "ended"),
    ]


def test_the_new_request_email_waits_for_the_edit_window_and_carries_the_final_text(
    clock, send, candidate, recruiter, deliver
):
    request = send(candidate)
    deliver()
    assert mail.outbox == []
    clock.shift(timedelta(minutes=2))
    edit_request(request, by=recruiter, details=make_details(personal_note="Final words"))
    clock.shift(timedelta(minutes=3))
    deliver()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [candidate.user.email]
    assert "Final words" in message.body
    assert f"/interviews/{request.pk}/" in message.body


def test_no_new_request_email_for_a_request_withdrawn_in_its_first_minutes(
    clock, send, candidate, recruiter, deliver
):
    request = send(candidate)
    withdraw_request(request, by=recruiter)
    clock.shift(timedelta(minutes=6))
    deliver()
    assert mail.outbox == []
    assert Notice.objects.get().skipped_at is not None


def test_answers_reach_the_sender_with_note_or_reason(send, candidate, recruiter, deliver):
    accept_request(send(candidate), by=candidate.user, note="Mornings suit me.")
    deliver()
    accepted = [m for m in mail.outbox if "accepted" in m.subject]
    assert len(accepted) == 1
    assert accepted[0].to == [recruiter.email]
    assert "Mornings suit me." in accepted[0].body


def test_a_retried_delivery_does_not_send_twice(send, candidate, deliver):
    accept_request(send(candidate), by=candidate.user)
    deliver()
    notice = Notice.objects.get(kind="request_accepted")
    first_id = notice.message_id
    from overture.notifications.delivery import deliver as deliver_again

    assert deliver_again(notice.pk) == "already done"
    sent = [m for m in mail.outbox if m.extra_headers.get("Message-ID") == first_id]
    assert len(sent) == 1
