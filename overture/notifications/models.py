import uuid
from datetime import datetime, timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from overture.interviews.models import Event, InterviewRequest


class NoticeKind(models.TextChoices):
    REQUEST_RECEIVED = "request_received", "New interview request"
    REQUEST_ACCEPTED = "request_accepted", "Request accepted"
    REQUEST_DECLINED = "request_declined", "Request declined"
    PROCESS_ENDED = "process_ended", "Interview process ended"
    REOPENED = "reopened", "Interview re-opened"
    REMINDER_72H = "reminder_72h", "3 days left to answer"
    REMINDER_24H = "reminder_24h", "1 day left to answer"
    REQUEST_EXPIRED = "request_expired", "Automatically declined"
    BOOKING_NUDGE = "booking_nudge", "No interview booked yet"
    FOLLOW_UP = "follow_up", "Candidate followed up"
    PROCESS_MESSAGE = "process_message", "New message"


def message_id_domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].rstrip(">") or "overture"


def new_message_id() -> str:
    """A globally unique Message-ID, fixed when the notice is recorded."""
    return f"<notice-{uuid.uuid4().hex}@{message_id_domain()}>"


def redeliver_after() -> timedelta:
    """How long a notice may stay unsent before it is queued again."""
    grace: timedelta = settings.OVERTURE["NOTICE_REDELIVER_AFTER"]
    return grace


class NoticeQuerySet(models.QuerySet["Notice"]):
    def shown(self, now: datetime) -> "NoticeQuerySet":
        """What the in-app list shows: due (a new request's notice waits out the
        edit window, like its email) and not dropped as out of date."""
        return self.filter(deliver_after__lte=now, skipped_at__isnull=True)

    def unread(self) -> "NoticeQuerySet":
        return self.filter(read_at__isnull=True)

    def undelivered(self) -> "NoticeQuerySet":
        return self.filter(sent_at__isnull=True, skipped_at__isnull=True)


class Notice(models.Model):
    """One message to one person about one event.

    Written in the same transaction as the change it reports, so it is never
    lost; ``dedupe_key`` makes it once per event and recipient; the
    Message-ID is fixed here so a retried email is the same email.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    # Kinds are NoticeKind values; each app may add its own, so no choices here.
    kind = models.CharField(max_length=40)
    request = models.ForeignKey(
        InterviewRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    # The id of what the notice is about when that is not an interview event
    # (a ticket reply, a booking): its kind says which table.
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    dedupe_key = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)
    deliver_after = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    skipped_at = models.DateTimeField(
        null=True, blank=True, help_text="Not emailed: out of date by delivery time."
    )
    read_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=200, unique=True, editable=False)
    # Delivery bookkeeping. A sender claims the notice until claimed_until so
    # two deliveries of it never run at once; a sender that dies leaves the
    # claim to lapse. requeue_after is when a still-unsent notice is queued
    # again, whatever happened to its task (a lost job, attempts used up).
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveIntegerField(default=0, editable=False)
    requeue_after = models.DateTimeField(null=True, blank=True, editable=False)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="notice_once_per_recipient"
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["recipient", "read_at"], name="notice_inbox"),
            models.Index(
                fields=["requeue_after"],
                condition=models.Q(sent_at__isnull=True, skipped_at__isnull=True),
                name="notice_undelivered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.message_id = self.message_id or new_message_id()
        if self.requeue_after is None:
            self.requeue_after = self.deliver_after + redeliver_after()
        super().save(*args, **kwargs)  # type: ignore[arg-type]
