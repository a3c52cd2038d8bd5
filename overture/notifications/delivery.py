"""Delivering a recorded notice by email, at most once per notice as far as
Overture can tell, and with a stable Message-ID for the rest."""

import logging

from django.utils import timezone

from overture.interviews.models import Status
from overture.notifications.emails import build
from overture.notifications.models import Notice, NoticeKind

logger = logging.getLogger(__name__)


def is_out_of_date(notice: Notice) -> bool:
    """A new-request email is pointless once the request is no longer pending."""
    if notice.kind == NoticeKind.REQUEST_RECEIVED and notice.request is not None:
        return notice.request.effective_status() != Status.PENDING
    return False


def deliver(notice_id: int) -> str:
    notice = (
        Notice.objects.select_related("recipient", "event", "request__company", "request__sender",
                                      "request__candidate__user")
        .filter(pk=notice_id)
        .first()
    )
    if notice is None:
        return "missing"
    if notice.sent_at or notice.skipped_at:
        return "already done"
    now = timezone.now()
    if is_out_of_date(notice):
        Notice.objects.filter(pk=notice.pk, sent_at__isnull=True).update(skipped_at=now)
        return "skipped"
    build(notice).send()
    # If the worker dies between send and this update the task runs again and
    # re-sends the same Message-ID, which mail systems drop as a duplicate.
    Notice.objects.filter(pk=notice.pk, sent_at__isnull=True).update(sent_at=timezone.now())
    logger.info("notice %s sent to %s", notice.pk, notice.recipient.email)
    return "sent"
