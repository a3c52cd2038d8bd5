"""Fetch-and-authorize for scheduling pages: whatever a person may not see
is a 404, so nobody learns that an id exists by guessing it."""

from django.http import Http404

from overture.accounts.models import User
from overture.candidates.access import get_own_candidate
from overture.interviews.access import get_process_for
from overture.interviews.models import InterviewProcess
from overture.scheduling.models import Booking, BookingQuerySet, DateOverride, ImportedCalendar


def get_bookable_process_for(user: User, request_id: int) -> InterviewProcess:
    """A process a company member may book in: their company's."""
    if getattr(user, "membership", None) is None:
        raise Http404("No such interview process.")
    return get_process_for(user, request_id)


def _bookings() -> BookingQuerySet:
    return Booking.objects.select_related(
        "calendar__candidate__user",
        "process__request__company",
        "process__request__candidate__user",
        "process__request__sender",
        "booked_by",
    )


def bookings_visible_to(user: User) -> BookingQuerySet:
    qs = _bookings()
    candidate = getattr(user, "candidate", None)
    if candidate is not None:
        return qs.filter(calendar__candidate=candidate)
    membership = getattr(user, "membership", None)
    if membership is not None:
        return qs.filter(process__request__company_id=membership.company_id)
    return qs.none()


def get_booking_for(user: User, booking_id: int) -> Booking:
    if not user.is_authenticated:
        raise Http404("No such interview.")
    booking = bookings_visible_to(user).filter(pk=booking_id).first()
    if booking is None:
        raise Http404("No such interview.")
    return booking


def get_booking_by_id(booking_id: int) -> Booking | None:
    """For signed links, whose signature is the authorisation."""
    return _bookings().filter(pk=booking_id).first()


def get_override_for(user: User, override_id: int) -> DateOverride:
    candidate = get_own_candidate(user)
    override = (
        DateOverride.objects.select_related("calendar__candidate")
        .filter(pk=override_id, calendar__candidate=candidate)
        .first()
    )
    if override is None:
        raise Http404("No such date.")
    return override


def get_import_for(user: User, import_id: int) -> ImportedCalendar:
    candidate = get_own_candidate(user)
    imported = (
        ImportedCalendar.objects.select_related("calendar__candidate")
        .filter(pk=import_id, calendar__candidate=candidate)
        .first()
    )
    if imported is None:
        raise Http404("No such imported calendar.")
    return imported
