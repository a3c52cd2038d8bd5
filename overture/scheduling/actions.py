"""Every change to calendars and bookings.

Booking changes lock the candidate's Calendar row first (SELECT ... FOR
UPDATE on PostgreSQL; SQLite takes its write lock at BEGIN IMMEDIATE), then
re-check every rule against what is committed, then write. So two companies
booking the same candidate at the same instant are served one after the
other, and the second is told the time is no longer available. On
PostgreSQL an exclusion constraint backs this up; if it (or a deadlock)
ever fires, the booker gets the same clean refusal.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from overture.accounts.models import User
from overture.candidates.models import Candidate
from overture.interviews.models import InterviewProcess, ProcessStatus
from overture.lib.errors import Reason, Refused
from overture.notifications.actions import notify
from overture.scheduling import hours, imports
from overture.scheduling.models import (
    Booking,
    BookingChange,
    BookingStatus,
    BusyTime,
    Calendar,
    CalendarFeed,
    ChangeKind,
    DateOverride,
    ImportedCalendar,
    Medium,
    setting,
)
from overture.scheduling.rules import slot_inputs, zone_of
from overture.scheduling.slots import problem_with

NO_LONGER_AVAILABLE = (
    "That time is no longer available: someone booked it meanwhile. Choose another time."
)
KIND_BOOKED = "booking_booked"
KIND_RESCHEDULED = "booking_rescheduled"
KIND_CANCELLED = "booking_cancelled"
NOTICE_KINDS = {
    ChangeKind.BOOKED: KIND_BOOKED,
    ChangeKind.RESCHEDULED: KIND_RESCHEDULED,
    ChangeKind.CANCELLED: KIND_CANCELLED,
}
# exclusion_violation, deadlock_detected, serialization_failure, lock_not_available
_RACE_SQLSTATES = {"23P01", "40P01", "40001", "55P03"}


def _lost_a_race(error: DatabaseError) -> bool:
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) in _RACE_SQLSTATES:
        return True
    return "database is locked" in str(error)


@dataclass(frozen=True)
class Details:
    """What kind of interview, where, and a note for the candidate."""

    medium: str
    location: str = ""
    note: str = ""

    def check(self) -> None:
        if self.medium not in Medium.values:
            raise Refused("Choose a phone call, a video call or on-site.", Reason.INVALID)
        location = self.location.strip()
        if self.medium == Medium.VIDEO and not location.startswith(("https://", "http://")):
            raise Refused(
                "Give the link to the video call (starting with https://).", Reason.INVALID
            )
        if self.medium == Medium.ONSITE and not location:
            raise Refused("Give the address of the on-site interview.", Reason.INVALID)
        if len(self.location) > 500:
            raise Refused("Keep the link or place under 500 characters.", Reason.INVALID)
        if len(self.note) > 1000:
            raise Refused("Keep the note under 1,000 characters.", Reason.INVALID)


# ---------------------------------------------------------------- who may act


def _is_member(process: InterviewProcess, user: User) -> bool:
    membership = getattr(user, "membership", None)
    return membership is not None and membership.company_id == process.request.company_id


def _is_candidate(process: InterviewProcess, user: User) -> bool:
    return user.pk == process.request.candidate.user_id


def _require_member(process: InterviewProcess, user: User) -> None:
    if not _is_member(process, user):
        raise Refused(
            "Only members of the company that sent this request can book its interviews.",
            Reason.FORBIDDEN,
        )


def _require_party(process: InterviewProcess, user: User) -> None:
    if not (_is_member(process, user) or _is_candidate(process, user)):
        raise Refused(
            "Only the candidate and the company can change this interview.", Reason.FORBIDDEN
        )


# ---------------------------------------------------------------- locking


def lock_calendar(candidate_id: int) -> Calendar:
    """The candidate's calendar row, created if need be and locked until the
    transaction ends: every booking change of this candidate waits here."""
    Calendar.objects.get_or_create(candidate_id=candidate_id)
    return (
        Calendar.objects.select_for_update(of=("self",))
        .select_related("candidate__user")
        .get(candidate_id=candidate_id)
    )


def _refuse_races[**P, R](action: Callable[P, R]) -> Callable[P, R]:
    """Turns a lost race the database caught (exclusion constraint, deadlock,
    a lock wait that gave up) into the user's "no longer available"."""

    @functools.wraps(action)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return action(*args, **kwargs)
        except DatabaseError as error:
            if _lost_a_race(error):
                raise Refused(NO_LONGER_AVAILABLE) from None
            raise

    return wrapper


