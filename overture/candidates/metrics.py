"""Response time and the "Fast responder" badge (SPEC §4), computed in SQL.

- A request counts when its answer (accept or decline) or its expiry fell in
  the rolling 30 days before the moment of reading, ``[now - 30 days, now]``:
  an answer exactly 30 days old still counts, one a second older does not.
- Its response time is ``responded_at - sent_at``; an expired request counts
  as 14 days. Withdrawn requests never count.
- Expiry is read from ``expires_at``: a pending request past its deadline
  counts as expired at its deadline, whether or not the sweep has run.
- The badge shows while the average is under 48 hours and at least one
  request counts.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import (
    Avg,
    Case,
    Count,
    DateTimeField,
    DurationField,
    F,
    Q,
    QuerySet,
    Value,
    When,
)

from overture.candidates.models import Candidate
from overture.interviews.models import InterviewRequest, RequestQuerySet, Status, request_ttl

ANSWERED = (Status.ACCEPTED, Status.DECLINED)
# Pending here means pending past its deadline: see _counted().
LAPSED = (Status.EXPIRED, Status.PENDING)


def response_window() -> timedelta:
    window: timedelta = settings.OVERTURE["RESPONSE_WINDOW"]
    return window


def fast_responder_under() -> timedelta:
    under: timedelta = settings.OVERTURE["FAST_RESPONDER_UNDER"]
    return under


@dataclass(frozen=True)
class ResponseStats:
    average: timedelta | None
    counted: int

    @property
    def fast_responder(self) -> bool:
        return (
            self.counted > 0
            and self.average is not None
            and (self.average < fast_responder_under())
        )

    @property
    def typical_hours(self) -> int | None:
        """N in "Typically responds within N hours": the average, rounded up."""
        if self.average is None:
            return None
        return max(1, math.ceil(self.average / timedelta(hours=1)))


NO_RESPONSES = ResponseStats(average=None, counted=0)


def _counted(now: datetime) -> Q:
    since = now - response_window()
    answered = Q(status__in=ANSWERED, responded_at__gte=since, responded_at__lte=now)
    lapsed = Q(status__in=LAPSED, expires_at__gte=since, expires_at__lte=now)
    return answered | lapsed


def _response_time() -> Case:
    return Case(
        When(status__in=ANSWERED, then=F("responded_at") - F("sent_at")),
        default=Value(request_ttl()),
        output_field=DurationField(),
    )


def counted_requests(now: datetime) -> RequestQuerySet:
    """Every request that counts towards someone's average right now."""
    return InterviewRequest.objects.filter(_counted(now))


def response_stats(candidate_ids: Iterable[int], now: datetime) -> dict[int, ResponseStats]:
    """The stats of many candidates (a page of the directory) in one query.
    Candidates with nothing counted are missing: use ``NO_RESPONSES``."""
    ids = list(candidate_ids)
    if not ids:
        return {}
    rows = stats_query(ids, now)
    return {
        row["candidate_id"]: ResponseStats(average=row["average"], counted=row["counted"])
        for row in rows
    }


def stats_query(candidate_ids: list[int], now: datetime) -> QuerySet[Any, Any]:
    """One row per candidate with something counted: candidate_id, average, counted."""
    return (
        counted_requests(now)
        .filter(candidate_id__in=candidate_ids)
        .order_by()
        .values("candidate_id")
        .annotate(average=Avg(_response_time()), counted=Count("pk"))
    )


def stats_for(candidate: Candidate, now: datetime) -> ResponseStats:
    return response_stats([candidate.pk], now).get(candidate.pk, NO_RESPONSES)


def counted_for(candidate: Candidate, now: datetime) -> RequestQuerySet:
    """The requests behind a candidate's average, newest first, each with its
    ``response_time`` and ``counted_at`` (when it was answered or expired)."""
    return (
        counted_requests(now)
        .filter(candidate=candidate)
        .annotate(
            response_time=_response_time(),
            counted_at=Case(
                When(status__in=ANSWERED, then=F("responded_at")),
                default=F("expires_at"),
                output_field=DateTimeField(),
            ),
        )
        .select_related("company")
        .order_by("-counted_at", "-pk")
    )
