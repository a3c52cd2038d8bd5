"""Recording notices. Called inside the transaction of the change they report."""

from datetime import datetime

from django.utils import timezone

from overture.accounts.models import User
from overture.interviews.models import Event, InterviewRequest
from overture.notifications.models import Notice
from overture.notifications.tasks import deliver_notice


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

    Call it inside the transaction of the change it reports. The queue lives
    in the same database, so the task commits or rolls back with the change.
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
        task.enqueue(notice.pk)
    return notice


def company_recipients(request: InterviewRequest) -> list[User]:
    """Who hears for the company: the member who sent the request."""
    return [request.sender]
