"""Interview requests, the processes they open, and the events of both."""

from datetime import datetime, timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from overture.candidates.models import Candidate
from overture.companies.models import Company
from overture.lib.money import format_salary


def request_ttl() -> timedelta:
    ttl: timedelta = settings.OVERTURE["REQUEST_TTL"]
    return ttl


def edit_window() -> timedelta:
    window: timedelta = settings.OVERTURE["EDIT_WINDOW"]
    return window


class Status(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Automatically declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class WorkArrangement(models.TextChoices):
    ONSITE = "onsite", "On-site"
    HYBRID = "hybrid", "Hybrid"
    REMOTE = "remote", "Remote"


class DeclineReason(models.TextChoices):
    NOT_LOOKING = "not_looking", "Not looking right now"
    COMPENSATION = "compensation", "Compensation"
    LOCATION = "location", "Location"
    REMOTE_POLICY = "remote_policy", "Remote policy"
    ROLE = "role", "Role"
    TECH_STACK = "tech_stack", "Tech stack"
    SENIORITY = "seniority", "Seniority"
    COMPANY_SIZE = "company_size", "Company size or stage"
    INDUSTRY = "industry", "Industry"
    ALREADY_INTERVIEWING = "already_interviewing", "Already interviewing with them"
    OTHER = "other", "Other"


class RequestQuerySet(models.QuerySet["InterviewRequest"]):
    """Expiry is read from ``expires_at``: a pending request past its deadline
    is expired for every reader whether or not the sweep has recorded it."""

    def pending(self, now: datetime) -> "RequestQuerySet":
        return self.filter(status=Status.PENDING, expires_at__gt=now)

    def overdue(self, now: datetime) -> "RequestQuerySet":
        return self.filter(status=Status.PENDING, expires_at__lte=now)

    def open(self, now: datetime) -> "RequestQuerySet":
        """Pending in time, or accepted with its process still active."""
        return self.filter(
            Q(status=Status.PENDING, expires_at__gt=now)
            | Q(status=Status.ACCEPTED, process__status="active")
        )

    def ended(self, now: datetime) -> "RequestQuerySet":
        return self.exclude(
            Q(status=Status.PENDING, expires_at__gt=now)
            | Q(status=Status.ACCEPTED, process__status="active")
        )

    def with_effective_status(self, now: datetime) -> "RequestQuerySet":
        return self.annotate(
            effective_status=Case(
                When(status=Status.PENDING, expires_at__lte=now, then=Value(Status.EXPIRED.value)),
                default=F("status"),
                output_field=models.CharField(),
            )
        )


class InterviewRequest(models.Model):
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="requests")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sent_requests"
    )
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="requests")

    role_title = models.CharField("role title", max_length=200)
    role_description = models.TextField("role description", max_length=10000)
    work_arrangement = models.CharField(
        "work arrangement", max_length=16, choices=WorkArrangement.choices
    )
    work_location = models.CharField("location", max_length=200, blank=True)
    salary_currency = models.CharField("currency", max_length=3)
    salary_min = models.PositiveIntegerField("annual salary (minimum)")
    salary_max = models.PositiveIntegerField("annual salary (maximum)", null=True, blank=True)
    perks = models.JSONField(default=list, blank=True)
    personal_note = models.TextField("personal note", max_length=2000)

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    # sent_at opens the current response window: a re-opened request gets a
    # new one, so expires_at = sent_at + 14 days always holds.
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    response_note = models.TextField(blank=True, max_length=2000)
    decline_reason = models.CharField(max_length=32, choices=DeclineReason.choices, blank=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-sent_at", "-pk"]
        indexes: ClassVar = [
            models.Index(fields=["candidate", "status", "expires_at"], name="req_candidate_state"),
            models.Index(fields=["company", "status", "sent_at"], name="req_company_state"),
            # Response time (candidates.metrics) reads answers by when they happened.
            models.Index(fields=["candidate", "responded_at"], name="req_candidate_responded"),
            models.Index(
                fields=["expires_at"],
                condition=Q(status="pending"),
                name="req_pending_deadline",
            ),
        ]
        constraints: ClassVar = [
            # Backstop for the check in send_request(): one pending request per pair.
            models.UniqueConstraint(
                fields=["company", "candidate"],
                condition=Q(status="pending"),
                name="one_pending_request_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(salary_max__isnull=True) | Q(salary_max__gte=F("salary_min")),
                name="salary_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role_title} at {self.company} for {self.candidate}"

    def effective_status(self, now: datetime | None = None) -> str:
        now = now or timezone.now()
        if self.status == Status.PENDING and self.expires_at <= now:
            return Status.EXPIRED
        return self.status

    def status_label(self, now: datetime | None = None) -> str:
        return Status(self.effective_status(now)).label

    def is_pending(self, now: datetime | None = None) -> bool:
        return self.effective_status(now) == Status.PENDING

    def time_left(self, now: datetime | None = None) -> timedelta:
        now = now or timezone.now()
        return max(self.expires_at - now, timedelta(0))

    def can_edit(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.is_pending(now) and now < self.sent_at + edit_window()

    @property
    def salary_display(self) -> str:
        return format_salary(self.salary_currency, self.salary_min, self.salary_max)

    @property
    def arrangement_display(self) -> str:
        label = WorkArrangement(self.work_arrangement).label
        return f"{label}, {self.work_location}" if self.work_location else label


class ProcessStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


class InterviewProcess(models.Model):
    """What an accepted request becomes: the company books interviews here."""

    request = models.OneToOneField(
        InterviewRequest, on_delete=models.PROTECT, related_name="process"
    )
    status = models.CharField(
        max_length=16, choices=ProcessStatus.choices, default=ProcessStatus.ACTIVE
    )
    opened_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    end_reason = models.TextField(blank=True, max_length=1000)

    class Meta:
        verbose_name_plural = "interview processes"
        indexes: ClassVar = [models.Index(fields=["status", "opened_at"], name="process_state")]

    def __str__(self) -> str:
        return f"Process for {self.request}"

    @property
    def is_active(self) -> bool:
        return self.status == ProcessStatus.ACTIVE


class EventKind(models.TextChoices):
    SENT = "sent", "Request sent"
    EDITED = "edited", "Request edited"
    WITHDRAWN = "withdrawn", "Request withdrawn"
    ACCEPTED = "accepted", "Request accepted"
    DECLINED = "declined", "Request declined"
    EXPIRED = "expired", "Automatically declined"
    PROCESS_ENDED = "process_ended", "Interview process ended"
    REOPENED = "reopened", "Re-opened by support"
    FOLLOWED_UP = "followed_up", "Candidate followed up"


class Event(models.Model):
    """One change of state, as shown on the timeline. Never edited, never deleted."""

    request = models.ForeignKey(InterviewRequest, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when Overture itself acted (the deadline passed).",
    )
    at = models.DateTimeField(default=timezone.now)
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar = ["at", "pk"]
        indexes: ClassVar = [models.Index(fields=["request", "at"], name="event_request_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"


class Message(models.Model):
    """A message in a process's thread: logistics, questions, negotiation."""

    process = models.ForeignKey(InterviewProcess, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=2000)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["sent_at", "pk"]
        indexes: ClassVar = [models.Index(fields=["process", "sent_at"], name="message_thread")]

    def __str__(self) -> str:
        return f"Message from {self.author} at {self.sent_at:%Y-%m-%d %H:%M}"
