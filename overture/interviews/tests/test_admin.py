"""Support staff re-open ended interviews from the staff console."""

import pytest
from django.contrib.auth.models import Permission

from overture.interviews.actions import accept_request, decline_request, end_process
from overture.interviews.models import EventKind, ProcessStatus, Status
from overture.notifications.models import Notice

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/interviews/interviewrequest/"


@pytest.fixture
def console(client, staff):
    staff.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_interviewrequest", "change_interviewrequest"]
        )
    )
    client.force_login(staff)
    return client


def reopen_via_console(console, *requests):
    return console.post(
        CHANGELIST,
        {"action": "reopen_selected", "_selected_action": [r.pk for r in requests]},
        follow=True,
    )


def test_staff_reopen_a_declined_request_from_the_console(console, send, candidate, staff):
    request = send(candidate)
    decline_request(request, by=candidate.user)
    response = reopen_via_console(console, request)
    assert "Re-opened 1 interview" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.PENDING
    assert request.events.get(kind=EventKind.REOPENED).actor == staff
    assert Notice.objects.filter(kind="reopened").count() == 2


def test_staff_reopen_an_ended_process_from_the_console(console, send, candidate):
    process = accept_request(send(candidate), by=candidate.user)
    end_process(process, by=candidate.user)
    reopen_via_console(console, process.request)
    process.refresh_from_db()
    assert process.status == ProcessStatus.ACTIVE


def test_the_console_explains_what_it_cannot_reopen(console, send, candidate):
    request = send(candidate)
    response = reopen_via_console(console, request)
    assert "can be re-opened" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.PENDING
    assert not request.events.filter(kind=EventKind.REOPENED).exists()


def test_the_console_shows_the_timeline_and_deletes_nothing(console, send, candidate):
    request = send(candidate)
    page = console.get(f"{CHANGELIST}{request.pk}/change/").content.decode()
    assert "Request sent" in page
    assert console.get(f"{CHANGELIST}{request.pk}/delete/").status_code == 403