def _check_time(
    calendar: Calendar,
    *,
    starts_at: datetime,
    duration: timedelta,
    now: datetime,
    ignore: Booking | None = None,
) -> None:
    inputs = slot_inputs(calendar, starts_at, starts_at + duration, ignore_booking=ignore)
    problem = problem_with(
        inputs.availability,
        inputs.rules,
        starts_at=starts_at,
        duration=duration,
        now=now,
        bookings=inputs.bookings,
        events=inputs.events,
    )
    if problem is not None:
        raise Refused(problem.message, Reason.CONFLICT if problem.conflict else Reason.INVALID)


def _require_active(process: InterviewProcess) -> None:
    status = InterviewProcess.objects.filter(pk=process.pk).values_list("status", flat=True)
    if status.first() != ProcessStatus.ACTIVE:
        raise Refused("This interview process has ended, so its interviews can't be changed.")


def _save(booking: Booking, fields: list[str] | None = None) -> None:
    """In a savepoint, so that the exclusion constraint catching a double
    booking becomes a refusal and the rest of the transaction survives."""
    try:
        with transaction.atomic():
            if fields is None:
                booking.save()
            else:
                booking.save(update_fields=fields)
    except IntegrityError as error:
        if _lost_a_race(error):
            raise Refused(NO_LONGER_AVAILABLE) from None
        raise


def _record(
    booking: Booking,
    kind: ChangeKind,
    *,
    by: User,
    at: datetime,
    message: str = "",
    previous_starts_at: datetime | None = None,
) -> BookingChange:
    change = BookingChange.objects.create(
        booking=booking,
        sequence=booking.sequence,
        kind=kind,
        actor=by,
        at=at,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        previous_starts_at=previous_starts_at,
        medium=booking.medium,
        location=booking.location,
        note=booking.note,
        message=message,
    )
    request = booking.process.request
    recipients = {
        user.pk: user for user in (request.candidate.user, request.sender, booking.booked_by)
    }
    for person in recipients.values():
        notify(
            recipient=person,
            kind=NOTICE_KINDS[ChangeKind(kind)],
            request=request,
            subject_id=booking.pk,
            dedupe_key=f"booking:{booking.pk}:seq:{booking.sequence}",
        )
    return change


# ---------------------------------------------------------------- bookings


@_refuse_races
@transaction.atomic
def book(
    process: InterviewProcess,
    *,
    by: User,
    starts_at: datetime,
    minutes: int,
    details: Details,
    now: datetime | None = None,
) -> Booking:
    """A company books an interview on the candidate's calendar."""
    now = now or timezone.now()
    _require_member(process, by)
    details.check()
    calendar = lock_calendar(process.request.candidate_id)
    _require_active(process)
    duration = timedelta(minutes=minutes)
    _check_time(calendar, starts_at=starts_at, duration=duration, now=now)
    booking = Booking(
        process=process,
        calendar=calendar,
        starts_at=starts_at,
        ends_at=starts_at + duration,
        blocked_until=starts_at + duration + calendar.buffer,
        medium=details.medium,
        location=details.location.strip(),
        note=details.note.strip(),
        booked_by=by,
        created_at=now,
        updated_at=now,
    )
    _save(booking)
    _record(booking, ChangeKind.BOOKED, by=by, at=now)
    return booking


def _locked_booking(booking: Booking, expected_sequence: int | None, now: datetime) -> Booking:
    fresh = Booking.objects.select_related(
        "process__request__candidate__user", "process__request__sender", "booked_by"
    ).get(pk=booking.pk)
    if expected_sequence is not None and fresh.sequence != expected_sequence:
        raise Refused(
            "This interview was changed meanwhile. Look at its current time before changing it."
        )
    if not fresh.is_booked:
        raise Refused("This interview was cancelled.")
    if fresh.starts_at <= now:
        raise Refused("This interview has already started, so it can't be changed.")
    return fresh


