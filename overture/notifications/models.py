import uuid
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

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="notice_once_per_recipient"
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["recipient", "read_at"], name="notice_inbox"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.message_id:
            domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].rstrip(">") or "overture"
            self.message_id = f"<notice-{uuid.uuid4().hex}@{domain}>"
        super().save(*args, **kwargs)  # type: ignore[arg-type]
