"""Delivering a recorded notice by email: at most once per notice as far as
Overture can tell, and with a stable Message-ID for the rest.

A delivery first claims the notice with a conditional UPDATE, so two tasks
for one notice (a retry and a re-queue, two RQ workers) never send it at the
same time. A sender that dies keeps its claim only until ``claimed_until``;
the retry after that sends the same email again, with the same Message-ID,
which mail systems drop as a duplicate.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from overture.interviews.models import ProcessStatus, Status
from overture.notifications.emails import build
from overture.notifications.models import Notice, NoticeKind, redeliver_after

logger = logging.getLogger(__name__)

REMINDERS = {NoticeKind.REMINDER_72H, NoticeKind.REMINDER_24H}


class NoticeBusy(Exception):
    """Another delivery holds this notice; try again once its claim lapses."""


def claim_ttl() -> timedelta:
    # As long as a task's lease: by the time the queue hands a dead worker's
    # task to another worker, the dead worker's claim has (nearly) lapsed too.
    return timedelta(seconds=settings.TASK_LOCK_TIMEOUT)


def is_out_of_date(notice: Notice) -> bool:
    """Emails that would only confuse by the time they go out."""
    request = notice.request
    if request is None:
        return False
    if notice.kind == NoticeKind.REQUEST_RECEIVED or notice.kind in REMINDERS:
        return request.effective_status() != Status.PENDING
    if notice.kind == NoticeKind.BOOKING_NUDGE:
        process = getattr(request, "process", None)
        return process is None or process.status != ProcessStatus.ACTIVE
    return False


def deliver(notice_id: int) -> str:
    now = timezone.now()
    claimed = (
        Notice.objects.undelivered()
        .filter(pk=notice_id)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .update(claimed_until=now + claim_ttl(), attempts=F("attempts") + 1)
    )
    if not claimed:
        state = Notice.objects.filter(pk=notice_id).values("sent_at", "skipped_at").first()
        if state is None:
            return "missing"
        if state["sent_at"] or state["skipped_at"]:
            return "already done"
        raise NoticeBusy(f"Notice {notice_id} is being delivered by another task.")
    notice = Notice.objects.select_related(
        "recipient",
        "event__actor",
        "request__company",
        "request__sender",
        "request__candidate__user",
        "request__process",
    ).get(pk=notice_id)
    if is_out_of_date(notice):
        Notice.objects.filter(pk=notice.pk, sent_at__isnull=True).update(
            skipped_at=timezone.now(), claimed_until=None
        )
        return "skipped"
    build(notice).send()
    # If the worker dies between send and this update the task runs again and
    # re-sends the same Message-ID, which mail systems drop as a duplicate.
    recorded = Notice.objects.filter(pk=notice.pk, sent_at__isnull=True).update(
        sent_at=timezone.now(), claimed_until=None
    )
    if recorded:
        logger.info("notice %s sent to %s", notice.pk, notice.recipient.email)
        return "sent"
    logger.warning("notice %s was already recorded as sent", notice.pk)
    return "already done"


def claim_redelivery(now: datetime, *, limit: int = 5000) -> list[int]:
    """The notices still unsent well after they were due, pushed back one grace
    period so the next pass leaves them alone while they are re-sent.

    The backstop behind "never lost": a job lost with a dead RQ worker, a task
    that used up its attempts while the mail server was down, an enqueue that
    never happened because the process died right after its commit. Delivery
    is idempotent, so a notice queued twice is still sent once.
    """
    due = list(
        Notice.objects.undelivered()
        .filter(requeue_after__lte=now)
        .order_by("requeue_after")
        .values_list("pk", flat=True)[:limit]
    )
    if due:
        Notice.objects.filter(pk__in=due).update(requeue_after=now + redeliver_after())
    return due


def deliver_batch(notice_ids: list[int]) -> dict[str, int]:
    """Deliver each notice; the ones that could not be sent now are left for a
    retry of the whole batch (the sent ones are then skipped)."""
    outcome: dict[str, int] = {}
    left: list[int] = []
    for notice_id in notice_ids:
        try:
            result = deliver(notice_id)
        except NoticeBusy:
            left.append(notice_id)
            continue
        except Exception:
            logger.exception("notice %s could not be delivered", notice_id)
            left.append(notice_id)
            continue
        outcome[result] = outcome.get(result, 0) + 1
    if left:
        raise NoticesLeft(f"{len(left)} of {len(notice_ids)} notices left for a retry: {left[:20]}")
    return outcome


class NoticesLeft(Exception):
    """Some notices of a batch could not be delivered yet."""
