"""Recording notices. Called inside the transaction of the change they report."""

from datetime import datetime

from django.utils import timezone

from overture.accounts.models import User
from overture.interviews.models import Event, InterviewRequest
from overture.notifications.models import Notice, NoticeKind
from overture.notifications.tasks import deliver_notice


def notify(
    *,
    recipient: User,
    kind: NoticeKind,
    event: Event,
    deliver_after: datetime | None = None,
) -> Notice:
    """Record one notice for this event and recipient, and queue its delivery.

    The queue lives in the same database, so the task commits or rolls back
    with the change itself.
    """
    notice, created = Notice.objects.get_or_create(
        recipient=recipient,
        dedupe_key=f"event:{event.pk}:{kind}",
        defaults={
            "kind": kind,
            "event": event,
            "request": event.request,
            "deliver_after": deliver_after or timezone.now(),
        },
    )
    if created:
        task = deliver_notice
        if deliver_after is not None and deliver_after > timezone.now():
            task = task.using(run_after=deliver_after)
        task.enqueue(notice.pk)
    return notice


def company_recipients(request: InterviewRequest) -> list[User]:
    """Who hears for the company: the member who sent the request."""
    return [request.sender]
