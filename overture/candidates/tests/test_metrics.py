"""Response time and the "Fast responder" badge (SPEC §4), at its boundaries."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from overture.accounts.models import User
from overture.candidates.metrics import (
    NO_RESPONSES,
    counted_for,
    response_stats,
    stats_for,
    stats_query,
)
from overture.candidates.models import Candidate
from overture.companies.models import Company
from overture.interviews.actions import accept_request, decline_request, withdraw_request
from overture.interviews.models import InterviewRequest
from overture.interviews.sweep import sweep

pytestmark = pytest.mark.django_db


@pytest.fixture
def answer(clock, send, candidate, recruiter, acme_admin, other_recruiter):
    """answer(after, how="accept") sends a request now and answers it `after` later.
    Each call comes from a sender without an open request to the candidate."""
    senders = iter([recruiter, other_recruiter])

    def _answer(after: timedelta, how: str = "decline") -> InterviewRequest:
        request = send(candidate, by=next(senders))
        clock.shift(after)
        if how == "accept":
            accept_request(request, by=candidate.user)
        else:
            decline_request(request, by=candidate.user, reason="role")
        request.refresh_from_db()
        return request

    return _answer


def test_an_average_of_47_hours_59_minutes_earns_the_badge(answer, candidate):
    answer(timedelta(hours=47, minutes=59))
    stats = stats_for(candidate, timezone.now())
    assert stats.counted == 1
    assert stats.average == timedelta(hours=47, minutes=59)
    assert stats.fast_responder
    assert stats.typical_hours == 48


def test_an_average_of_exactly_48_hours_earns_no_badge(answer, candidate):
    answer(timedelta(hours=48))
    stats = stats_for(candidate, timezone.now())
    assert stats.average == timedelta(hours=48)
    assert not stats.fast_responder


def test_it_averages_accepts_and_declines_alike(answer, candidate):
    answer(timedelta(hours=10), how="accept")
    answer(timedelta(hours=30), how="decline")
    stats = stats_for(candidate, timezone.now())
    assert (stats.counted, stats.average, stats.fast_responder) == (2, timedelta(hours=20), True)


def test_a_response_30_days_and_1_second_ago_no_longer_counts(answer, candidate, clock):
    answer(timedelta(hours=2))
    answered_at = timezone.now()
    clock.move_to(answered_at + timedelta(days=30))
    assert stats_for(candidate, timezone.now()).counted == 1
    clock.move_to(answered_at + timedelta(days=30, seconds=1))
    assert stats_for(candidate, timezone.now()) == NO_RESPONSES
    assert not stats_for(candidate, timezone.now()).fast_responder


def test_an_expired_request_counts_as_14_days_even_before_the_sweep(clock, send, candidate):
    request = send(candidate)
    clock.move_to(request.expires_at)
    stats = stats_for(candidate, timezone.now())  # the sweep has not run
    assert (stats.counted, stats.average) == (1, timedelta(days=14))
    sweep()
    assert stats_for(candidate, timezone.now()) == stats
    assert not stats.fast_responder


def test_an_expiry_pulls_a_fast_average_over_the_line(answer, clock, send, candidate, acme_admin):
    answer(timedelta(hours=1))
    request = send(candidate, by=acme_admin)  # never answered
    clock.move_to(request.expires_at)
    stats = stats_for(candidate, timezone.now())
    assert stats.counted == 2
    assert stats.average == (timedelta(hours=1) + timedelta(days=14)) / 2
    assert not stats.fast_responder


def test_a_withdrawn_request_never_counts(clock, send, candidate, recruiter):
    request = send(candidate)
    clock.shift(timedelta(days=1))
    withdraw_request(request, by=recruiter)
    clock.move_to(request.expires_at + timedelta(days=1))
    assert stats_for(candidate, timezone.now()) == NO_RESPONSES


def test_nothing_counted_means_no_badge(candidate, clock):
    stats = stats_for(candidate, timezone.now())
    assert (stats.counted, stats.average, stats.fast_responder) == (0, None, False)


def test_it_reads_many_candidates_in_one_query(
    answer, candidate, other_candidate, django_assert_num_queries
):
    answer(timedelta(hours=5))
    with django_assert_num_queries(1):
        stats = response_stats([candidate.pk, other_candidate.pk], timezone.now())
    assert stats[candidate.pk].average == timedelta(hours=5)
    assert other_candidate.pk not in stats


def test_it_lists_exactly_the_requests_that_counted_with_their_times(
    answer, clock, send, candidate, other_recruiter
):
    fast = answer(timedelta(hours=3), how="accept")
    lapsed = send(candidate, by=other_recruiter)
    clock.move_to(lapsed.expires_at + timedelta(minutes=1))
    rows: list[Any] = list(counted_for(candidate, timezone.now()))
    assert [(r.pk, r.response_time) for r in rows] == [
        (lapsed.pk, timedelta(days=14)),
        (fast.pk, timedelta(hours=3)),
    ]
    assert rows[0].counted_at == lapsed.expires_at
    assert rows[1].counted_at == fast.responded_at


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's EXPLAIN output")
def test_the_badge_query_uses_an_index_for_a_candidate_with_10000_requests(candidate):
    now = timezone.now()
    companies = Company.objects.bulk_create(
        [Company(name=f"Company {i}", size="11-50") for i in range(200)]
    )
    others = Candidate.objects.bulk_create(
        [
            Candidate(user=user)
            for user in User.objects.bulk_create(
                [User(email=f"bulk{i}@example.com", name=f"Bulk {i}") for i in range(19)]
            )
        ]
    )
    with connection.cursor() as cursor:
        # 10,000 requests answered in the window for each of 20 candidates,
        # written straight in SQL for speed.
        cursor.execute(
            """
            INSERT INTO interviews_interviewrequest (company_id, sender_id, candidate_id,
                role_title, role_description, work_arrangement, work_location,
                salary_currency, salary_min, perks, personal_note, status,
                sent_at, expires_at, responded_at, response_note, decline_reason)
            SELECT %(first_company)s + (i %% 200), %(sender)s, c.id, 'Role', '', 'remote', '',
                'EUR', 1, '[]', 'Hi', 'declined', %(now)s - interval '2 days',
                %(now)s + interval '12 days', %(now)s - interval '1 day', '', ''
            FROM generate_series(1, 10000) i
            CROSS JOIN candidates_candidate c
            WHERE c.id = ANY(%(candidates)s)
            """,
            {
                "first_company": min(c.pk for c in companies),
                "sender": candidate.user_id,
                "now": now,
                "candidates": [candidate.pk, *(c.pk for c in others)],
            },
        )
        cursor.execute("ANALYZE interviews_interviewrequest")
    plan = stats_query([candidate.pk], now).explain()
    assert "Index" in plan, plan
    assert "Seq Scan on interviews_interviewrequest" not in plan, plan
    assert response_stats([candidate.pk], now)[candidate.pk].counted == 10000
