"""Who may see and change what: every page and action for six actors.

Objects of others answer 404 (nobody learns an id exists), anonymous
visitors are sent to sign in, and a refused write changes nothing."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from overture.accounts.models import User
from overture.candidates.models import Candidate
from overture.interviews.actions import accept_request
from overture.interviews.models import InterviewRequest

pytestmark = pytest.mark.django_db

ACTORS = ["candidate", "other_candidate", "recruiter", "other_recruiter", "staff", "anonymous"]
SECRET_TITLE = "Confidential Robotics Lead"

OK, NOT_FOUND, SIGN_IN, NOT_ALLOWED = "ok", 404, "sign-in", 405


@pytest.fixture
def cast(candidate, other_candidate, recruiter, other_recruiter, staff) -> dict[str, User | None]:
    return {
        "candidate": candidate.user,
        "other_candidate": other_candidate.user,
        "recruiter": recruiter,
        "other_recruiter": other_recruiter,
        "staff": staff,
        "anonymous": None,
    }


@pytest.fixture
def pending(send, candidate) -> InterviewRequest:
    return send(candidate, role_title=SECRET_TITLE, personal_note="A private note for Dana")


@pytest.fixture
def accepted(send, other_candidate) -> InterviewRequest:
    request = send(other_candidate, role_title=SECRET_TITLE)
    accept_request(request, by=other_candidate.user)
    return request


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def outcome(response: Any) -> Any:
    if response.status_code in (301, 302) and "/accounts/login/" in response["Location"]:
        return SIGN_IN
    if response.status_code in (200, 302):
        return OK
    return response.status_code


# Page → which actors get it; everyone else gets 404 (or the sign-in page).
READ_MATRIX: list[tuple[str, Callable[..., str], set[str]]] = [
    (
        "interviews tab",
        lambda **o: reverse("interviews:tab"),
        {"candidate", "other_candidate", "recruiter", "other_recruiter"},
    ),
    (
        "review page",
        lambda **o: reverse("interviews:detail", args=[o["pending"].pk]),
        {"candidate", "recruiter"},
    ),
    (
        "end process page",
        lambda **o: reverse("interviews:end", args=[o["accepted"].pk]),
        {"other_candidate", "recruiter"},
    ),
    ("edit page", lambda **o: reverse("interviews:edit", args=[o["pending"].pk]), {"recruiter"}),
    (
        "withdraw page",
        lambda **o: reverse("interviews:withdraw", args=[o["pending"].pk]),
        {"recruiter"},
    ),
    (
        "candidate directory",
        lambda **o: reverse("candidates:directory"),
        {"recruiter", "other_recruiter"},
    ),
    (
        "candidate profile",
        lambda **o: reverse("candidates:profile", args=[o["cand"].pk]),
        {"recruiter", "other_recruiter"},
    ),
    (
        "send form",
        lambda **o: reverse("candidates:send", args=[o["cand"].pk]),
        {"recruiter", "other_recruiter"},
    ),
    ("own profile", lambda **o: reverse("candidates:me"), {"candidate", "other_candidate"}),
    ("company page", lambda **o: reverse("companies:profile"), {"recruiter", "other_recruiter"}),
    ("add member page", lambda **o: reverse("companies:add_member"), {"other_recruiter"}),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("page", "url", "allowed"), READ_MATRIX, ids=[r[0] for r in READ_MATRIX])
def test_pages_answer_only_those_who_may_see_them(
    cast, pending, accepted, candidate, actor, page, url, allowed
):
    response = client_for(cast[actor]).get(url(pending=pending, accepted=accepted, cand=candidate))
    if actor == "anonymous":
        assert outcome(response) == SIGN_IN
    elif actor in allowed:
        assert outcome(response) == OK, response.content[:500]
    else:
        assert outcome(response) == NOT_FOUND
        assert SECRET_TITLE.encode() not in response.content
        assert b"A private note" not in response.content


WRITE_MATRIX: list[tuple[str, str, dict[str, str], set[str]]] = [
    ("accept", "interviews:accept", {"accept-note": "hi"}, {"candidate"}),
    ("decline", "interviews:decline", {"decline-reason": "role"}, {"candidate"}),
    ("withdraw", "interviews:withdraw", {}, {"recruiter"}),
    ("edit", "interviews:edit", {"role_title": "Changed"}, {"recruiter"}),
]


REFUSALS = [
    pytest.param(actor, name, data, id=f"{action}-by-{actor}")
    for action, name, data, allowed in WRITE_MATRIX
    for actor in ACTORS
    if actor not in allowed  # the allowed paths are covered by test_views.py
]


@pytest.mark.parametrize(("actor", "name", "data"), REFUSALS)
def test_actions_on_a_request_are_refused_to_everyone_else_and_change_nothing(
    cast, pending, actor, name, data
):
    before = InterviewRequest.objects.values().get(pk=pending.pk)
    events_before = pending.events.count()
    response = client_for(cast[actor]).post(reverse(name, args=[pending.pk]), data)
    assert outcome(response) == (SIGN_IN if actor == "anonymous" else NOT_FOUND)
    assert InterviewRequest.objects.values().get(pk=pending.pk) == before
    assert pending.events.count() == events_before


@pytest.mark.parametrize("actor", ACTORS)
def test_ending_a_process_is_refused_to_outsiders(cast, accepted, actor):
    allowed = {"other_candidate", "recruiter"}  # accepted belongs to other_candidate and Acme
    response = client_for(cast[actor]).post(reverse("interviews:end", args=[accepted.pk]), {})
    accepted.process.refresh_from_db()
    if actor == "anonymous":
        assert outcome(response) == SIGN_IN
        assert accepted.process.is_active
    elif actor in allowed:
        assert outcome(response) == OK
        assert not accepted.process.is_active
    else:
        assert outcome(response) == NOT_FOUND
        assert accepted.process.is_active


@pytest.mark.parametrize("actor", ACTORS)
def test_sending_is_refused_to_all_but_company_members(cast, candidate, actor):
    data = {
        "role_title": "Engineer",
        "role_description": "Build things",
        "work_arrangement": "remote",
        "salary_currency": "EUR",
        "salary_min": "50000",
        "personal_note": "Hello",
    }
    response = client_for(cast[actor]).post(reverse("candidates:send", args=[candidate.pk]), data)
    sent = InterviewRequest.objects.filter(candidate=candidate).count()
    if actor == "anonymous":
        assert outcome(response) == SIGN_IN
    elif actor in {"recruiter", "other_recruiter"}:
        assert outcome(response) == OK
        assert sent == 1
        return
    else:
        assert outcome(response) == NOT_FOUND
    assert sent == 0


def test_a_company_cannot_find_a_candidate_who_blocks_it(client, recruiter, candidate):
    candidate.blocks.create(company=recruiter.membership.company)
    client.force_login(recruiter)
    assert client.get(reverse("candidates:profile", args=[candidate.pk])).status_code == 404
    assert candidate.name.encode() not in client.get(reverse("candidates:directory")).content


def test_a_company_cannot_find_a_paused_candidate(client, recruiter, candidate):
    Candidate.objects.filter(pk=candidate.pk).update(is_paused=True)
    client.force_login(recruiter)
    assert client.get(reverse("candidates:profile", args=[candidate.pk])).status_code == 404


@pytest.mark.parametrize("actor", ACTORS)
def test_only_staff_reach_the_staff_console(cast, actor):
    response = client_for(cast[actor]).get("/admin/interviews/interviewrequest/")
    if actor == "staff":
        # Staff need the model permission too; a plain staff account without it gets 403.
        assert response.status_code in (200, 403)
    else:
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_a_guessed_id_answers_404_not_500(client, candidate):
    client.force_login(candidate.user)
    for url in ("/interviews/999999/", "/interviews/999999/accept/", "/candidates/999999/"):
        assert client.get(url).status_code in (404, 405)


@pytest.mark.parametrize("actor", ACTORS)
def test_writing_in_a_process_thread_is_refused_to_outsiders(cast, accepted, actor):
    allowed = {"other_candidate", "recruiter"}  # accepted belongs to other_candidate and Acme
    url = reverse("interviews:post-message", args=[accepted.pk])
    response = client_for(cast[actor]).post(url, {"message-body": "Hello"})
    written = accepted.process.messages.count()
    if actor == "anonymous":
        assert outcome(response) == SIGN_IN
    elif actor in allowed:
        assert outcome(response) == OK
        assert written == 1
        return
    else:
        assert outcome(response) == NOT_FOUND
    assert written == 0
