"""Accept and decline racing on one request: exactly one wins.

Runs on whichever database the suite runs on (SQLite and PostgreSQL in CI),
with real threads and real connections."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from overture.interviews.actions import accept_request, decline_request, withdraw_request
from overture.interviews.models import Event, InterviewProcess, InterviewRequest, Status
from overture.lib.errors import Refused

pytestmark = pytest.mark.django_db(transaction=True)


def race(*calls: Callable[[], Any]) -> list[str]:
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(call: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            call()
            result = "ok"
        except Refused:
            result = "refused"
        except Exception as error:
            result = f"error: {error!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


@pytest.mark.parametrize("attempt", range(5))
def test_concurrent_accept_and_decline_leave_one_response_and_one_event(send, candidate, attempt):
    request = send(candidate)
    user = candidate.user
    outcomes = race(
        lambda: accept_request(InterviewRequest.objects.get(pk=request.pk), by=user, note="yes"),
        lambda: decline_request(InterviewRequest.objects.get(pk=request.pk), by=user),
    )
    assert outcomes == ["ok", "refused"]
    request.refresh_from_db()
    assert request.status in (Status.ACCEPTED, Status.DECLINED)
    answers = Event.objects.filter(request=request, kind__in=["accepted", "declined"])
    assert answers.count() == 1
    assert answers.get().kind == request.status
    assert InterviewProcess.objects.filter(request=request).count() == (
        1 if request.status == Status.ACCEPTED else 0
    )


def test_concurrent_accept_and_withdraw_leave_one_outcome(send, candidate, recruiter):
    request = send(candidate)
    outcomes = race(
        lambda: accept_request(InterviewRequest.objects.get(pk=request.pk), by=candidate.user),
        lambda: withdraw_request(InterviewRequest.objects.get(pk=request.pk), by=recruiter),
    )
    assert outcomes == ["ok", "refused"]
    assert Event.objects.filter(request=request).exclude(kind="sent").count() == 1


def test_concurrent_sends_to_one_candidate_open_one_request(send, candidate, recruiter, acme_admin):
    outcomes = race(lambda: send(candidate, by=recruiter), lambda: send(candidate, by=acme_admin))
    assert outcomes == ["ok", "refused"]
    assert InterviewRequest.objects.filter(candidate=candidate).count() == 1
