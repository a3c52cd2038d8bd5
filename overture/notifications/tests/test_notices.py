"""Notices are recorded once, delivered at most once at a time with a stable
Message-ID, queued again if lost, and listed in the app with an unread count."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_ox.models import OxTask

from overture.conftest import T0
from overture.interviews.actions import accept_request
from overture.notifications.delivery import NoticeBusy, claim_redelivery, deliver
from overture.notifications.models import Notice, NoticeKind
from overture.notifications.tasks import redeliver_notices

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(send, candidate):
    """A notice to the recruiter: the candidate accepted."""
    accept_request(send(candidate), by=candidate.user)
    return Notice.objects.get(kind=NoticeKind.REQUEST_ACCEPTED)


def test_it_sends_a_notice_once_and_keeps_its_message_id(accepted):
    mail.outbox.clear()
    assert deliver(accepted.pk) == "sent"
    assert deliver(accepted.pk) == "already done"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == accepted.message_id
    accepted.refresh_from_db()
    assert accepted.sent_at is not None and accepted.attempts == 1


def test_a_second_delivery_waits_while_the_first_holds_the_notice(clock, accepted):
    # Another sender claimed it a moment ago and has not finished.
    Notice.objects.filter(pk=accepted.pk).update(claimed_until=T0 + timedelta(seconds=30))
    mail.outbox.clear()
    with pytest.raises(NoticeBusy):
        deliver(accepted.pk)
    assert mail.outbox == []
    # That sender died: once its claim lapses the notice goes out, same Message-ID.
    clock.move_to(T0 + timedelta(seconds=30))
    assert deliver(accepted.pk) == "sent"
    assert mail.outbox[0].extra_headers["Message-ID"] == accepted.message_id


def test_an_unsent_notice_is_queued_again_after_the_grace_period(clock, accepted, deliver):
    # Its task was lost (an RQ worker died, attempts ran out...).
    OxTask.objects.all().delete()
    assert claim_redelivery(T0 + timedelta(minutes=9)) == []
    clock.move_to(T0 + timedelta(minutes=10))
    mail.outbox.clear()
    assert redeliver_notices.call() == 1
    deliver()
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [accepted.message_id]
    # Sent now, so later passes leave it alone.
    clock.move_to(T0 + timedelta(hours=1))
    assert accepted.pk not in claim_redelivery(timezone.now())


def test_a_queued_again_notice_that_was_sent_meanwhile_is_not_sent_twice(clock, accepted, deliver):
    clock.move_to(T0 + timedelta(minutes=10))
    redeliver_notices.call()  # queued a second time while the first task still waits
    mail.outbox.clear()
    deliver()
    assert len(mail.outbox) == 1
    assert Notice.objects.get(pk=accepted.pk).attempts == 1


# In-app list ---------------------------------------------------------------------


def test_the_header_shows_the_unread_count_and_the_list_shows_the_notice(as_recruiter, accepted):
    page = as_recruiter.get("/notifications/").content.decode()
    assert 'Notifications <span class="count">1<span class="visually-hidden"> unread</span>' in page
    assert "Request accepted" in page
    assert "Senior Python Engineer · Acme Robotics · Dana Candidate" in page


def test_opening_a_notice_marks_it_read_and_goes_to_the_interview(as_recruiter, accepted):
    response = as_recruiter.post(f"/notifications/{accepted.pk}/open/")
    assert response.status_code == 302
    assert response["Location"] == f"/interviews/{accepted.request_id}/"
    accepted.refresh_from_db()
    assert accepted.read_at is not None
    assert 'class="count"' not in as_recruiter.get("/notifications/").content.decode()


def test_mark_all_as_read(as_recruiter, accepted):
    response = as_recruiter.post("/notifications/read-all/", follow=True)
    assert "Marked 1 notification as read." in response.content.decode()
    assert Notice.objects.filter(recipient=accepted.recipient, read_at__isnull=True).count() == 0


def test_nobody_opens_someone_elses_notice(accepted, candidate, client):
    client.force_login(candidate.user)
    assert client.post(f"/notifications/{accepted.pk}/open/").status_code == 404
    assert client.get("/notifications/{accepted.pk}/open/").status_code in (404, 405)
    accepted.refresh_from_db()
    assert accepted.read_at is None


def test_opening_needs_a_post(as_recruiter, accepted):
    assert as_recruiter.get(f"/notifications/{accepted.pk}/open/").status_code == 405


def test_a_new_request_shows_up_once_its_edit_window_is_over(clock, send, candidate, client):
    send(candidate)
    client.force_login(candidate.user)
    assert "No notifications yet" in client.get("/notifications/").content.decode()
    clock.move_to(T0 + timedelta(minutes=5))
    page = client.get("/notifications/").content.decode()
    assert "New interview request" in page


def test_the_list_runs_a_fixed_number_of_queries(
    as_recruiter, send, candidate, other_candidate, django_assert_max_num_queries
):
    accept_request(send(candidate), by=candidate.user)
    with django_assert_max_num_queries(8):
        few = as_recruiter.get("/notifications/")
    accept_request(send(other_candidate), by=other_candidate.user)
    with django_assert_max_num_queries(8):
        many = as_recruiter.get("/notifications/")
    assert few.status_code == many.status_code == 200
    assert many.content.decode().count('class="notice-title"') == 2


def test_visitors_are_sent_to_sign_in(client):
    response = client.get("/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
