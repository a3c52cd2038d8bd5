from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from overture.conftest import T0
from overture.interviews.actions import (
    accept_request,
    decline_request,
    end_process,
    withdraw_request,
)
from overture.interviews.models import EventKind, InterviewRequest, ProcessStatus, Status
from overture.lib.errors import Reason, Refused
from overture.notifications.models import Notice
from overture.support.actions import (
    ask_to_reopen,
    assign,
    open_ticket,
    reopen_from_ticket,
    reply,
    set_status,
)
from overture.support.emails import TICKET_REPLY
from overture.support.models import Category, Ticket, TicketEvent, TicketStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def declined(send, candidate) -> InterviewRequest:
    request = send(candidate)
    return decline_request(request, by=candidate.user, reason="compensation")


def a_ticket(user, **overrides: Any) -> Ticket:
    values: dict[str, Any] = {
        "subject": "Wrong salary",
        "description": "It shows USD.",
        "category": "problem",
    }
    values.update(overrides)
    return open_ticket(by=user, **values)


# Submitting a ticket -------------------------------------------------------------------


def test_a_signed_in_person_submits_a_ticket_and_sees_it(as_candidate, candidate, declined):
    page = as_candidate.get("/help/tickets/new/").content.decode()
    assert '<label for="id_interview">Related interview (optional)</label>' in page
    assert "Senior Python Engineer at Acme Robotics (Declined)" in page
    response = as_candidate.post(
        "/help/tickets/new/",
        {"subject": "Salary question", "description": "Is the range gross?",
         "category": "interviews", "interview": declined.pk},
    )  # fmt: skip
    ticket = Ticket.objects.get()
    assert response["Location"] == f"/help/tickets/{ticket.pk}/"
    assert (ticket.requester, ticket.interview, ticket.status) == (
        candidate.user, declined, TicketStatus.OPEN,
    )  # fmt: skip
    assert TicketEvent.objects.filter(ticket=ticket, kind="opened").count() == 1
    listing = as_candidate.get("/help/tickets/").content.decode()
    assert f"#{ticket.pk} Salary question" in listing
    page = as_candidate.get(f"/help/tickets/{ticket.pk}/").content.decode()
    assert "Is the range gross?" in page
    assert "Senior Python Engineer at Acme Robotics" in page


