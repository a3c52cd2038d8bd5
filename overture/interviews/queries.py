"""Reads for pages (and later the API); each runs a fixed number of queries."""

from datetime import datetime

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When

from overture.candidates.models import Candidate
from overture.companies.models import Company
from overture.interviews.models import (
    Event,
    InterviewProcess,
    InterviewRequest,
    Message,
    ProcessStatus,
    RequestQuerySet,
    Status,
)

PENDING, ACTIVE, ENDED = 0, 1, 2


def _grouped(qs: RequestQuerySet, now: datetime) -> RequestQuerySet:
    """Pending first (closest deadline first), then active processes, then the ended."""
    return (
        qs.with_effective_status(now)
        .annotate(
            group=Case(
                When(Q(status=Status.PENDING, expires_at__gt=now), then=Value(PENDING)),
                When(
                    Q(status=Status.ACCEPTED, process__status=ProcessStatus.ACTIVE),
                    then=Value(ACTIVE),
                ),
                default=Value(ENDED),
                output_field=IntegerField(),
            )
        )
        .select_related("company", "process", "candidate__user", "sender")
    )


def candidate_interviews(
    candidate: Candidate, now: datetime, *, show_ended: bool
) -> RequestQuerySet:
    qs = InterviewRequest.objects.filter(candidate=candidate)
    if not show_ended:
        qs = qs.open(now)
    return _grouped(qs, now).order_by(F("group"), "expires_at", "-sent_at", "-pk")


COMPANY_FILTERS = {
    "pending": "Pending",
    "active": "Active processes",
    "ended": "Ended",
    "all": "All",
}


def company_requests(company: Company, now: datetime, *, which: str) -> RequestQuerySet:
    qs = InterviewRequest.objects.filter(company=company)
    if which == "pending":
        qs = qs.pending(now)
    elif which == "active":
        qs = qs.filter(status=Status.ACCEPTED, process__status=ProcessStatus.ACTIVE)
    elif which == "ended":
        qs = qs.ended(now)
    return _grouped(qs, now).order_by(F("group"), "-sent_at", "-pk")


def timeline(request: InterviewRequest) -> QuerySet[Event]:
    return request.events.select_related("actor").order_by("at", "pk")


def company_counts(company: Company, now: datetime) -> dict[str, int]:
    """How many requests sit under each filter tab, in one query."""
    qs = InterviewRequest.objects.filter(company=company)
    return qs.aggregate(
        pending=Count("pk", filter=Q(status=Status.PENDING, expires_at__gt=now)),
        active=Count("pk", filter=Q(status=Status.ACCEPTED, process__status=ProcessStatus.ACTIVE)),
        all=Count("pk"),
    )


def thread(process: InterviewProcess) -> QuerySet[Message]:
    """A process's messages, oldest first, with their authors: one query."""
    return process.messages.select_related("author").order_by("sent_at", "pk")
