from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from overture.conftest import T0
from overture.interviews.actions import accept_request, decline_request, end_process
from overture.interviews.models import InterviewRequest, ProcessStatus, Status

pytestmark = pytest.mark.django_db


def send_form(**overrides: str) -> dict[str, str]:
    data = {
        "role_title": "Platform Engineer",
        "role_description": "Keep the robots talking.",
        "work_arrangement": "hybrid",
        "work_location": "Berlin",
        "salary_currency": "EUR",
        "salary_min": "70000",
        "salary_max": "90000",
        "perks": "Learning budget\nTrain pass",
        "personal_note": "We loved your talk on Django.",
    }
    data.update(overrides)
    return data


# The Interviews tab ----------------------------------------------------------


def test_the_tab_lists_pending_first_then_active_and_hides_ended(
    as_candidate, send, candidate, other_recruiter
):
    active = send(candidate, by=other_recruiter, role_title="Active Role")
    accept_request(active, by=candidate.user)
    pending = send(candidate, role_title="Pending Role")
    html = as_candidate.get("/interviews/").content.decode()
    assert html.index("Pending Role") < html.index("Active Role")
    assert "Review request" in html
    assert "left" in html  # time left before it is automatically declined
    end_process(active.process, by=candidate.user)
    decline_request(pending, by=candidate.user)
    html = as_candidate.get("/interviews/").content.decode()
    assert "Pending Role" not in html and "Active Role" not in html
    assert "Nothing waiting for you" in html


def test_show_ended_interviews_is_kept_in_the_url(as_candidate, send, candidate):
    decline_request(send(candidate, role_title="Old Role"), by=candidate.user)
    html = as_candidate.get("/interviews/", {"ended": "1"}).content.decode()
    assert "Old Role" in html
    assert 'id="show-ended" checked' in html
    assert "Show ended interviews" in html


def test_an_overdue_request_shows_as_automatically_declined_before_any_sweep(
    as_candidate, send, candidate
):
    with time_machine.travel(T0, tick=False) as clock:
        request = send(candidate, role_title="Quiet Role")
        clock.move_to(request.expires_at)
        assert "Quiet Role" not in as_candidate.get("/interviews/").content.decode()
        html = as_candidate.get("/interviews/", {"ended": "1"}).content.decode()
        assert "Quiet Role" in html and "Automatically declined" in html
        page = as_candidate.get(f"/interviews/{request.pk}/").content.decode()
        assert "Accept request" not in page


def test_the_tab_has_an_empty_state(as_candidate):
    html = as_candidate.get("/interviews/", {"ended": "1"}).content.decode()
    assert "No interviews yet" in html


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_tab_and_review_page_run_the_same_queries_for_1_and_50_requests(
    send, candidate, acme_admin
):
    company = acme_admin.membership.company
    client = Client()
    client.force_login(candidate.user)
    first = send(candidate)
    decline_request(first, by=candidate.user, reason="role")
    one_tab = _queries(client, "/interviews/?ended=1")
    one_review = _queries(client, f"/interviews/{first.pk}/")

    # 49 more, from 49 more companies, in every state.
    from overture.accounts.actions import sign_up_company

    for index in range(49):
        sender = sign_up_company(
            email=f"r{index}@example.com",
            name=f"R {index}",
            password="x" * 12,
            time_zone="UTC",
            company_name=f"Company {index}",
            company_size=company.size,
        )
        request = send(candidate, by=sender)
        if index % 3 == 0:
            accept_request(request, by=candidate.user)
        elif index % 3 == 1:
            decline_request(request, by=candidate.user)
    assert InterviewRequest.objects.filter(candidate=candidate).count() == 50
    assert _queries(client, "/interviews/?ended=1") == one_tab
    assert _queries(client, f"/interviews/{first.pk}/") == one_review


# Review, accept, decline -------------------------------------------------------


def test_the_review_page_shows_company_offer_note_and_time_left(as_candidate, send, candidate):
    with time_machine.travel(T0, tick=False):
        request = send(candidate)
        html = as_candidate.get(f"/interviews/{request.pk}/").content.decode()
    for text in (
        "51–200 employees",
        "Berlin",
        "Python",
        "Django",
        "Small teams that own what they build.",
        "EUR 70,000–90,000 a year",
        "Learning budget",
        "Your Django work stood out to us.",
        "14 days left",
        "automatically declined",
        "Accept request",
        "Decline request",
    ):
        assert text in html, text


def test_accepting_with_a_note_opens_the_process(as_candidate, send, candidate):
    request = send(candidate)
    response = as_candidate.post(
        f"/interviews/{request.pk}/accept/", {"accept-note": "Mornings suit me."}, follow=True
    )
    request.refresh_from_db()
    assert request.status == Status.ACCEPTED
    assert request.process.status == ProcessStatus.ACTIVE
    assert "You accepted" in response.content.decode()
    assert "Mornings suit me." in response.content.decode()


