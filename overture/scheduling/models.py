"""The candidate's calendar, the interviews booked on it, and busy times
imported from other calendars.

Two bookings of one candidate never overlap (buffers included). Actions
guarantee it by locking the candidate's Calendar row before they check and
write; on PostgreSQL an exclusion constraint over ``[starts_at,
blocked_until)`` backs that up (migration 0002), so even a write that
skipped the lock could not double-book.
"""

import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from overture.candidates.models import Candidate
from overture.interviews.models import InterviewProcess
from overture.scheduling.hours import DayHours, as_json, format_hours, from_json, parse_hours


def setting(name: str) -> Any:
    return settings.SCHEDULING[name]


def default_weekly_hours() -> list[list[list[int]]]:
    """Until the candidate says otherwise: weekdays 09:00–17:00, weekends off."""
    return [as_json(parse_hours(text)) for text in setting("DEFAULT_WEEKLY_HOURS")]


def default_daily_cap() -> int:
    return int(setting("DAILY_CAP"))


def default_buffer_minutes() -> int:
    return int(setting("BUFFER").total_seconds() // 60)


class Calendar(models.Model):
    """One per candidate. Its row is also the lock that serialises every
    booking change for that candidate. The time zone is the candidate's own
    (``user.time_zone``); nothing here copies it."""

    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="calendar")
    weekly_hours = models.JSONField(
        default=default_weekly_hours,
        help_text="Seven lists (Monday first) of [start, end) minutes after local midnight.",
    )
    daily_cap = models.PositiveSmallIntegerField("most interviews a day", default=default_daily_cap)
    buffer_minutes = models.PositiveSmallIntegerField(
        "minutes free between interviews", default=default_buffer_minutes
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(daily_cap__gte=1), name="calendar_cap_positive"),
        ]

    def __str__(self) -> str:
        return f"Calendar of {self.candidate}"

    @property
    def buffer(self) -> timedelta:
        return timedelta(minutes=self.buffer_minutes)

    def day_hours(self) -> tuple[DayHours, ...]:
        raw = self.weekly_hours if isinstance(self.weekly_hours, list) else []
        days = [from_json(day) for day in raw[:7]]
        return tuple(days + [()] * (7 - len(days)))


class DateOverride(models.Model):
    """Other hours on one of the candidate's local dates; no hours is a day off."""

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="overrides")
    date = models.DateField()
    hours = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["date"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["calendar", "date"], name="one_override_per_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.describe()}"

    def day_hours(self) -> DayHours:
        return from_json(self.hours)

    @property
    def is_day_off(self) -> bool:
        return not self.hours

    def describe(self) -> str:
        return "Day off" if self.is_day_off else format_hours(self.day_hours())


class Medium(models.TextChoices):
    PHONE = "phone", "Phone call"
    VIDEO = "video", "Video call"
    ONSITE = "onsite", "On-site"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    CANCELLED = "cancelled", "Cancelled"


class BookingQuerySet(models.QuerySet["Booking"]):
    def booked(self) -> "BookingQuerySet":
        return self.filter(status=BookingStatus.BOOKED)

    def upcoming(self, now: datetime) -> "BookingQuerySet":
        return self.booked().filter(starts_at__gt=now)

    def touching(self, start: datetime, end: datetime) -> "BookingQuerySet":
        """Bookings that matter to slots starting in [start, end): any that
        could overlap them, plus every booking of the local days involved
        (for the daily cap). Two days either side covers every time zone."""
        margin = timedelta(days=2)
        return self.filter(starts_at__gte=start - margin, starts_at__lt=end + margin)


def new_uid() -> str:
    domain = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return f"{uuid.uuid4()}@{domain or 'overture'}"


class Booking(models.Model):
    """One interview on the candidate's calendar, booked by a company
    within an active process. Never deleted: cancelling keeps the row.

    ``sequence`` counts changes (RFC 5545 SEQUENCE): 0 when booked, one more
    on every reschedule and on cancellation. ``uid`` never changes.
    """

    process = models.ForeignKey(InterviewProcess, on_delete=models.PROTECT, related_name="bookings")
    calendar = models.ForeignKey(Calendar, on_delete=models.PROTECT, related_name="bookings")
    uid = models.CharField(max_length=200, unique=True, default=new_uid, editable=False)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # ends_at plus the buffer at booking time: the next interview starts here at the earliest.
    blocked_until = models.DateTimeField()
    medium = models.CharField("kind", max_length=16, choices=Medium.choices)
    location = models.CharField(max_length=500, blank=True)
    note = models.TextField(max_length=1000, blank=True)
    status = models.CharField(
        max_length=16, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    sequence = models.PositiveIntegerField(default=0)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancel_reason = models.TextField(max_length=1000, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["starts_at", "pk"]
        indexes: ClassVar = [
            models.Index(fields=["calendar", "status", "starts_at"], name="booking_calendar_time"),
            models.Index(fields=["process", "starts_at"], name="booking_process_time"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="booking_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(blocked_until__gte=F("ends_at")), name="booking_buffer_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_medium_display()} at {self.starts_at:%Y-%m-%d %H:%M} UTC"

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    @property
    def minutes(self) -> int:
        return int(self.duration.total_seconds() // 60)

    @property
    def is_booked(self) -> bool:
        return self.status == BookingStatus.BOOKED

    def is_upcoming(self, now: datetime | None = None) -> bool:
        return self.is_booked and self.starts_at > (now or timezone.now())

    @property
    def location_is_link(self) -> bool:
        return self.location.startswith(("https://", "http://"))


class ChangeKind(models.TextChoices):
    BOOKED = "booked", "Interview booked"
    RESCHEDULED = "rescheduled", "Interview rescheduled"
    CANCELLED = "cancelled", "Interview cancelled"


class BookingChange(models.Model):
    """Who changed a booking, when, and what it looked like afterwards: the
    audit trail, and the snapshot each invite email is built from (an email
    delivered late still describes the change it announces)."""

    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="changes")
    sequence = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=ChangeKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    previous_starts_at = models.DateTimeField(null=True, blank=True)
    medium = models.CharField(max_length=16, choices=Medium.choices)
    location = models.CharField(max_length=500, blank=True)
    note = models.TextField(max_length=1000, blank=True)
    message = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering: ClassVar = ["booking", "sequence"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["booking", "sequence"], name="one_change_per_sequence"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (#{self.sequence})"


class ImportedCalendar(models.Model):
    """Busy times the candidate brings from another calendar: an iCalendar
    URL refreshed regularly, or an uploaded file kept to re-expand."""

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="imports")
    name = models.CharField(max_length=200)
    url = models.URLField(max_length=2000, blank=True)
    content = models.TextField(blank=True, help_text="An uploaded file's text.")
    created_at = models.DateTimeField(default=timezone.now)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    busy_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    error_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_url(self) -> bool:
        return bool(self.url)


class BusyTime(models.Model):
    """One busy stretch from an imported calendar. Only the times are kept:
    titles and attendees of someone's other calendar are none of ours."""

    source = models.ForeignKey(
        ImportedCalendar, on_delete=models.CASCADE, related_name="busy_times"
    )
    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="busy_times")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["calendar", "starts_at"], name="busy_calendar_time"),
        ]

    def __str__(self) -> str:
        return f"Busy {self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M} UTC"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A private iCalendar subscription URL of one user's interviews.
    Revoking deletes the row; the old URL then answers 404."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
