"""The sweep: what happens because time passed (SPEC §3, §5, §7).

Run every minute from the task queue, and safe to run in many processes at
once, as often as anyone likes:

- overdue pending requests are recorded as expired, in batches: each batch
  locks its rows with ``SELECT ... FOR UPDATE SKIP LOCKED`` (on SQLite the
  transaction holds the database's write lock), so two sweepers never take
  the same request; each expiry writes one event and one notice to the
  candidate and one to the sender, in the same transaction. On PostgreSQL
  a batch is one statement (an UPDATE whose CTEs write the events and
  notices), so the sweep costs little more than the UPDATE alone;
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
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from overture.candidates.models import Candidate
from overture.interviews.followups import awaiting_booking
from overture.interviews.models import (
    Event,
    EventKind,
    InterviewRequest,
    Status,
)
from overture.notifications.actions import queue_delivery, record_notices, record_notices_once
from overture.notifications.models import (
    Notice,
    NoticeKind,
    message_id_domain,
    redeliver_after,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 5000


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
    # Batches go in id order, each starting past the last one, so no batch
    # rescans rows already expired and a large backlog is read in the table's
    # own order. A row skipped because another sweeper held it is that
    # sweeper's to record (or the next sweep's, should that sweeper fail).
    after = 0
    while True:
        done, after = _expire_batch(now, batch_size, after)
        total += done
        if done < batch_size:
            return total


@transaction.atomic
def _expire_batch(now: datetime, batch_size: int, after: int) -> tuple[int, int]:
    if connection.vendor == "postgresql":
        return _expire_batch_in_sql(now, batch_size, after)
    return _expire_batch_in_python(now, batch_size, after)


# One statement per batch on PostgreSQL: lock the batch, expire it, write its
# events and notices, and return the notices to deliver. Same rows as below.
EXPIRE_BATCH_SQL = """
WITH picked AS (
    SELECT id FROM {requests}
    WHERE status = 'pending' AND expires_at <= %(now)s AND id > %(after)s
    ORDER BY id
    LIMIT %(limit)s
    FOR UPDATE SKIP LOCKED
), expired AS (
    UPDATE {requests} r SET status = 'expired'
    FROM picked WHERE r.id = picked.id
    RETURNING r.id, r.expires_at, r.sender_id, r.candidate_id
), events AS (
    INSERT INTO {events} (request_id, kind, actor_id, at, from_state, to_state, note)
    SELECT id, 'expired', NULL, expires_at, 'pending', 'expired', '' FROM expired
    RETURNING id, request_id
), notices AS (
INSERT INTO {notices} (recipient_id, kind, request_id, event_id, subject_id, dedupe_key,
    created_at, deliver_after, message_id, attempts, requeue_after)
SELECT who.recipient_id, %(kind)s, e.request_id, e.id, NULL,
    'event:' || e.id || ':' || %(kind)s, %(now)s, %(now)s,
    '<notice-' || replace(gen_random_uuid()::text, '-', '') || '@' || %(domain)s || '>',
    0, %(requeue_after)s
FROM events e
JOIN expired x ON x.id = e.request_id
JOIN {candidates} c ON c.id = x.candidate_id
CROSS JOIN LATERAL (VALUES (c.user_id), (x.sender_id)) AS who(recipient_id)
RETURNING id
)
SELECT id, (SELECT max(id) FROM expired) FROM notices
"""


def _expire_batch_in_sql(now: datetime, batch_size: int, after: int) -> tuple[int, int]:
    sql = EXPIRE_BATCH_SQL.format(
        requests=InterviewRequest._meta.db_table,
        events=Event._meta.db_table,
        notices=Notice._meta.db_table,
        candidates=Candidate._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "now": now,
                "after": after,
                "limit": batch_size,
                "kind": NoticeKind.REQUEST_EXPIRED.value,
                "domain": message_id_domain(),
                "requeue_after": now + redeliver_after(),
            },
        )
        rows = cursor.fetchall()
    queue_delivery([row[0] for row in rows])
    return len(rows) // 2, rows[0][1] if rows else after


def _expire_batch_in_python(now: datetime, batch_size: int, after: int) -> tuple[int, int]:
    rows = list(
        InterviewRequest.objects.overdue(now)
        .filter(pk__gt=after)
        .order_by("pk")
        .select_for_update(skip_locked=True, of=("self",))
        .values_list("pk", "expires_at", "sender_id", "candidate__user_id")[:batch_size]
    )
    if not rows:
        return 0, after
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
    return len(rows), rows[-1][0]


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