@_refuse_races
@transaction.atomic
def reschedule(
    booking: Booking,
    *,
    by: User,
    starts_at: datetime,
    message: str = "",
    expected_sequence: int | None = None,
    now: datetime | None = None,
) -> Booking:
    """Either side moves an interview to another free time; same length."""
    now = now or timezone.now()
    _require_party(booking.process, by)
    if len(message) > 1000:
        raise Refused("Keep the message under 1,000 characters.", Reason.INVALID)
    calendar = lock_calendar(booking.calendar.candidate_id)
    booking = _locked_booking(booking, expected_sequence, now)
    _require_active(booking.process)
    if starts_at == booking.starts_at:
        raise Refused("That is the time already booked. Choose another time.", Reason.INVALID)
    _check_time(calendar, starts_at=starts_at, duration=booking.duration, now=now, ignore=booking)
    previous = booking.starts_at
    duration = booking.duration
    booking.starts_at = starts_at
    booking.ends_at = starts_at + duration
    booking.blocked_until = booking.ends_at + calendar.buffer
    booking.sequence += 1
    booking.updated_at = now
    _save(booking, ["starts_at", "ends_at", "blocked_until", "sequence", "updated_at"])
    _record(
        booking,
        ChangeKind.RESCHEDULED,
        by=by,
        at=now,
        message=message.strip(),
        previous_starts_at=previous,
    )
    return booking


def _cancel_locked(booking: Booking, *, by: User, reason: str, now: datetime) -> Booking:
    booking.status = BookingStatus.CANCELLED
    booking.sequence += 1
    booking.cancelled_at = now
    booking.cancelled_by = by
    booking.cancel_reason = reason
    booking.updated_at = now
    booking.save(
        update_fields=[
            "status",
            "sequence",
            "cancelled_at",
            "cancelled_by",
            "cancel_reason",
            "updated_at",
        ]
    )
    _record(booking, ChangeKind.CANCELLED, by=by, at=now, message=reason)
    return booking


@_refuse_races
@transaction.atomic
def cancel(
    booking: Booking,
    *,
    by: User,
    reason: str = "",
    expected_sequence: int | None = None,
    now: datetime | None = None,
) -> Booking:
    """Either side cancels an upcoming interview; both are told."""
    now = now or timezone.now()
    _require_party(booking.process, by)
    if len(reason) > 1000:
        raise Refused("Keep the message under 1,000 characters.", Reason.INVALID)
    lock_calendar(booking.calendar.candidate_id)
    booking = _locked_booking(booking, expected_sequence, now)
    return _cancel_locked(booking, by=by, reason=reason.strip(), now=now)


def cancel_future_bookings(
    process: InterviewProcess, *, by: User, now: datetime | None = None
) -> list[Booking]:
    """Called by end_process() inside its transaction: the process ended, so
    its upcoming interviews are cancelled and both sides get the cancellation."""
    now = now or timezone.now()
    lock_calendar(process.request.candidate_id)
    upcoming = (
        Booking.objects.upcoming(now)
        .filter(process=process)
        .select_related(
            "process__request__candidate__user", "process__request__sender", "booked_by"
        )
    )
    return [
        _cancel_locked(booking, by=by, reason="The interview process ended.", now=now)
        for booking in upcoming
    ]


# ---------------------------------------------------------------- availability


def _require_owner(candidate: Candidate, by: User) -> None:
    if by.pk != candidate.user_id:
        raise Refused("Only the candidate can change their calendar.", Reason.FORBIDDEN)


@transaction.atomic
def update_availability(
    candidate: Candidate,
    *,
    by: User,
    weekly: tuple[hours.DayHours, ...],
    daily_cap: int,
    buffer_minutes: int,
) -> Calendar:
    """New weekly hours, cap and buffer. Interviews already booked stay."""
    _require_owner(candidate, by)
    if len(weekly) != 7:
        raise Refused("Give hours for each day of the week.", Reason.INVALID)
    if not 1 <= daily_cap <= 12:
        raise Refused("Allow between 1 and 12 interviews a day.", Reason.INVALID)
    if not 0 <= buffer_minutes <= 120 or buffer_minutes % 5:
        raise Refused("Keep 0 to 120 minutes between interviews, in steps of 5.", Reason.INVALID)
    calendar = lock_calendar(candidate.pk)
    calendar.weekly_hours = [hours.as_json(hours.normalise(day)) for day in weekly]
    calendar.daily_cap = daily_cap
    calendar.buffer_minutes = buffer_minutes
    calendar.updated_at = timezone.now()
    calendar.save(update_fields=["weekly_hours", "daily_cap", "buffer_minutes", "updated_at"])
    return calendar


@transaction.atomic
def set_override(
    candidate: Candidate, *, by: User, day: date, day_hours: hours.DayHours
) -> DateOverride:
    """Other hours on one local date (none: a day off), replacing any earlier override."""
    _require_owner(candidate, by)
    today = timezone.now().astimezone(zone_of(candidate)).date()
    if day < today:
        raise Refused("That date has passed. Choose today or a later date.", Reason.INVALID)
    calendar = lock_calendar(candidate.pk)
    override, _ = DateOverride.objects.update_or_create(
        calendar=calendar,
        date=day,
        defaults={"hours": hours.as_json(hours.normalise(day_hours))},
    )
    return override


