"""Scheduling fragments other apps' pages include (the interview page)."""

from django import template
from django.utils import timezone

from overture.companies.models import Company
from overture.interviews.models import InterviewProcess, InterviewRequest
from overture.scheduling import queries
from overture.scheduling.models import Booking

register = template.Library()


@register.simple_tag
def process_bookings(interview: InterviewRequest) -> list[Booking]:
    """Every interview of the request's process (one query), or none."""
    try:
        process = interview.process
    except InterviewProcess.DoesNotExist:
        return []
    return queries.process_bookings(process)


@register.simple_tag
def company_accountability(company: Company) -> queries.Accountability:
    return queries.company_accountability(company, timezone.now())


@register.filter
def upcoming(booking: Booking) -> bool:
    return booking.is_upcoming(timezone.now())
