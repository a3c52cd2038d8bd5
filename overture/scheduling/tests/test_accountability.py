"""What the candidate sees of a company on every request (SPEC §4): how soon
it books a first interview after acceptance, and how often it ends a
process with a message; both over the past 90 days."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from overture.accounts.actions import sign_up_candidate
from overture.candidates.models import Candidate
from overture.interviews import followups
from overture.interviews.actions import accept_request, end_process
from overture.scheduling import actions, queries
from overture.scheduling.models import Medium
from overture.scheduling.tests.conftest import LINK, T0

pytestmark = pytest.mark.django_db


def new_candidate(n: int) -> Candidate:
    user = sign_up_candidate(
        email=f"p{n}@example.com",
        name=f"Person {n}",
        password="a-long-test-password-1",
        time_zone="UTC",
    )
    return Candidate.objects.get(user=user)


def weekday_morning(days_ahead: int) -> datetime:
    """10:00 UTC on a weekday at least ``days_ahead`` days from now."""
    day = timezone.now().date() + timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, 10, tzinfo=UTC)


def opened_and_booked(clock, send, recruiter, n: int, wait: timedelta):
    candidate = new_candidate(n)
    process = accept_request(send(candidate), by=candidate.user)
    clock.shift(wait)
    actions.book(
        process,
        by=recruiter,
        starts_at=weekday_morning(2),
        minutes=30,
        details=actions.Details(Medium.VIDEO, LINK),
    )
    return process


def test_the_median_wait_for_a_first_booking_over_90_days(clock, send, recruiter):
    company = recruiter.membership.company
    assert queries.company_accountability(company, T0).median_to_first_booking is None
    clock.move_to(T0 - timedelta(days=100))
    opened_and_booked(clock, send, recruiter, 0, timedelta(hours=1))  # too long ago
    clock.move_to(T0 - timedelta(days=10))
    for n, hours in enumerate((2, 10, 30), start=1):
        opened_and_booked(clock, send, recruiter, n, timedelta(hours=hours))
    figures = queries.company_accountability(company, T0)
    assert figures.median_to_first_booking == timedelta(hours=10)
    assert figures.booked_processes == 3


def test_a_later_round_does_not_count_as_the_first(clock, send, recruiter):
    process = opened_and_booked(clock, send, recruiter, 1, timedelta(hours=5))
    clock.shift(timedelta(days=2))
    actions.book(
        process,
        by=recruiter,
        starts_at=weekday_morning(3),
        minutes=30,
        details=actions.Details(Medium.PHONE),
    )
    assert queries.company_accountability(
        recruiter.membership.company, T0 + timedelta(days=3)
    ).median_to_first_booking == timedelta(hours=5)


def test_the_share_of_processes_the_company_ended_with_a_message(clock, send, recruiter):
    company = recruiter.membership.company
    endings = [
        (recruiter, "We filled the role."),
        (recruiter, ""),
        (recruiter, "Budget cut."),
        (None, ""),
        (None, "Taking another offer."),
    ]
    for n, (by, reason) in enumerate(endings):
        candidate = new_candidate(n)
        process = accept_request(send(candidate), by=candidate.user)
        end_process(process, by=by or candidate.user, reason=reason)
    figures = queries.company_accountability(company, T0 + timedelta(hours=1))
    assert (figures.ended_by_company, figures.ended_with_message) == (3, 2)
    assert figures.percent_ended_with_message == 67
    assert queries.company_accountability(company, T0 + timedelta(days=91)).ended_by_company == 0


def test_the_candidate_sees_it_on_the_request(clock, send, recruiter, candidate):
    opened_and_booked(clock, send, recruiter, 1, timedelta(hours=26))
    request = send(candidate)
    client = Client()
    client.force_login(candidate.user)
    html = client.get(f"/interviews/{request.pk}/").content.decode()
    assert "How Acme Robotics follows up" in html
    assert "typically 1 day 2 hours after acceptance" in html
    assert "they ended none" in html


def test_the_48_hour_nudge_keys_on_real_bookings(clock, send, recruiter, candidate):
    waiting = accept_request(send(candidate), by=candidate.user)
    booked = opened_and_booked(clock, send, recruiter, 1, timedelta(hours=1))
    cancelled = opened_and_booked(clock, send, recruiter, 2, timedelta(hours=1))
    actions.cancel(cancelled.bookings.get(), by=recruiter)
    assert list(followups.awaiting_booking(T0 + timedelta(hours=47))) == []
    assert list(followups.awaiting_booking(T0 + timedelta(hours=49))) == [waiting]
    assert followups.has_booking(booked) and followups.has_booking(cancelled)
    assert not followups.has_booking(waiting)
