"""What an invite or a feed entry says about a booking, read from the
database for ics.py to write."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from overture.accounts.models import User
from overture.scheduling.ics import EventFacts, Person
from overture.scheduling.models import (
    Booking,
    BookingChange,
)

# ---------------------------------------------------------------- iCalendar facts


def _url(name: str, *args: object) -> str:
    return f"{settings.SITE_URL}{reverse(name, args=args)}"


def _facts(
    booking: Booking,
    *,
    sequence: int,
    stamp: datetime,
    starts_at: datetime,
    ends_at: datetime,
    medium_label: str,
    location: str,
    note: str,
    cancelled: bool,
) -> EventFacts:
    request = booking.process.request
    candidate = request.candidate.user
    people = {user.pk: user for user in (booking.booked_by, request.sender, candidate)}
    lines = [
        f"{medium_label} for {request.role_title} at {request.company.name}, "
        f"with {candidate.name}.",
    ]
    if location:
        lines.append(f"{'Join' if location.startswith('http') else 'Where'}: {location}")
    if note:
        lines.append(f"Note: {note}")
    lines.append(f"Details and changes: {_url('interviews:detail', request.pk)}")
    return EventFacts(
        uid=booking.uid,
        sequence=sequence,
        stamp=stamp,
        starts_at=starts_at,
        ends_at=ends_at,
        summary=f"Interview: {request.role_title} — {request.company.name} with {candidate.name}",
        description="\n".join(lines),
        location=location,
        url=_url("interviews:detail", request.pk),
        cancelled=cancelled,
        organizer=Person(booking.booked_by.name, booking.booked_by.email),
        attendees=tuple(Person(u.name, u.email) for u in people.values()),
        created=booking.created_at,
    )


def change_facts(change: BookingChange) -> EventFacts:
    """The invite for one change, as it was at that change."""
    return _facts(
        change.booking,
        sequence=change.sequence,
        stamp=change.at,
        starts_at=change.starts_at,
        ends_at=change.ends_at,
        medium_label=change.get_medium_display(),
        location=change.location,
        note=change.note,
        cancelled=change.kind == "cancelled",
    )


def booking_facts(booking: Booking) -> EventFacts:
    return _facts(
        booking,
        sequence=booking.sequence,
        stamp=booking.updated_at,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        medium_label=booking.get_medium_display(),
        location=booking.location,
        note=booking.note,
        cancelled=not booking.is_booked,
    )


def change_for_notice(booking_id: int, dedupe_key: str) -> BookingChange | None:
    """The change a booking notice announces (its dedupe key names the sequence)."""
    try:
        sequence = int(dedupe_key.rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return None
    return (
        BookingChange.objects.select_related(
            "actor",
            "booking__booked_by",
            "booking__process__request__company",
            "booking__process__request__sender",
            "booking__process__request__candidate__user",
        )
        .filter(booking_id=booking_id, sequence=sequence)
        .first()
    )


FEED_PAST = timedelta(days=30)


def feed_bookings(user: User, now: datetime) -> list[Booking]:
    """A user's booked interviews for their subscription: a candidate's own,
    a company member's that they booked or whose request they sent."""
    qs = Booking.objects.booked().filter(starts_at__gte=now - FEED_PAST)
    candidate = getattr(user, "candidate", None)
    if candidate is not None:
        qs = qs.filter(calendar__candidate=candidate)
    elif getattr(user, "membership", None) is not None:
        qs = qs.filter(
            Q(booked_by=user) | Q(process__request__sender=user),
            process__request__company_id=user.membership.company_id,
        )
    else:
        return []
    return list(
        qs.select_related(
            "booked_by",
            "process__request__company",
            "process__request__sender",
            "process__request__candidate__user",
        ).order_by("starts_at")
    )
