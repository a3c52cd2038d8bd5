"""Every change of state of requests and processes.

Each action takes the acting user as ``by``, checks that the transition is
allowed for that person at this instant, changes the row with a conditional
UPDATE (so accept, decline, withdraw and expiry can race safely), writes one
event, and records its notices in the same transaction.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from overture.accounts.models import User
from overture.candidates.models import Candidate
from overture.interviews.followups import follow_up_state
from overture.interviews.models import (
    DeclineReason,
    Event,
    EventKind,
    InterviewProcess,
    InterviewRequest,
    Message,
    ProcessStatus,
    Status,
    edit_window,
    request_ttl,
)
from overture.lib.errors import Reason, Refused
from overture.notifications.actions import company_recipients, notify
from overture.notifications.models import NoticeKind
from overture.scheduling.actions import cancel_future_bookings


@dataclass(frozen=True)
class RequestDetails:
    """What a company writes in a request; validated by the form or API first."""

    role_title: str
    role_description: str
    work_arrangement: str
    work_location: str
    salary_currency: str
    salary_min: int
    salary_max: int | None
    personal_note: str
    perks: list[str] = field(default_factory=list)

    def apply_to(self, request: InterviewRequest) -> None:
        for name, value in self.__dict__.items():
            setattr(request, name, value)


def _event(
    request: InterviewRequest,
    kind: EventKind,
    *,
    by: User | None,
    at: datetime,
    from_state: str,
    to_state: str,
    note: str = "",
) -> Event:
    return Event.objects.create(
        request=request,
        kind=kind,
        actor=by,
        at=at,
        from_state=from_state,
        to_state=to_state,
        note=note,
    )


def _require_member(request: InterviewRequest, by: User) -> None:
    membership = getattr(by, "membership", None)
    if membership is None or membership.company_id != request.company_id:
        raise Refused("Only members of the sending company can do this.", Reason.FORBIDDEN)


def _require_candidate(request: InterviewRequest, by: User) -> None:
    candidate = getattr(by, "candidate", None)
    if candidate is None or candidate.pk != request.candidate_id:
        raise Refused("Only the candidate can answer this request.", Reason.FORBIDDEN)


def _why_not_pending(request: InterviewRequest, now: datetime) -> Refused:
    request.refresh_from_db()
    state = request.effective_status(now)
    if state == Status.EXPIRED:
        return Refused(
            f"This request was automatically declined when its {request_ttl().days} days ran out, "
            "so it can no longer be answered."
        )
    return Refused(f"This request is no longer pending: it was {Status(state).label.lower()}.")


def record_expiry(request: InterviewRequest, *, now: datetime) -> bool:
    """Record that an overdue request has expired, and tell both sides, as the
    sweep does for the rest (interviews.sweep). True if this call did it."""
    updated = InterviewRequest.objects.filter(
        pk=request.pk, status=Status.PENDING, expires_at__lte=now
    ).update(status=Status.EXPIRED)
    if updated:
        event = _event(
            request,
            EventKind.EXPIRED,
            by=None,
            at=request.expires_at,
            from_state=Status.PENDING,
            to_state=Status.EXPIRED,
        )
        for person in [request.candidate.user, *company_recipients(request)]:
            notify(recipient=person, kind=NoticeKind.REQUEST_EXPIRED, event=event)
    return bool(updated)


@transaction.atomic
def send_request(*, by: User, candidate: Candidate, details: RequestDetails) -> InterviewRequest:
    membership = getattr(by, "membership", None)
    if membership is None:
        raise Refused("Only company members can send interview requests.", Reason.FORBIDDEN)
    company = membership.company
    now = timezone.now()
    # Serialise sends to one candidate so "one open request per pair" holds.
    candidate = Candidate.objects.select_for_update().select_related("user").get(pk=candidate.pk)
    if candidate.is_paused or candidate.blocks.filter(company=company).exists():
        raise Refused(f"{candidate.name} isn't taking new interview requests right now.")
    pair = InterviewRequest.objects.filter(company=company, candidate=candidate)
    for overdue in pair.overdue(now):
        record_expiry(overdue, now=now)
    if pair.open(now).exists():
        raise Refused(
            f"{company.name} already has an open interview request with {candidate.name}. "
            "Wait for an answer, or end the current process, before sending another."
        )
    request = InterviewRequest(
        company=company, sender=by, candidate=candidate, sent_at=now, expires_at=now + request_ttl()
    )
    details.apply_to(request)
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        raise Refused(
            f"{company.name} already has an open interview request with {candidate.name}."
        ) from None
    event = _event(request, EventKind.SENT, by=by, at=now, from_state="", to_state=Status.PENDING)
    # The email waits out the edit window so it carries the final text.
    notify(
        recipient=candidate.user,
        kind=NoticeKind.REQUEST_RECEIVED,
        event=event,
        deliver_after=now + edit_window(),
    )
    return request


@transaction.atomic
def edit_request(
    request: InterviewRequest, *, by: User, details: RequestDetails
) -> InterviewRequest:
    _require_member(request, by)
    now = timezone.now()
    fields = {name: getattr(details, name) for name in details.__dict__}
    updated = InterviewRequest.objects.filter(
        pk=request.pk,
        status=Status.PENDING,
        expires_at__gt=now,
        sent_at__gt=now - edit_window(),
    ).update(edited_at=now, **fields)
    if not updated:
        minutes = int(edit_window().total_seconds() // 60)
        raise Refused(
            f"A request can be edited only in the first {minutes} minutes after it is sent, "
            "while it is still pending."
        )
    _event(
        request,
        EventKind.EDITED,
        by=by,
        at=now,
        from_state=Status.PENDING,
        to_state=Status.PENDING,
    )
    request.refresh_from_db()
    return request


def _leave_pending(
    request: InterviewRequest,
    *,
    by: User,
    kind: EventKind,
    to: Status,
    now: datetime,
    note: str = "",
    **fields: object,
) -> Event:
    """Move a request out of pending, if it still is and its deadline has not
    passed, in one conditional UPDATE: of racing answers exactly one wins."""
    updated = InterviewRequest.objects.filter(
        pk=request.pk, status=Status.PENDING, expires_at__gt=now
    ).update(status=to, **fields)
    if not updated:
        raise _why_not_pending(request, now)
    request.refresh_from_db()
    return _event(request, kind, by=by, at=now, from_state=Status.PENDING, to_state=to, note=note)


@transaction.atomic
def withdraw_request(request: InterviewRequest, *, by: User) -> InterviewRequest:
    _require_member(request, by)
    _leave_pending(
        request, by=by, kind=EventKind.WITHDRAWN, to=Status.WITHDRAWN, now=timezone.now()
    )
    return request


@transaction.atomic
def accept_request(request: InterviewRequest, *, by: User, note: str = "") -> InterviewProcess:
    _require_candidate(request, by)
    now = timezone.now()
    event = _leave_pending(
        request,
        by=by,
        kind=EventKind.ACCEPTED,
        to=Status.ACCEPTED,
        now=now,
        note=note,
        responded_at=now,
        response_note=note,
    )
    process = InterviewProcess.objects.create(request=request, opened_at=now)
    for member in company_recipients(request):
        notify(recipient=member, kind=NoticeKind.REQUEST_ACCEPTED, event=event)
    return process


@transaction.atomic
def decline_request(
    request: InterviewRequest,
    *,
    by: User,
    reason: str = "",
    note: str = "",
    pause_profile: bool = False,
) -> InterviewRequest:
    _require_candidate(request, by)
    if reason and reason not in DeclineReason.values:
        raise Refused("Choose a reason from the list, or none.", Reason.INVALID)
    now = timezone.now()
    event = _leave_pending(
        request,
        by=by,
        kind=EventKind.DECLINED,
        to=Status.DECLINED,
        now=now,
        note=note,
        responded_at=now,
        response_note=note,
        decline_reason=reason,
    )
    if pause_profile and reason == DeclineReason.NOT_LOOKING:
        Candidate.objects.filter(pk=request.candidate_id).update(is_paused=True)
    for member in company_recipients(request):
        notify(recipient=member, kind=NoticeKind.REQUEST_DECLINED, event=event)
    return request


@transaction.atomic
def end_process(process: InterviewProcess, *, by: User, reason: str = "") -> InterviewProcess:
    request = process.request
    candidate_user_id = request.candidate.user_id
    by_candidate = by.pk == candidate_user_id
    if not by_candidate:
        _require_member(request, by)
    now = timezone.now()
    updated = InterviewProcess.objects.filter(pk=process.pk, status=ProcessStatus.ACTIVE).update(
        status=ProcessStatus.ENDED, ended_at=now, ended_by=by, end_reason=reason
    )
    if not updated:
        raise Refused("This interview process has already ended.")
    cancel_future_bookings(process, by=by, now=now)
    event = _event(
        request,
        EventKind.PROCESS_ENDED,
        by=by,
        at=now,
        from_state=ProcessStatus.ACTIVE,
        to_state=ProcessStatus.ENDED,
        note=reason,
    )
    # No silent endings: the other side always hears of it.
    others = company_recipients(request) if by_candidate else [request.candidate.user]
    for person in others:
        notify(recipient=person, kind=NoticeKind.PROCESS_ENDED, event=event)
    process.refresh_from_db()
    return process


@transaction.atomic
def reopen(request: InterviewRequest, *, by: User, note: str = "") -> InterviewRequest:
    """Support re-opens an ended interview (SPEC §5)."""
    if not by.is_staff:
        raise Refused("Only support staff can re-open an interview.", Reason.FORBIDDEN)
    now = timezone.now()
    candidate = Candidate.objects.select_for_update().get(pk=request.candidate_id)
    request = InterviewRequest.objects.select_for_update().get(pk=request.pk)
    state: str = request.effective_status(now)
    others = InterviewRequest.objects.filter(
        company_id=request.company_id, candidate=candidate
    ).exclude(pk=request.pk)
    for overdue in others.overdue(now):
        record_expiry(overdue, now=now)
    if others.open(now).exists():
        raise Refused(
            "The company already has another open request with this candidate; "
            "it cannot be re-opened while that one is open."
        )
    if state in (Status.DECLINED, Status.EXPIRED):
        if state == Status.EXPIRED:
            record_expiry(request, now=now)
        InterviewRequest.objects.filter(pk=request.pk).update(
            status=Status.PENDING,
            sent_at=now,
            expires_at=now + request_ttl(),
            responded_at=None,
            decline_reason="",
        )
        to_state: str = Status.PENDING
    elif state == Status.ACCEPTED and request.process.status == ProcessStatus.ENDED:
        InterviewProcess.objects.filter(pk=request.process.pk).update(
            status=ProcessStatus.ACTIVE, ended_at=None, ended_by=None, end_reason=""
        )
        state, to_state = str(ProcessStatus.ENDED), ProcessStatus.ACTIVE
    else:
        raise Refused(
            "Only declined or automatically declined requests and ended processes can be re-opened."
        )
    event = _event(
        request, EventKind.REOPENED, by=by, at=now, from_state=state, to_state=to_state, note=note
    )
    for person in [request.candidate.user, *company_recipients(request)]:
        notify(recipient=person, kind=NoticeKind.REOPENED, event=event)
    request.refresh_from_db()
    return request


@transaction.atomic
def follow_up(process: InterviewProcess, *, by: User, message: str) -> Event:
    """The candidate nudges a company that has booked nothing 48 hours after
    acceptance: a message to the company, at most once every 48 hours."""
    request = process.request
    _require_candidate(request, by)
    if not message.strip():
        raise Refused("Write a short message to the company.", Reason.INVALID)
    now = timezone.now()
    # Serialise follow-ups on this process so two clicks make one message.
    process = InterviewProcess.objects.select_for_update().get(pk=process.pk)
    state = follow_up_state(process, now)
    if not state.available:
        raise Refused(state.why_not)
    event = _event(
        request,
        EventKind.FOLLOWED_UP,
        by=by,
        at=now,
        from_state=ProcessStatus.ACTIVE,
        to_state=ProcessStatus.ACTIVE,
        note=message.strip(),
    )
    for member in company_recipients(request):
        notify(recipient=member, kind=NoticeKind.FOLLOW_UP, event=event)
    return event


@transaction.atomic
def post_message(process: InterviewProcess, *, by: User, body: str) -> Message:
    """Either side writes in the process's thread; the other side is told."""
    request = process.request
    by_candidate = by.pk == request.candidate.user_id
    if not by_candidate:
        _require_member(request, by)
    body = body.strip()
    limit = Message._meta.get_field("body").max_length or 2000
    if not body:
        raise Refused("Write a message first.", Reason.INVALID)
    if len(body) > limit:
        raise Refused(f"Keep a message under {limit:,} characters.", Reason.INVALID)
    if not InterviewProcess.objects.filter(pk=process.pk, status=ProcessStatus.ACTIVE).exists():
        raise Refused("This interview process has ended, so its thread is closed.")
    message = Message.objects.create(process=process, author=by, body=body)
    others = company_recipients(request) if by_candidate else [request.candidate.user]
    for person in others:
        notify(
            recipient=person,
            kind=NoticeKind.PROCESS_MESSAGE,
            request=request,
            subject_id=message.pk,
            dedupe_key=f"message:{message.pk}",
        )
    return message
