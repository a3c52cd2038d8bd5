"""Every change the help center and the support desk make.

Votes and feedback are keyed by a ``Voter`` (a signed-in person or an
anonymous visitor's cookie). Ticket actions take the acting user as ``by``,
lock the ticket row, write a ``TicketEvent`` for each change of status,
assignee or interview, and record the reply emails in the same transaction.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from overture.accounts.models import User
from overture.interviews.access import requests_visible_to
from overture.interviews.actions import reopen
from overture.interviews.models import InterviewProcess, InterviewRequest, ProcessStatus, Status
from overture.lib.errors import Reason, Refused
from overture.notifications.actions import notify
from overture.support.emails import TICKET_REPLY
from overture.support.models import (
    Article,
    Category,
    Ticket,
    TicketEvent,
    TicketEventKind,
    TicketMessage,
    TicketStatus,
    Vote,
)

FEEDBACK_MAX_LENGTH = 2000


@dataclass(frozen=True)
class Voter:
    """Who is voting: a signed-in user, or a visitor known by a cookie value."""

    user: User | None = None
    visitor_key: str | None = None

    def __post_init__(self) -> None:
        if (self.user is None) == (self.visitor_key is None):
            raise ValueError("A voter is either a user or a visitor, not both or neither.")

    def lookup(self) -> dict[str, Any]:
        if self.user is not None:
            return {"user": self.user}
        return {"visitor_key": self.visitor_key}


def _own_vote(article: Article, by: Voter, now: datetime, helpful: bool) -> Vote:
    """The voter's row for this article, locked, created if missing."""
    vote, _ = Vote.objects.select_for_update().get_or_create(
        article=article,
        **by.lookup(),
        defaults={"helpful": helpful, "created_at": now, "updated_at": now},
    )
    return vote


@transaction.atomic
def record_vote(article: Article, *, by: Voter, helpful: bool) -> Vote:
    """One vote per person per article; voting again changes it."""
    now = timezone.now()
    vote = _own_vote(article, by, now, helpful)
    if vote.helpful != helpful:
        Vote.objects.filter(pk=vote.pk).update(helpful=helpful, updated_at=now)
        vote.helpful, vote.updated_at = helpful, now
    return vote


@transaction.atomic
def send_feedback(article: Article, *, by: Voter, text: str) -> Vote:
    """Feedback belongs to the voter's answer; sent without one, it is a No."""
    text = text.strip()
    if not text:
        raise Refused("Write a few words about what was missing.", Reason.INVALID)
    if len(text) > FEEDBACK_MAX_LENGTH:
        raise Refused(f"Keep feedback under {FEEDBACK_MAX_LENGTH:,} characters.", Reason.INVALID)
    now = timezone.now()
    vote = _own_vote(article, by, now, helpful=False)
    Vote.objects.filter(pk=vote.pk).update(feedback=text, updated_at=now)
    vote.feedback, vote.updated_at = text, now
    return vote


# Tickets


def is_reopenable(interview: InterviewRequest, now: datetime | None = None) -> bool:
    """Ended in a way support may undo (SPEC §5): declined, automatically
    declined, or accepted with its process ended. Withdrawn is final."""
    state = interview.effective_status(now or timezone.now())
    if state in (Status.DECLINED, Status.EXPIRED):
        return True
    if state == Status.ACCEPTED:
        try:
            return interview.process.status == ProcessStatus.ENDED
        except InterviewProcess.DoesNotExist:
            return False
    return False


def _event(
    ticket: Ticket, kind: str, *, by: User, at: datetime, old: str = "", new: str = ""
) -> None:
    TicketEvent.objects.create(
        ticket=ticket, kind=kind, actor=by, at=at, from_value=old, to_value=new
    )


def _require_staff(by: User) -> None:
    if not (by.is_authenticated and by.is_staff and by.is_active):
        raise Refused("Only Overture support staff can do this.", Reason.FORBIDDEN)


def _locked(ticket: Ticket) -> Ticket:
    return Ticket.objects.select_for_update().select_related("requester").get(pk=ticket.pk)


def open_reopen_ticket(interview: InterviewRequest) -> Ticket | None:
    """The unsolved "Re-open an interview" ticket for this interview, if any."""
    return (
        Ticket.objects.filter(interview=interview, category=Category.REOPEN)
        .exclude(status=TicketStatus.SOLVED)
        .first()
    )


@transaction.atomic
def open_ticket(
    *,
    by: User,
    subject: str,
    description: str,
    category: str,
    interview: InterviewRequest | None = None,
) -> Ticket:
    if not by.is_authenticated:
        raise Refused("Sign in to submit a ticket.", Reason.FORBIDDEN)
    if category not in Category.values:
        raise Refused("Choose a category from the list.", Reason.INVALID)
    subject, description = subject.strip(), description.strip()
    if not subject or not description:
        raise Refused("A ticket needs a subject and a description.", Reason.INVALID)
    if interview is not None:
        # Lock the interview so two re-open asks for it cannot both pass the check.
        interview = requests_visible_to(by).select_for_update().filter(pk=interview.pk).first()
        if interview is None:
            raise Refused("You can only link one of your own interviews.", Reason.FORBIDDEN)
    if category == Category.REOPEN:
        if interview is None:
            raise Refused("Choose the interview you would like re-opened.", Reason.INVALID)
        if interview.effective_status() == Status.WITHDRAWN:
            raise Refused(
                "A withdrawn request cannot be re-opened: the company chose to pull it. "
                "They can send you a new one."
            )
        if not is_reopenable(interview):
            raise Refused("This interview hasn't ended, so there is nothing to re-open.")
        existing = open_reopen_ticket(interview)
        if existing is not None:
            raise Refused(
                f"You already asked support to re-open this interview (ticket #{existing.pk}). "
                "Support will answer there."
            )
    now = timezone.now()
    try:
        with transaction.atomic():
            ticket = Ticket.objects.create(
                requester=by,
                subject=subject,
                description=description,
                category=category,
                interview=interview,
                created_at=now,
                updated_at=now,
            )
    except IntegrityError:
        raise Refused("You already asked support to re-open this interview.") from None
    _event(ticket, TicketEventKind.OPENED, by=by, at=now, new=TicketStatus.OPEN)
    return ticket


