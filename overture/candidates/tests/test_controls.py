"""Candidates control who reaches them (pause, block) and see their response
time; companies see the badge in the candidate list and on profiles."""

from datetime import timedelta

import pytest
from django.test import Client

from overture.candidates.actions import block_company, unblock_company
from overture.candidates.models import Block, Candidate
from overture.conftest import make_details
from overture.interviews.actions import decline_request, send_request
from overture.interviews.models import InterviewRequest
from overture.lib.errors import Refused

pytestmark = pytest.mark.django_db


def acme(recruiter):
    return recruiter.membership.company


def test_a_blocking_candidate_is_invisible_to_that_company_only(
    as_recruiter, recruiter, candidate, other_recruiter
):
    block_company(acme(recruiter), by=candidate.user)
    assert "Dana Candidate" not in as_recruiter.get("/candidates/").content.decode()
    assert as_recruiter.get(f"/candidates/{candidate.pk}/").status_code == 404
    other = Client()
    other.force_login(other_recruiter)
    assert "Dana Candidate" in other.get("/candidates/").content.decode()
    assert other.get(f"/candidates/{candidate.pk}/").status_code == 200


def test_a_blocked_company_cannot_send_a_request(recruiter, candidate):
    block_company(acme(recruiter), by=candidate.user)
    with pytest.raises(Refused, match="isn't taking new interview requests"):
        send_request(by=recruiter, candidate=candidate, details=make_details())
    assert not InterviewRequest.objects.exists()


def test_a_paused_candidate_is_invisible_and_receives_no_request(
    as_recruiter, recruiter, candidate, send
):
    request = send(candidate)
    decline_request(request, by=candidate.user, reason="not_looking", pause_profile=True)
    assert Candidate.objects.get(pk=candidate.pk).is_paused
    assert "Dana Candidate" not in as_recruiter.get("/candidates/").content.decode()
    assert as_recruiter.get(f"/candidates/{candidate.pk}/").status_code == 404
    with pytest.raises(Refused):
        send_request(by=recruiter, candidate=candidate, details=make_details())


def test_the_candidate_blocks_and_unblocks_from_their_page(as_candidate, candidate, recruiter):
    company = acme(recruiter)
    page = as_candidate.get("/candidates/me/blocked/", {"q": "acme"}).content.decode()
    assert "Acme Robotics" in page and 'aria-label="Block Acme Robotics"' in page
    response = as_candidate.post(f"/candidates/me/blocked/{company.pk}/block/", follow=True)
    assert "You blocked Acme Robotics" in response.content.decode()
    assert Block.objects.filter(candidate=candidate, company=company).count() == 1
    # Blocking twice is harmless.
    as_candidate.post(f"/candidates/me/blocked/{company.pk}/block/")
    assert Block.objects.filter(candidate=candidate, company=company).count() == 1
    page = as_candidate.get("/candidates/me/blocked/").content.decode()
    assert 'aria-label="Unblock Acme Robotics"' in page
    as_candidate.post(f"/candidates/me/blocked/{company.pk}/unblock/")
    assert not Block.objects.filter(candidate=candidate).exists()


def test_only_candidates_block(as_recruiter, recruiter, candidate):
    company = acme(recruiter)
    assert as_recruiter.get("/candidates/me/blocked/").status_code == 404
    assert as_recruiter.post(f"/candidates/me/blocked/{company.pk}/block/").status_code == 404
    with pytest.raises(Refused):
        block_company(company, by=recruiter)
    with pytest.raises(Refused):
        unblock_company(company, by=recruiter)


def test_blocking_a_missing_company_is_a_404(as_candidate):
    assert as_candidate.post("/candidates/me/blocked/999999/block/").status_code == 404


def test_blocking_needs_a_post(as_candidate, recruiter):
    company = acme(recruiter)
    assert as_candidate.get(f"/candidates/me/blocked/{company.pk}/block/").status_code == 405


def test_a_too_long_search_is_refused_with_a_message(as_candidate):
    response = as_candidate.get("/candidates/me/blocked/", {"q": "x" * 300})
    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()


# Response time and the badge ----------------------------------------------------


def answered_fast(clock, send, candidate, hours=5):
    request = send(candidate)
    clock.shift(timedelta(hours=hours))
    decline_request(request, by=candidate.user, reason="role")
    return request


def test_companies_see_the_badge_in_the_list_and_on_the_profile(
    clock, as_recruiter, send, candidate, other_candidate
):
    answered_fast(clock, send, candidate)
    listing = as_recruiter.get("/candidates/").content.decode()
    assert listing.count("Fast responder") == 1
    assert "Typically responds within 5 hours" in listing
    profile = as_recruiter.get(f"/candidates/{candidate.pk}/").content.decode()
    assert "Fast responder" in profile and "Typically responds within 5 hours" in profile
    quiet = as_recruiter.get(f"/candidates/{other_candidate.pk}/").content.decode()
    assert "Fast responder" not in quiet and "Typically responds" not in quiet


def test_the_candidate_list_reads_all_badges_in_one_query(
    clock, as_recruiter, send, candidate, django_assert_max_num_queries
):
    from overture.accounts.actions import sign_up_candidate

    answered_fast(clock, send, candidate)
    for index in range(60):
        sign_up_candidate(
            email=f"c{index}@example.com", name=f"C {index}", password="x" * 12, time_zone="UTC"
        )
    with django_assert_max_num_queries(10) as captured:
        page = as_recruiter.get("/candidates/").content.decode()
    assert page.count(">View profile<") == 50
    badge_queries = [
        q for q in captured.captured_queries if "interviews_interviewrequest" in q["sql"]
    ]
    assert len(badge_queries) == 1


def test_the_candidate_sees_their_average_and_every_request_that_counted(
    clock, as_candidate, send, candidate, other_recruiter
):
    fast = answered_fast(clock, send, candidate, hours=5)
    lapsed = send(candidate, by=other_recruiter)
    clock.move_to(lapsed.expires_at + timedelta(minutes=1))
    as_candidate.force_login(candidate.user)  # two weeks on, the session has expired
    page = as_candidate.get("/candidates/me/response-time/").content.decode()
    assert "7 days 2 hours" in page  # (5 hours + 14 days) / 2
    assert "Fast responder" in page  # named in the explanation...
    assert '<span class="badge badge-fast">Fast responder</span> Companies see' not in page
    assert f'href="/interviews/{fast.pk}/"' in page and f'href="/interviews/{lapsed.pk}/"' in page
    assert "Automatically declined" in page and "14 days" in page and "5 hours" in page


def test_the_candidate_with_nothing_counted_sees_no_badge(as_candidate):
    page = as_candidate.get("/candidates/me/response-time/").content.decode()
    assert "No request counts right now" in page


def test_only_candidates_have_a_response_time_page(as_recruiter):
    assert as_recruiter.get("/candidates/me/response-time/").status_code == 404