@transaction.atomic
def remove_override(override: DateOverride, *, by: User) -> None:
    _require_owner(override.calendar.candidate, by)
    lock_calendar(override.calendar.candidate_id)
    DateOverride.objects.filter(pk=override.pk).delete()


# ---------------------------------------------------------------- imported busy times


# An uploaded file is re-read once a day, as its 30-day window moves on.
FILE_REEXPAND = timedelta(days=1)


def _import_window(now: datetime) -> tuple[datetime, datetime]:
    return now - timedelta(days=1), now + setting("HORIZON") + timedelta(days=2)


def _store_busy(
    imported: ImportedCalendar, spans: list[imports.BusySpan], now: datetime
) -> ImportedCalendar:
    lock_calendar(imported.calendar.candidate_id)
    BusyTime.objects.filter(source=imported).delete()
    BusyTime.objects.bulk_create(
        BusyTime(
            source=imported,
            calendar_id=imported.calendar_id,
            starts_at=span.starts_at,
            ends_at=span.ends_at,
        )
        for span in spans
    )
    imported.refreshed_at = now
    imported.busy_count = len(spans)
    imported.error = ""
    imported.error_at = None
    imported.save(update_fields=["refreshed_at", "busy_count", "error", "error_at"])
    return imported


def _clean_name(name: str, fallback: str) -> str:
    name = name.strip()[:200]
    return name or fallback


def add_import_url(candidate: Candidate, *, by: User, name: str, url: str) -> ImportedCalendar:
    """Fetches the calendar now (outside any transaction), so a wrong address
    is told at once and nothing is saved."""
    _require_owner(candidate, by)
    now = timezone.now()
    try:
        url = imports.normalise_url(url)
        text = imports.fetch(url)
        spans = imports.busy_spans(text, zone_of(candidate), *_import_window(now))
    except imports.ImportProblem as problem:
        raise Refused(problem.message, Reason.INVALID) from None
    with transaction.atomic():
        calendar = lock_calendar(candidate.pk)
        imported = ImportedCalendar.objects.create(
            calendar=calendar, name=_clean_name(name, url), url=url, created_at=now
        )
        return _store_busy(imported, spans, now)


def add_import_file(candidate: Candidate, *, by: User, name: str, content: str) -> ImportedCalendar:
    _require_owner(candidate, by)
    now = timezone.now()
    try:
        spans = imports.busy_spans(content, zone_of(candidate), *_import_window(now))
    except imports.ImportProblem as problem:
        raise Refused(problem.message, Reason.INVALID) from None
    with transaction.atomic():
        calendar = lock_calendar(candidate.pk)
        imported = ImportedCalendar.objects.create(
            calendar=calendar,
            name=_clean_name(name, "Uploaded calendar"),
            content=content,
            created_at=now,
        )
        return _store_busy(imported, spans, now)


def refresh_import(imported: ImportedCalendar, *, now: datetime | None = None) -> bool:
    """Reads the calendar again and replaces its busy times. On failure the
    last good busy times stay and the error is kept to show the candidate.
    True if it worked."""
    now = now or timezone.now()
    imported = ImportedCalendar.objects.select_related("calendar__candidate__user").get(
        pk=imported.pk
    )
    candidate = imported.calendar.candidate
    try:
        text = imports.fetch(imported.url) if imported.url else imported.content
        spans = imports.busy_spans(text, zone_of(candidate), *_import_window(now))
    except imports.ImportProblem as problem:
        ImportedCalendar.objects.filter(pk=imported.pk).update(error=problem.message, error_at=now)
        return False
    with transaction.atomic():
        if not ImportedCalendar.objects.filter(pk=imported.pk).exists():
            return False  # removed meanwhile
        _store_busy(imported, spans, now)
    return True


@transaction.atomic
def remove_import(imported: ImportedCalendar, *, by: User) -> None:
    _require_owner(imported.calendar.candidate, by)
    lock_calendar(imported.calendar.candidate_id)
    ImportedCalendar.objects.filter(pk=imported.pk).delete()


# ---------------------------------------------------------------- subscription feed


@transaction.atomic
def create_feed(*, by: User) -> CalendarFeed:
    """A new private subscription URL; any earlier one stops working."""
    CalendarFeed.objects.filter(user=by).delete()
    return CalendarFeed.objects.create(user=by)


@transaction.atomic
def revoke_feed(*, by: User) -> None:
    CalendarFeed.objects.filter(user=by).delete()
