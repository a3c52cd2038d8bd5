"""The message thread of an interview process (SPEC §5): both sides talk,
the other side is told, outsiders see nothing, an ended process is closed."""

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.test.utils import CaptureQueriesContext

from overture.conftest import signed_in
from overture.interviews.actions import accept_request, end_process, post_message
from overture.interviews.models import Message
from overture.lib.errors import Refused
from overture.notifications.models import Notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(send, candidate):
    return accept_request(send(candidate), by=candidate.user)


def test_the_candidate_writes_and_the_sender_is_told(process, candidate, recruiter, deliver):
    message = post_message(process, by=candidate.user, body="  Could we talk about remote days?  ")
    assert message.body == "Could we talk about remote days?"
    notice = Notice.objects.get(kind="process_message")
    assert notice.recipient == recruiter
    deliver()
    [email] = [m for m in mail.outbox if "wrote about" in m.subject]
    assert email.to == [recruiter.email]
    assert "Could we talk about remote days?" in email.body
    assert f"/interviews/{process.request.pk}/#messages" in email.body


def test_any_company_member_writes_and_the_candidate_is_told(process, candidate, acme_admin):
    post_message(process, by=acme_admin, body="Two days a week are fine.")
    assert Notice.objects.get(kind="process_message").recipient == candidate.user


def test_outsiders_cannot_write(process, other_candidate, other_recruiter):
    for outsider in (other_candidate.user, other_recruiter):
        with pytest.raises(Refused):
            post_message(process, by=outsider, body="Hello")
    assert not Message.objects.exists()


@pytest.mark.parametrize("body", ["", "   ", "x" * 2001])
def test_empty_or_over_long_messages_are_refused(process, candidate, body):
    with pytest.raises(Refused):
        post_message(process, by=candidate.user, body=body)
    assert not Message.objects.exists()


def test_an_ended_process_has_a_closed_thread(process, candidate):
    end_process(process, by=candidate.user)
    with pytest.raises(Refused, match="thread is closed"):
        post_message(process, by=candidate.user, body="One more thing")


def test_both_sides_read_the_thread_on_the_interview_page(
    process, as_candidate, as_recruiter, recruiter
):
    url = f"/interviews/{process.request.pk}/"
    as_candidate.post(f"{url}messages/", {"message-body": "<b>Hi</b> there"})
    post_message(process, by=recruiter, body="Welcome!")
    candidate_page = as_candidate.get(url).content.decode()
    assert "&lt;b&gt;Hi&lt;/b&gt; there" in candidate_page and "<b>Hi</b>" not in candidate_page
    assert "Welcome!" in candidate_page
    assert "&lt;b&gt;Hi&lt;/b&gt; there" in as_recruiter.get(url).content.decode()


def test_the_page_refuses_bad_messages_with_a_clear_error(process, as_candidate):
    response = as_candidate.post(
        f"/interviews/{process.request.pk}/messages/", {"message-body": ""}
    )
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert not Message.objects.exists()


def test_outsiders_get_404_from_the_page(process, other_candidate, other_recruiter):
    for outsider in (other_candidate.user, other_recruiter):
        client = signed_in(outsider)
        url = f"/interviews/{process.request.pk}/messages/"
        assert client.post(url, {"message-body": "Hi"}).status_code == 404
    assert not Message.objects.exists()


def test_the_thread_costs_the_same_queries_for_1_and_30_messages(process, candidate, as_candidate):
    url = f"/interviews/{process.request.pk}/"
    post_message(process, by=candidate.user, body="First")
    with CaptureQueriesContext(connection) as one:
        as_candidate.get(url)
    for index in range(29):
        post_message(process, by=candidate.user, body=f"Message {index}")
    with CaptureQueriesContext(connection) as many:
        page = as_candidate.get(url).content.decode()
    assert "Message 28" in page
    assert len(many.captured_queries) == len(one.captured_queries)


def test_the_html_email_escapes_the_message(process, candidate, recruiter, deliver):
    post_message(process, by=candidate.user, body="<script>alert(1)</script>")
    deliver()
    [email] = [m for m in mail.outbox if "wrote about" in m.subject]
    assert isinstance(email, EmailMultiAlternatives)
    html = str(email.alternatives[0][0])
    assert "<script>" not in html and "&lt;script&gt;" in html