def ask_to_reopen(interview: InterviewRequest, *, by: User, message: str = "") -> Ticket:
    """The candidate's "Ask support to re-open" on an ended interview."""
    if getattr(by, "candidate", None) is None or by.candidate.pk != interview.candidate_id:
        raise Refused("Only the candidate can ask support to re-open this.", Reason.FORBIDDEN)
    return open_ticket(
        by=by,
        subject=f"Please re-open: {interview.role_title} at {interview.company.name}",
        description=message.strip() or "Please re-open this interview.",
        category=Category.REOPEN,
        interview=interview,
    )


def _change_status(ticket: Ticket, status: str, *, by: User, now: datetime) -> None:
    if ticket.status == status:
        return
    Ticket.objects.filter(pk=ticket.pk).update(
        status=status, solved_at=now if status == TicketStatus.SOLVED else None
    )
    _event(ticket, TicketEventKind.STATUS, by=by, at=now, old=ticket.status, new=status)
    ticket.status = status
    ticket.solved_at = now if status == TicketStatus.SOLVED else None


@transaction.atomic
def reply(ticket: Ticket, *, by: User, body: str, status: str | None = None) -> TicketMessage:
    """A reply in the thread, emailed to the other side.

    The requester's reply puts the ticket back in support's queue (Open). A
    staff reply waits on the requester (Pending) unless staff choose Solved.
    """
    ticket = _locked(ticket)
    from_staff = by.is_staff and by.pk != ticket.requester_id
    if not from_staff and by.pk != ticket.requester_id:
        raise Refused("Only the requester and support staff can reply.", Reason.FORBIDDEN)
    body = body.strip()
    if not body:
        raise Refused("Write a reply first.", Reason.INVALID)
    if from_staff:
        status = status or TicketStatus.PENDING
        if status not in TicketStatus.values:
            raise Refused("Choose a status from the list.", Reason.INVALID)
    elif status is not None:
        raise Refused("Only support staff set a ticket's status.", Reason.FORBIDDEN)
    else:
        status = TicketStatus.OPEN
    now = timezone.now()
    message = TicketMessage.objects.create(ticket=ticket, author=by, body=body, created_at=now)
    _change_status(ticket, status, by=by, now=now)
    Ticket.objects.filter(pk=ticket.pk).update(updated_at=now)
    recipient = ticket.requester if from_staff else ticket.assignee
    if recipient is not None and recipient.pk != by.pk:
        notify(
            recipient=recipient,
            kind=TICKET_REPLY,
            dedupe_key=f"ticket-message:{message.pk}",
            subject_id=message.pk,
        )
    return message


@transaction.atomic
def set_status(ticket: Ticket, *, by: User, status: str) -> Ticket:
    _require_staff(by)
    if status not in TicketStatus.values:
        raise Refused("Choose a status from the list.", Reason.INVALID)
    ticket = _locked(ticket)
    now = timezone.now()
    _change_status(ticket, status, by=by, now=now)
    Ticket.objects.filter(pk=ticket.pk).update(updated_at=now)
    return ticket


@transaction.atomic
def assign(ticket: Ticket, *, by: User, assignee: User | None) -> Ticket:
    _require_staff(by)
    if assignee is not None and not (assignee.is_staff and assignee.is_active):
        raise Refused("Tickets can only be assigned to support staff.", Reason.INVALID)
    ticket = _locked(ticket)
    if ticket.assignee_id == (assignee.pk if assignee else None):
        return ticket
    now = timezone.now()
    old = ticket.assignee.name if ticket.assignee else ""
    Ticket.objects.filter(pk=ticket.pk).update(assignee=assignee, updated_at=now)
    _event(
        ticket,
        TicketEventKind.ASSIGNED,
        by=by,
        at=now,
        old=old,
        new=assignee.name if assignee else "",
    )
    ticket.assignee = assignee
    return ticket


@transaction.atomic
def reopen_from_ticket(ticket: Ticket, *, by: User, note: str = "") -> InterviewRequest:
    """Re-open the ticket's interview (SPEC §5) and solve the ticket, together.

    The interview's own action tells both sides and names the staff member;
    if it refuses, nothing about the ticket changes either.
    """
    _require_staff(by)
    ticket = _locked(ticket)
    if ticket.interview_id is None:
        raise Refused("This ticket names no interview to re-open.", Reason.INVALID)
    interview = InterviewRequest.objects.select_related("candidate__user", "company").get(
        pk=ticket.interview_id
    )
    reason = f"Re-opened from support ticket #{ticket.pk}."
    if note.strip():
        reason = f"{reason}\n{note.strip()}"
    interview = reopen(interview, by=by, note=reason)
    now = timezone.now()
    _event(
        ticket,
        TicketEventKind.INTERVIEW_REOPENED,
        by=by,
        at=now,
        new=interview.status,
    )
    if ticket.assignee_id is None:
        Ticket.objects.filter(pk=ticket.pk).update(assignee=by)
    _change_status(ticket, TicketStatus.SOLVED, by=by, now=now)
    Ticket.objects.filter(pk=ticket.pk).update(updated_at=now)
    return interview
