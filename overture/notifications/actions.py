"""Recording notices. Called inside the transaction of the change they report."""

from collections.abc import Sequence
from datetime import datetime

from django.utils import timezone

from overture.accounts.models import User
from overture.interviews.models import Event, InterviewRequest
from overture.lib.errors import Reason, Refused
from overture.notifications import queue
from overture.notifications.models import Notice, new_message_id, redeliver_after
from overture.notifications.tasks import DELIVERY_BATCH, deliver_notice, deliver_notices


def notify(
    *,
    recipient: User,
    kind: str,
    event: Event | None = None,
    request: InterviewRequest | None = None,
    subject_id: int | None = None,
    dedupe_key: str = "",
    deliver_after: datetime | None = None,
) -> Notice:
    """Record one notice for this recipient, once per event (or dedupe key),
    and queue its delivery.

    Call it inside the transaction of the change it reports. On the database
    queue the task commits or rolls back with the change; on RQ it is queued
    once the change commits.
    """
    if event is not None:
        dedupe_key = dedupe_key or f"event:{event.pk}:{kind}"
        request = request or event.request
    if not dedupe_key:
        raise ValueError("A notice needs an event or a dedupe key.")
    notice, created = Notice.objects.get_or_create(
        recipient=recipient,
        dedupe_key=dedupe_key,
        defaults={
            "kind": kind,
            "event": event,
            "request": request,
            "subject_id": subject_id,
            "deliver_after": deliver_after or timezone.now(),
        },
    )
    if created:
        task = deliver_notice
        if deliver_after is not None and deliver_after > timezone.now():
            task = task.using(run_after=deliver_after)
        queue.enqueue(task, notice.pk)
    return notice


def record_notices(notices: Sequence[Notice], *, now: datetime) -> list[Notice]:
    """Record many new notices in one INSERT and queue their delivery in batches.

    For notices of events created in the same transaction: their dedupe keys
    are new, and the unique constraint turns a mistake into a rollback rather
    than a second notice.
    """
    for notice in notices:
        notice.message_id = notice.message_id or new_message_id()
        notice.created_at = now
        notice.deliver_after = now
        notice.requeue_after = now + redeliver_after()
    created = Notice.objects.bulk_create(notices, batch_size=1000)
    queue_delivery([notice.pk for notice in created])
    return created


def record_notices_once(notices: Sequence[Notice], *, now: datetime) -> list[int]:
    """Record notices whose dedupe key may already exist (reminders, nudges):
    existing ones are left alone. Returns the ids this call recorded.

    Every notice passed must carry ``request``; a concurrent caller that
    recorded a notice first keeps it, and this call neither records nor
    queues it again.
    """
    if not notices:
        return []
    for notice in notices:
        notice.message_id = notice.message_id or new_message_id()
        notice.created_at = now
        notice.deliver_after = now
        notice.requeue_after = now + redeliver_after()
    Notice.objects.bulk_create(notices, batch_size=1000, ignore_conflicts=True)
    # Ours are the ones stamped with this call's instant.
    ids = list(
        Notice.objects.filter(
            request_id__in={n.request_id for n in notices},
            kind__in={n.kind for n in notices},
            created_at=now,
            sent_at__isnull=True,
        ).values_list("pk", flat=True)
    )
    queue_delivery(ids)
    return ids


def queue_delivery(notice_ids: Sequence[int]) -> None:
    queue.enqueue_many(deliver_notices, queue.batches(notice_ids, DELIVERY_BATCH))


def mark_read(notice: Notice, *, by: User) -> None:
    if notice.recipient_id != by.pk:
        raise Refused("Only its recipient can mark a notification read.", Reason.FORBIDDEN)
    Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())


def mark_all_read(*, by: User) -> int:
    now = timezone.now()
    return Notice.objects.filter(recipient=by).shown(now).unread().update(read_at=now)


def company_recipients(request: InterviewRequest) -> list[User]:
    """Who hears for the company: the member who sent the request.

    The sweep records notices in bulk from ``sender_id`` for the same reason;
    change both together."""
    return [request.sender]
