"""The candidate's "Follow up": after 48 hours without a booking, a message to
the company, at most once every 48 hours, with tips on the page."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client

from overture.conftest import T0
from overture.interviews.actions import accept_request, end_process, follow_up
from overture.interviews.models import Event, EventKind
from overture.lib.errors import Refused
from overture.notifications.models import Notice, NoticeKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(clock, send, candidate):
    return accept_request(send(candidate), by=candidate.user)


def test_it_refuses_before_the_company_has_had_48_hours(process, candidate, clock):
    clock.move_to(T0 + timedelta(hours=48) - timedelta(seconds=1))
    with pytest.raises(Refused, match="48 hours"):
        follow_up(process, by=candidate.user, message="Still keen!")
    assert not Event.objects.filter(kind=EventKind.FOLLOWED_UP).exists()


def test_it_sends_the_company_a_message_after_48_hours(
    process, candidate, recruiter, clock, deliver
):
    clock.move_to(T0 + timedelta(hours=48))
    event = follow_up(process, by=candidate.user, message="Still keen! Free mornings.")
    assert (event.kind, event.actor, event.note) == (
        EventKind.FOLLOWED_UP,
        candidate.user,
        "Still keen! Free mornings.",
    )
    notice = Notice.objects.get(kind=NoticeKind.FOLLOW_UP)
    assert notice.recipient == recruiter and notice.event == event
    mail.outbox.clear()
    deliver()
    follow_ups = [m for m in mail.outbox if "following up" in m.subject]
    assert [m.to for m in follow_ups] == [[recruiter.email]]
    assert "Still keen! Free mornings." in follow_ups[0].body


def test_it_allows_one_follow_up_per_48_hours(process, candidate, clock):
    clock.move_to(T0 + timedelta(hours=48))
    follow_up(process, by=candidate.user, message="Hello?")
    clock.move_to(T0 + timedelta(hours=96) - timedelta(seconds=1))
    with pytest.raises(Refused, match="less than 48 hours ago"):
        follow_up(process, by=candidate.user, message="Hello again?")
    clock.move_to(T0 + timedelta(hours=96))
    follow_up(process, by=candidate.user, message="Hello again?")
    assert Event.objects.filter(kind=EventKind.FOLLOWED_UP).count() == 2


def test_only_the_candidate_follows_up_on_an_active_process(process, candidate, recruiter, clock):
    clock.move_to(T0 + timedelta(hours=50))
    with pytest.raises(Refused):
        follow_up(process, by=recruiter, message="Hi")
    end_process(process, by=recruiter, reason="Role filled")
    process.refresh_from_db()
    with pytest.raises(Refused, match="ended"):
        follow_up(process, by=candidate.user, message="Hi")


def test_an_empty_message_is_refused(process, candidate, clock):
    clock.move_to(T0 + timedelta(hours=50))
    with pytest.raises(Refused, match="message"):
        follow_up(process, by=candidate.user, message="   ")


def test_the_page_offers_follow_up_with_tips_then_says_when_again(process, candidate, clock):
    client = Client()
    client.force_login(candidate.user)
    url = f"/interviews/{process.request_id}/"
    assert "No interview booked yet" not in client.get(url).content.decode()
    clock.move_to(T0 + timedelta(hours=48))
    page = client.get(url).content.decode()
    assert "No interview booked yet" in page and "Tips" in page
    assert ">Follow up</button>" in page
    tab = client.get("/interviews/").content.decode()
    assert 'aria-label="Follow up: Senior Python Engineer at Acme Robotics"' in tab
    response = client.post(
        f"{url}follow-up/", {"follow-message": "Could you book a first call?"}, follow=True
    )
    page = response.content.decode()
    assert "Your message was sent to Acme Robotics." in page
    assert ">Follow up</button>" not in page and "You can follow up again from" in page


def test_an_empty_follow_up_form_is_shown_again_with_an_error(process, candidate, clock):
    client = Client()
    client.force_login(candidate.user)
    clock.move_to(T0 + timedelta(hours=48))
    response = client.post(f"/interviews/{process.request_id}/follow-up/", {"follow-message": ""})
    assert response.status_code == 400
    assert not Event.objects.filter(kind=EventKind.FOLLOWED_UP).exists()


def test_the_company_cannot_post_a_follow_up(process, recruiter, clock):
    client = Client()
    client.force_login(recruiter)
    clock.move_to(T0 + timedelta(hours=48))
    response = client.post(f"/interviews/{process.request_id}/follow-up/", {"follow-message": "Hi"})
    assert response.status_code == 404
