"""Thin tasks: they take ids, are safe to run twice, and call the delivery code."""

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from overture.notifications import queue
from overture.notifications.delivery import claim_redelivery, deliver, deliver_batch

# Notices per delivery task when many are recorded at once (the sweep): big
# enough to keep the queue short, small enough to spread over workers.
DELIVERY_BATCH = 500


@task(queue_name="default")
def deliver_notice(notice_id: int) -> str:
    return deliver(notice_id)


@task(queue_name="default")
def deliver_notices(notice_ids: list[int]) -> dict[str, int]:
    return deliver_batch(notice_ids)


@task(queue_name="default")
def redeliver_notices() -> int:
    with transaction.atomic():
        due = claim_redelivery(timezone.now())
        queue.enqueue_many(deliver_notices, queue.batches(due, DELIVERY_BATCH))
    return len(due)
