"""The sweep: what happens because time passed (SPEC §3, §5, §7).

Run every minute from the task queue, and safe to run in many processes at
once, as often as anyone likes:

- overdue pending requests are recorded as expired, in batches: each batch
  locks its rows with ``SELECT ... FOR UPDATE SKIP LOCKED`` (on SQLite the
  transaction holds the database's write lock), so two sweepers never take
  the same request; each expiry writes one event and one notice to the
  candidate and one to the sender, in the same transaction;
- reminders go to the candidate 72 and 24 hours before a pending request's
  deadline, each once per response window (a re-opened request gets new
  ones), never for a request answered meanwhile;
- the company is nudged once when an accepted process has waited 48 hours
  with no interview booked.

Readers never wait for the sweep: expiry is read from ``expires_at``. The
sweep only records it and tells people.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from overture.interviews.followups import awaiting_booking
from overture.interviews.models import (
    Event,
    EventKind,
    InterviewRequest,
    Status,
)
from overture.notifications.actions import record_notices, record_notices_once
from overture.notifications.models import Notice, NoticeKind

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000


@dataclass(frozen=True)
class SweepReport:
    expired: int
    reminders: int
    nudges: int


def sweep(now: datetime | None = None, *, batch_size: int = BATCH_SIZE) -> SweepReport:
    now = now or timezone.now()
    report = SweepReport(
        expired=expire_overdue(now, batch_size=batch_size),
        reminders=send_reminders(now, batch_size=batch_size),
        nudges=nudge_unbooked(now, batch_size=batch_size),
    )
    if report.expired or report.reminders or report.nudges:
        logger.info(
            "sweep: %s expired, %s reminders, %s nudges",
            report.expired,
            report.reminders,
            report.nudges,
        )
    return report


def expire_overdue(now: datetime, *, batch_size: int = BATCH_SIZE) -> int:
    """Record every pending request past its deadline as expired. Returns how
    many this call recorded (another sweeper's share is not counted)."""
    total = 0
    while True:
        done = _expire_batch(now, batch_size)
        total += done
        if done < batch_size:
            return total


@transaction.atomic
def _expire_batch(now: datetime, batch_size: int) -> int:
    rows = list(
        InterviewRequest.objects.overdue(now)
        .order_by("expires_at")
        .select_for_update(skip_locked=True, of=("self",))
        .values_list("pk", "expires_at", "sender_id", "candidate__user_id")[:batch_size]
    )
    if not rows:
        return 0
    # The rows are locked by this transaction, so all of them are still pending.
    InterviewRequest.objects.filter(pk__in=[row[0] for row in rows]).update(status=Status.EXPIRED)
    events = Event.objects.bulk_create(
        [
            Event(
                request_id=pk,
                kind=EventKind.EXPIRED,
                actor=None,
                at=expires_at,
                from_state=Status.PENDING,
                to_state=Status.EXPIRED,
            )
            for pk, expires_at, _sender, _candidate in rows
        ]
    )
    kind = NoticeKind.REQUEST_EXPIRED
    notices = [
        Notice(
            recipient_id=recipient,
            kind=kind,
            event_id=event.pk,
            request_id=pk,
            dedupe_key=f"event:{event.pk}:{kind}",
        )
        for (pk, _expires, sender, candidate_user), event in zip(rows, events, strict=True)
        # Both sides hear: the candidate, and the sender for the company
        # (as notifications.actions.company_recipients says).
        for recipient in (candidate_user, sender)
    ]
    record_notices(notices, now=now)
    return len(rows)


def reminder_windows() -> list[tuple[str, timedelta, timedelta]]:
    """(kind, from this long before the deadline, until this long before)."""
    early, late = settings.OVERTURE["REMINDERS_BEFORE_DEADLINE"]
    return [
        (NoticeKind.REMINDER_72H, early, late),
        (NoticeKind.REMINDER_24H, late, timedelta(0)),
    ]


def send_reminders(now: datetime, *, batch_size: int = BATCH_SIZE) -> int:
    """Remind candidates of requests still pending near their deadline.

    A request that is already in the 24-hour window gets only that reminder:
    a stale "3 days left" would be wrong.
    """
    total = 0
    for kind, start, end in reminder_windows():
        already = Notice.objects.filter(
            request=OuterRef("pk"), kind=kind, created_at__gte=OuterRef("sent_at")
        )
        due = (
            InterviewRequest.objects.filter(
                status=Status.PENDING, expires_at__gt=now + end, expires_at__lte=now + start
            )
            .exclude(Exists(already))
            .order_by("expires_at")
        )
        prefix = "reminder72" if kind == NoticeKind.REMINDER_72H else "reminder24"
        while True:
            with transaction.atomic():
                rows = list(due.values_list("pk", "sent_at", "candidate__user_id")[:batch_size])
                recorded = len(
                    record_notices_once(
                        [
                            Notice(
                                recipient_id=candidate_user,
                                kind=kind,
                                request_id=pk,
                                dedupe_key=f"{prefix}:{pk}:{sent_at.isoformat()}",
                            )
                            for pk, sent_at, candidate_user in rows
                        ],
                        now=now,
                    )
                )
            total += recorded
            # A full batch that recorded nothing was taken by another sweeper.
            if len(rows) < batch_size or not recorded:
                break
    return total


def nudge_unbooked(now: datetime, *, batch_size: int = BATCH_SIZE) -> int:
    """Tell the company once when an accepted process has no interview booked
    48 hours after acceptance."""
    kind = NoticeKind.BOOKING_NUDGE
    already = Notice.objects.filter(request=OuterRef("request_id"), kind=kind)
    due = awaiting_booking(now).exclude(Exists(already)).order_by("opened_at")
    total = 0
    while True:
        with transaction.atomic():
            rows = list(
                due.values_list("pk", "request_id", "opened_at", "request__sender_id")[:batch_size]
            )
            recorded = len(
                record_notices_once(
                    [
                        Notice(
                            recipient_id=sender,
                            kind=kind,
                            request_id=request_id,
                            dedupe_key=f"nudge:{pk}:{opened_at.isoformat()}",
                        )
                        for pk, request_id, opened_at, sender in rows
                    ],
                    now=now,
                )
            )
        total += recorded
        if len(rows) < batch_size or not recorded:
            return total