def test_an_over_long_accept_note_is_refused_and_changes_nothing(as_candidate, send, candidate):
    request = send(candidate)
    response = as_candidate.post(f"/interviews/{request.pk}/accept/", {"accept-note": "x" * 1001})
    assert response.status_code == 400
    assert "at most 1000 characters" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.PENDING


def test_accepting_after_the_deadline_gets_a_clear_message(as_candidate, send, candidate):
    with time_machine.travel(T0, tick=False) as clock:
        request = send(candidate)
        clock.move_to(request.expires_at)
        response = as_candidate.post(f"/interviews/{request.pk}/accept/", {}, follow=True)
    assert "automatically declined" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.PENDING and request.responded_at is None


def test_declining_with_not_looking_can_pause_the_profile(as_candidate, send, candidate):
    request = send(candidate)
    as_candidate.post(
        f"/interviews/{request.pk}/decline/",
        {
            "decline-reason": "not_looking",
            "decline-note": "Happy where I am",
            "decline-pause_profile": "on",
        },
    )
    request.refresh_from_db()
    candidate.refresh_from_db()
    assert request.status == Status.DECLINED and request.decline_reason == "not_looking"
    assert candidate.is_paused


def test_an_unknown_decline_reason_is_refused(as_candidate, send, candidate):
    request = send(candidate)
    response = as_candidate.post(
        f"/interviews/{request.pk}/decline/", {"decline-reason": "because"}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.PENDING


def test_the_company_sees_the_acceptance_and_its_note(as_recruiter, send, candidate):
    request = send(candidate)
    accept_request(request, by=candidate.user, note="Mornings suit me.")
    listing = as_recruiter.get("/interviews/", {"show": "active"}).content.decode()
    assert "Mornings suit me." in listing and "Active process" in listing
    detail = as_recruiter.get(f"/interviews/{request.pk}/").content.decode()
    assert "Note from Dana Candidate" in detail and "Mornings suit me." in detail


def test_the_company_sees_the_decline_reason(as_recruiter, send, candidate):
    request = send(candidate)
    decline_request(request, by=candidate.user, reason="compensation")
    listing = as_recruiter.get("/interviews/", {"show": "ended"}).content.decode()
    assert "Declined: Compensation" in listing


# Sending and editing -----------------------------------------------------------


def test_a_recruiter_sends_a_request_from_the_profile(as_recruiter, candidate):
    profile = as_recruiter.get(f"/candidates/{candidate.pk}/").content.decode()
    assert "Send interview request" in profile
    response = as_recruiter.post(f"/candidates/{candidate.pk}/request/", send_form())
    request = InterviewRequest.objects.get()
    assert response.status_code == 302
    assert request.perks == ["Learning budget", "Train pass"]
    assert request.salary_min == 70000 and request.salary_max == 90000


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"salary_min": "90000", "salary_max": "70000"}, "must not be below the minimum"),
        ({"salary_currency": "XYZ"}, "Select a valid choice"),
        ({"salary_currency": "usd!"}, "Select a valid choice"),
        ({"personal_note": ""}, "This field is required"),
        ({"personal_note": "x" * 2001}, "at most 2000 characters"),
        ({"salary_min": "-5"}, "greater than or equal to 1"),
        ({"salary_min": "lots"}, "Enter a whole number"),
        ({"work_arrangement": "onsite", "work_location": ""}, "Say where"),
        ({"work_arrangement": "moon"}, "Select a valid choice"),
    ],
)
def test_bad_request_input_is_refused_with_a_clear_message(
    as_recruiter, candidate, overrides, message
):
    response = as_recruiter.post(f"/candidates/{candidate.pk}/request/", send_form(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not InterviewRequest.objects.exists()


def test_a_second_request_is_refused_in_the_form(as_recruiter, send, candidate):
    send(candidate)
    response = as_recruiter.post(f"/candidates/{candidate.pk}/request/", send_form())
    assert response.status_code == 400
    assert "already has an open interview request" in response.content.decode()
    assert InterviewRequest.objects.count() == 1


def test_script_in_a_note_is_escaped_in_pages_and_emails(
    as_recruiter, as_candidate, candidate, deliver
):
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    with time_machine.travel(T0, tick=False) as clock:
        as_recruiter.post(f"/candidates/{candidate.pk}/request/", send_form(personal_note=evil))
        request = InterviewRequest.objects.get()
        assert request.personal_note == evil  # kept as typed, escaped on output
        html = as_candidate.get(f"/interviews/{request.pk}/").content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
        clock.shift(timedelta(minutes=6))
        deliver()
    message = mail.outbox[-1]
    assert isinstance(message, EmailMultiAlternatives)
    html_part = str(message.alternatives[0][0])
    assert "<script>" not in html_part and "&lt;script&gt;" in html_part
    assert evil in message.body  # the text part is plain text, shown as typed


def test_edit_within_five_minutes_then_refused(as_recruiter, send, candidate):
    with time_machine.travel(T0, tick=False) as clock:
        request = send(candidate)
        response = as_recruiter.post(
            f"/interviews/{request.pk}/edit/", send_form(personal_note="Updated")
        )
        assert response.status_code == 302
        clock.shift(timedelta(minutes=5))
        response = as_recruiter.post(
            f"/interviews/{request.pk}/edit/", send_form(personal_note="Too late"), follow=True
        )
    request.refresh_from_db()
    assert request.personal_note == "Updated"
    assert "can no longer be edited" in response.content.decode()


def test_withdraw_asks_for_confirmation_first(as_recruiter, send, candidate):
    request = send(candidate)
    page = as_recruiter.get(f"/interviews/{request.pk}/withdraw/").content.decode()
    assert "Withdraw this request?" in page
    request.refresh_from_db()
    assert request.status == Status.PENDING
    as_recruiter.post(f"/interviews/{request.pk}/withdraw/")
    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN


def test_withdraw_after_a_response_is_refused_with_a_message(as_recruiter, send, candidate):
    request = send(candidate)
    decline_request(request, by=candidate.user)
    response = as_recruiter.post(f"/interviews/{request.pk}/withdraw/", follow=True)
    assert "no longer pending" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.DECLINED


# Ending ------------------------------------------------------------------------


def test_ending_asks_for_confirmation_then_ends_and_tells_the_company(
    as_candidate, send, candidate, recruiter, deliver
):
    request = send(candidate)
    accept_request(request, by=candidate.user)
    page = as_candidate.get(f"/interviews/{request.pk}/end/").content.decode()
    assert "End this interview process?" in page
    request.process.refresh_from_db()
    assert request.process.is_active
    as_candidate.post(f"/interviews/{request.pk}/end/", {"reason": "Took another offer"})
    request.process.refresh_from_db()
    assert request.process.status == ProcessStatus.ENDED
    deliver()
    ended = [m for m in mail.outbox if "ended" in m.subject]
    assert [m.to for m in ended] == [[recruiter.email]]
    assert "Took another offer" in ended[0].body


def test_a_post_without_csrf_token_is_refused_and_changes_nothing(send, candidate):
    request = send(candidate)
    client = Client(enforce_csrf_checks=True)
    client.force_login(candidate.user)
    response = client.post(f"/interviews/{request.pk}/accept/", {"accept-note": "hi"})
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == Status.PENDING


# Company side ------------------------------------------------------------------


def test_the_directory_searches_and_paginates(as_recruiter, candidate, other_candidate):
    html = as_recruiter.get("/candidates/", {"q": "Dana"}).content.decode()
    assert "Dana Candidate" in html and "Omar Other" not in html
    html = as_recruiter.get("/candidates/", {"q": "nobody-by-this-name"}).content.decode()
    assert "No candidates found" in html


def test_the_directory_runs_the_same_queries_for_few_and_many(as_recruiter, candidate):
    from overture.accounts.actions import sign_up_candidate

    few = _queries(as_recruiter, "/candidates/")
    for index in range(50):  # 51 candidates: two pages of 50
        sign_up_candidate(
            email=f"c{index}@example.com", name=f"C {index}", password="x" * 12, time_zone="UTC"
        )
    assert _queries(as_recruiter, "/candidates/") == few
    assert "Page 1 of 2" in as_recruiter.get("/candidates/").content.decode()


def test_the_company_list_filters_by_status(as_recruiter, send, candidate, other_candidate):
    send(candidate, role_title="Waiting Role")
    decline_request(send(other_candidate, role_title="Declined Role"), by=other_candidate.user)
    pending = as_recruiter.get("/interviews/").content.decode()
    assert "Waiting Role" in pending and "Declined Role" not in pending
    ended = as_recruiter.get("/interviews/", {"show": "ended"}).content.decode()
    assert "Declined Role" in ended and "Waiting Role" not in ended


def test_an_unknown_filter_falls_back_to_pending(as_recruiter):
    assert as_recruiter.get("/interviews/", {"show": "<bogus>"}).status_code == 200


def test_a_bad_page_number_shows_the_last_page(as_recruiter):
    assert as_recruiter.get("/candidates/", {"page": "9999"}).status_code == 200
    assert as_recruiter.get("/candidates/", {"page": "x"}).status_code == 200


def test_times_are_shown_in_the_viewers_time_zone(as_candidate, as_recruiter, send, candidate):
    with time_machine.travel(T0, tick=False):
        request = send(candidate)
        berlin = as_candidate.get(f"/interviews/{request.pk}/").content.decode()
        new_york = as_recruiter.get(f"/interviews/{request.pk}/").content.decode()
    assert "2 Mar 2026, 10:00 CET" in berlin  # 09:00 UTC
    assert "2 Mar 2026, 04:00 EST" in new_york


def test_pages_state_the_rules_from_settings(as_recruiter, candidate, settings):
    settings.OVERTURE = {**settings.OVERTURE, "REQUEST_TTL": timedelta(days=10)}
    html = as_recruiter.get(f"/candidates/{candidate.pk}/").content.decode()
    assert "They have 10 days to answer." in html