def test_a_ticket_needs_subject_description_and_category(as_candidate):
    response = as_candidate.post("/help/tickets/new/", {"subject": "", "description": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("This field is required.") == 3
    assert not Ticket.objects.exists()


def test_a_ticket_cannot_link_another_users_interview(as_candidate, send, other_candidate):
    theirs = send(other_candidate)
    response = as_candidate.post(
        "/help/tickets/new/",
        {"subject": "Hi", "description": "Look", "category": "other", "interview": theirs.pk},
    )
    assert response.status_code == 400
    assert "Choose one of your own interviews from the list, or none." in response.content.decode()
    assert not Ticket.objects.exists()


def test_the_action_too_refuses_another_users_interview(
    candidate, send, other_candidate, recruiter
):
    theirs = send(other_candidate)
    with pytest.raises(Refused) as refused:
        a_ticket(candidate.user, interview=theirs)
    assert refused.value.reason == Reason.FORBIDDEN
    # A company member may link a request of their own company.
    assert a_ticket(recruiter, interview=theirs).interview == theirs


def test_a_company_member_sees_only_their_companys_requests_to_link(
    client, send, candidate, other_recruiter
):
    send(candidate, role_title="Ours")
    send(candidate, by=other_recruiter, role_title="Theirs")
    client.force_login(other_recruiter)
    page = client.get("/help/tickets/new/").content.decode()
    assert "Theirs for Dana Candidate" in page
    assert "Ours" not in page


def test_visitors_are_asked_to_sign_in_before_submitting(client):
    response = client.get("/help/tickets/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/help/tickets/new/")


def test_a_reopen_ticket_needs_its_interview(as_candidate):
    response = as_candidate.post(
        "/help/tickets/new/", {"subject": "Hi", "description": "Please", "category": "reopen"}
    )
    assert response.status_code == 400
    assert "Choose the interview you would like re-opened." in response.content.decode()


# Reading and replying ---------------------------------------------------------------------


def test_nobody_else_can_see_or_answer_a_ticket(client, candidate, other_candidate, recruiter):
    ticket = a_ticket(candidate.user)
    for person in (other_candidate.user, recruiter):
        client.force_login(person)
        assert client.get(f"/help/tickets/{ticket.pk}/").status_code == 404
        assert client.post(f"/help/tickets/{ticket.pk}/", {"body": "hi"}).status_code == 404
        assert f"#{ticket.pk}" not in client.get("/help/tickets/").content.decode()
    assert ticket.messages.count() == 0


def test_staff_reply_emails_the_requester_and_waits_on_them(
    clock, as_candidate, candidate, staff, deliver
):
    ticket = a_ticket(candidate.user)
    message = reply(ticket, by=staff, body="Which request is it?")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.PENDING
    notice = Notice.objects.get(kind=TICKET_REPLY)
    assert (notice.recipient, notice.subject_id) == (candidate.user, message.pk)
    assert notice.dedupe_key == f"ticket-message:{message.pk}"

    deliver()
    [email] = mail.outbox
    assert email.to == [candidate.user.email]
    assert email.subject == f"Re: [Ticket #{ticket.pk}] Wrong salary"
    assert "Sam Support of Overture support replied" in email.body
    assert "Which request is it?" in email.body
    assert f"/help/tickets/{ticket.pk}/" in email.body
    assert isinstance(email, EmailMultiAlternatives)
    assert "Which request is it?" in str(email.alternatives[0][0])

    page = as_candidate.get(f"/help/tickets/{ticket.pk}/").content.decode()
    assert "Which request is it?" in page
    assert "(Overture support)" in page
    assert "Waiting for your reply" in page


def test_a_reply_notice_in_the_list_leads_to_the_reply_in_its_ticket(
    as_candidate, candidate, other_candidate, staff, deliver
):
    ticket = a_ticket(candidate.user)
    message = reply(ticket, by=staff, body="Which request is it?")
    deliver()
    notice = Notice.objects.get(kind=TICKET_REPLY)
    opened = as_candidate.post(reverse("notifications:open", args=[notice.pk]))
    link = f"/help/tickets/messages/{message.pk}/"
    assert opened["Location"] == link
    response = as_candidate.get(link)
    assert response["Location"] == f"/help/tickets/{ticket.pk}/#message-{message.pk}"
    outsider = Client()
    outsider.force_login(other_candidate.user)
    assert outsider.get(link).status_code == 404


def test_the_requesters_reply_reopens_the_ticket_and_emails_the_assignee(
    as_candidate, candidate, staff, deliver
):
    ticket = a_ticket(candidate.user)
    assign(ticket, by=staff, assignee=staff)
    reply(ticket, by=staff, body="Done.", status=TicketStatus.SOLVED)
    mail.outbox.clear()
    Notice.objects.all().delete()

    response = as_candidate.post(f"/help/tickets/{ticket.pk}/", {"body": "Still wrong."})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.OPEN
    assert ticket.solved_at is None
    deliver()
    [email] = mail.outbox
    assert email.to == [staff.email]
    assert "Dana Candidate replied to ticket" in email.body
    assert f"/admin/support/ticket/{ticket.pk}/change/" in email.body


def test_an_unassigned_ticket_emails_nobody_when_the_requester_replies(candidate):
    ticket = a_ticket(candidate.user)
    reply(ticket, by=candidate.user, body="More details.")
    assert not Notice.objects.exists()


def test_an_empty_reply_is_refused(as_candidate, candidate):
    ticket = a_ticket(candidate.user)
    response = as_candidate.post(f"/help/tickets/{ticket.pk}/", {"body": "  "})
    assert response.status_code == 400
    assert ticket.messages.count() == 0


def test_each_reply_is_emailed_once(candidate, staff, deliver):
    ticket = a_ticket(candidate.user)
    reply(ticket, by=staff, body="One")
    reply(ticket, by=staff, body="Two")
    deliver()
    deliver()
    assert [m.body.count("One") + m.body.count("Two") for m in mail.outbox] == [1, 1]


# Staff-only actions -------------------------------------------------------------------------


def test_staff_only_actions_are_refused_to_everyone_else(candidate, recruiter, declined):
    ticket = ask_to_reopen(declined, by=candidate.user)
    for person in (candidate.user, recruiter):
        with pytest.raises(Refused) as refused:
            set_status(ticket, by=person, status=TicketStatus.SOLVED)
        assert refused.value.reason == Reason.FORBIDDEN
        with pytest.raises(Refused):
            assign(ticket, by=person, assignee=person)
        with pytest.raises(Refused):
            reopen_from_ticket(ticket, by=person)
        with pytest.raises(Refused):
            reply(ticket, by=person, body="x", status=TicketStatus.SOLVED)
    ticket.refresh_from_db()
    declined.refresh_from_db()
    assert (ticket.status, ticket.assignee, declined.status) == ("open", None, Status.DECLINED)


def test_tickets_are_only_assigned_to_staff(candidate, staff):
    ticket = a_ticket(candidate.user)
    with pytest.raises(Refused, match="support staff"):
        assign(ticket, by=staff, assignee=candidate.user)


def test_staff_status_changes_and_assignments_are_recorded(candidate, staff):
    ticket = a_ticket(candidate.user)
    assign(ticket, by=staff, assignee=staff)
    set_status(ticket, by=staff, status=TicketStatus.SOLVED)
    ticket.refresh_from_db()
    assert ticket.solved_at is not None
    events = list(ticket.events.values_list("kind", "from_value", "to_value"))
    assert events == [
        ("opened", "", "open"),
        ("assigned", "", "Sam Support"),
        ("status", "open", "solved"),
    ]


# Ask support to re-open -----------------------------------------------------------------------


def test_the_candidate_sees_ask_support_to_reopen_on_an_ended_interview(
    as_candidate, declined, recruiter
):
    page = as_candidate.get(f"/interviews/{declined.pk}/").content.decode()
    assert "Ask support to re-open" in page
    company = Client()
    company.force_login(recruiter)
    assert (
        "Ask support to re-open" not in company.get(f"/interviews/{declined.pk}/").content.decode()
    )


@pytest.mark.parametrize("state", ["pending", "active", "withdrawn"])
def test_no_reopen_button_on_open_or_withdrawn_interviews(
    as_candidate, send, candidate, recruiter, state
):
    request = send(candidate)
    if state == "active":
        accept_request(request, by=candidate.user)
    elif state == "withdrawn":
        withdraw_request(request, by=recruiter)
    page = as_candidate.get(f"/interviews/{request.pk}/").content.decode()
    assert "Ask support to re-open" not in page


def test_asking_to_reopen_creates_a_ticket_linked_to_the_interview(as_candidate, declined):
    url = f"/help/tickets/reopen/{declined.pk}/"
    page = as_candidate.get(url).content.decode()
    assert "a fresh 14 days" in page
    response = as_candidate.post(url, {"message": "I declined by mistake."})
    ticket = Ticket.objects.get()
    assert response["Location"] == f"/help/tickets/{ticket.pk}/"
    assert ticket.category == Category.REOPEN
    assert ticket.interview == declined
    assert ticket.description == "I declined by mistake."
    assert ticket.subject == "Please re-open: Senior Python Engineer at Acme Robotics"
    detail = as_candidate.get(f"/interviews/{declined.pk}/").content.decode()
    assert f"ticket #{ticket.pk}" in detail


def test_a_second_reopen_ask_is_refused_while_one_is_open(as_candidate, declined):
    url = f"/help/tickets/reopen/{declined.pk}/"
    as_candidate.post(url, {})
    response = as_candidate.post(url, {}, follow=True)
    assert "You already asked support to re-open this interview" in response.content.decode()
    assert Ticket.objects.count() == 1


def test_the_database_backs_up_one_open_reopen_ticket_per_interview(candidate, declined):
    ask_to_reopen(declined, by=candidate.user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.create(
            requester=candidate.user, subject="s", description="d", category="reopen",
            interview=declined,
        )  # fmt: skip


def test_reopen_asks_are_refused_for_withdrawn_and_open_interviews(
    send, candidate, other_recruiter, recruiter
):
    withdrawn = withdraw_request(send(candidate), by=recruiter)
    with pytest.raises(Refused, match="withdrawn request cannot be re-opened"):
        ask_to_reopen(withdrawn, by=candidate.user)
    pending = send(candidate, by=other_recruiter)
    with pytest.raises(Refused, match="hasn't ended"):
        ask_to_reopen(pending, by=candidate.user)
    assert not Ticket.objects.exists()


def test_only_the_candidate_asks_to_reopen(client, declined, recruiter, other_candidate):
    with pytest.raises(Refused):
        ask_to_reopen(declined, by=recruiter)
    for person in (recruiter, other_candidate.user):
        client.force_login(person)
        assert client.get(f"/help/tickets/reopen/{declined.pk}/").status_code == 404
        assert client.post(f"/help/tickets/reopen/{declined.pk}/").status_code == 404
    assert not Ticket.objects.exists()


# Staff re-open from the ticket -------------------------------------------------------------


def test_staff_reopen_a_declined_request_with_a_fresh_window_and_solve_the_ticket(
    clock, candidate, staff, recruiter, declined
):
    ticket = ask_to_reopen(declined, by=candidate.user, message="Mistake!")
    clock.shift(timedelta(days=3))
    reopened = reopen_from_ticket(ticket, by=staff)
    assert reopened.status == Status.PENDING
    assert reopened.sent_at == T0 + timedelta(days=3)
    assert reopened.expires_at == T0 + timedelta(days=17)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.SOLVED
    assert ticket.assignee == staff
    event = reopened.events.get(kind=EventKind.REOPENED)
    assert event.actor == staff
    assert f"ticket #{ticket.pk}" in event.note
    told = set(Notice.objects.filter(kind="reopened").values_list("recipient", flat=True))
    assert told == {candidate.user.pk, recruiter.pk}
    assert list(ticket.events.values_list("kind", flat=True)) == [
        "opened", "interview_reopened", "status",
    ]  # fmt: skip


def test_staff_reopen_an_automatically_declined_request(clock, send, candidate, staff):
    request = send(candidate)
    clock.shift(timedelta(days=15))
    ticket = ask_to_reopen(request, by=candidate.user)
    reopened = reopen_from_ticket(ticket, by=staff)
    assert reopened.effective_status() == Status.PENDING
    assert reopened.expires_at == T0 + timedelta(days=29)


def test_staff_reopen_an_ended_process(send, candidate, recruiter, staff):
    request = send(candidate)
    process = accept_request(request, by=candidate.user)
    end_process(process, by=recruiter, reason="Hired internally.")
    ticket = ask_to_reopen(request, by=candidate.user)
    reopen_from_ticket(ticket, by=staff)
    process.refresh_from_db()
    assert process.status == ProcessStatus.ACTIVE


def test_a_refused_reopen_leaves_the_ticket_untouched(
    send, candidate, recruiter, staff, declined, acme_admin
):
    ticket = ask_to_reopen(declined, by=candidate.user)
    send(candidate, by=acme_admin)  # the company has another open request meanwhile
    with pytest.raises(Refused, match="another open request"):
        reopen_from_ticket(ticket, by=staff)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.OPEN
    assert list(ticket.events.values_list("kind", flat=True)) == ["opened"]


def test_a_ticket_without_an_interview_cannot_reopen_anything(candidate, staff):
    ticket = a_ticket(candidate.user)
    with pytest.raises(Refused, match="names no interview"):
        reopen_from_ticket(ticket, by=staff)


def test_the_requester_sees_the_reopen_on_the_ticket(as_candidate, candidate, staff, declined):
    ticket = ask_to_reopen(declined, by=candidate.user)
    reopen_from_ticket(ticket, by=staff)
    page = as_candidate.get(f"/help/tickets/{ticket.pk}/").content.decode()
    assert "Sam Support (Overture support) re-opened the interview." in page
    assert "Solved" in page


# The staff console -----------------------------------------------------------------------------


def test_staff_work_a_ticket_in_the_console(as_staff, candidate, staff, deliver):
    ticket = a_ticket(candidate.user)
    listing = as_staff.get("/admin/support/ticket/").content.decode()
    assert f"#{ticket.pk}" in listing
    url = f"/admin/support/ticket/{ticket.pk}/change/"
    page = as_staff.get(url).content.decode()
    assert "It shows USD." in page
    assert "Re-open the interview" not in page  # no interview on this ticket
    response = as_staff.post(
        url, {"assignee": staff.pk, "status": "open", "reply": "Fixed it for you.",
              **EMPTY_INLINES},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    ticket.refresh_from_db()
    assert ticket.assignee == staff
    assert ticket.status == TicketStatus.PENDING
    assert ticket.messages.get().body == "Fixed it for you."
    deliver()
    assert [m.to for m in mail.outbox] == [[candidate.user.email]]

    as_staff.post(url, {"assignee": staff.pk, "status": "solved", "reply": "", **EMPTY_INLINES})
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.SOLVED
    assert ticket.messages.count() == 1


def test_staff_reopen_from_the_ticket_in_one_action(as_staff, candidate, declined):
    ticket = ask_to_reopen(declined, by=candidate.user)
    page = as_staff.get(f"/admin/support/ticket/{ticket.pk}/change/").content.decode()
    assert "Re-open the interview" in page
    url = f"/admin/support/ticket/{ticket.pk}/reopen-interview/"
    assert as_staff.get(url).status_code == 405
    response = as_staff.post(url, follow=True)
    assert "the interview is pending again; both sides were told" in response.content.decode()
    declined.refresh_from_db()
    ticket.refresh_from_db()
    assert (declined.status, ticket.status) == (Status.PENDING, TicketStatus.SOLVED)


def test_others_cannot_use_the_staff_console_for_tickets(client, candidate, declined):
    ticket = ask_to_reopen(declined, by=candidate.user)
    client.force_login(candidate.user)
    for url in (
        "/admin/support/ticket/",
        f"/admin/support/ticket/{ticket.pk}/change/",
        f"/admin/support/ticket/{ticket.pk}/reopen-interview/",
    ):
        response = client.post(url, {"status": "solved"})
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    ticket.refresh_from_db()
    declined.refresh_from_db()
    assert (ticket.status, declined.status) == (TicketStatus.OPEN, Status.DECLINED)


EMPTY_INLINES = {
    "messages-TOTAL_FORMS": "0",
    "messages-INITIAL_FORMS": "0",
    "events-TOTAL_FORMS": "0",
    "events-INITIAL_FORMS": "0",
}


# Fixed query counts ---------------------------------------------------------------------------


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_ticket_pages_run_the_same_queries_however_long_the_thread(
    as_candidate, candidate, staff, declined
):
    ticket = ask_to_reopen(declined, by=candidate.user)
    reply(ticket, by=staff, body="Looking into it.")
    url = f"/help/tickets/{ticket.pk}/"
    short_thread, short_list = (
        count_queries(as_candidate, url),
        count_queries(as_candidate, "/help/tickets/"),
    )
    for n in range(5):
        reply(ticket, by=candidate.user, body=f"More {n}")
        reply(ticket, by=staff, body=f"Answer {n}")
        assign(ticket, by=staff, assignee=staff if n % 2 else None)
        a_ticket(candidate.user, subject=f"Another {n}", interview=declined)
    assert count_queries(as_candidate, url) == short_thread
    assert count_queries(as_candidate, "/help/tickets/") == short_list
