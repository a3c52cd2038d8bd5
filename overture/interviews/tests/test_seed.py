"""The demo data `make run` loads: every state once, safe to run again."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from overture.accounts.models import User
from overture.interviews.models import InterviewRequest, ProcessStatus, Status
from overture.scheduling.models import Booking
from overture.support.models import Ticket

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_request_in_every_state_and_seeds_once(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "candidate@example.com" in out and "recruiter@example.com" in out
    assert "overture-demo" in out
    dana = User.objects.get(email="candidate@example.com")
    assert dana.check_password("overture-demo")
    now = timezone.now()
    states = {
        r.effective_status(now) for r in InterviewRequest.objects.filter(candidate__user=dana)
    }
    assert states == {
        Status.PENDING,
        Status.ACCEPTED,
        Status.DECLINED,
        Status.EXPIRED,
        Status.WITHDRAWN,
    }
    processes = {
        r.process.status
        for r in InterviewRequest.objects.filter(candidate__user=dana, status=Status.ACCEPTED)
    }
    assert processes == {ProcessStatus.ACTIVE, ProcessStatus.ENDED}
    assert Booking.objects.filter(process__request__candidate__user=dana).count() == 1
    assert Ticket.objects.filter(requester=dana).count() == 1
    near = InterviewRequest.objects.pending(now).order_by("expires_at").first()
    assert near is not None and (near.expires_at - now).total_seconds() < 120

    users = User.objects.count()
    call_command("seed_demo")
    assert User.objects.count() == users
    assert "already there" in capsys.readouterr().out


def test_the_demo_is_never_seeded_in_production(settings):
    from django.core.management.base import CommandError

    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()
