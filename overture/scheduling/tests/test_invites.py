"""Booked, rescheduled and cancelled emails carry an iCalendar invite that
two independent parsers read the same way (SPEC §6, RFC 5545/5546)."""

import email
import email.policy
from datetime import timedelta

import icalendar
import pytest
import vobject
from django.core import mail
from django.test import Client

from overture.notifications.emails import build
from overture.notifications.models import Notice
from overture.scheduling import actions
from overture.scheduling.tests.conftest import LINK, utc

pytestmark = pytest.mark.django_db

TUESDAY_9_BERLIN = utc(2026, 3, 3, 8)


def parts(message):
    """(calendar alternative's method param, its text, the attachment's text)."""
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
    alternative = next(p for p in parsed.walk() if p.get_content_type() == "text/calendar")
    attachment = next(p for p in parsed.iter_attachments() if p.get_filename() == "invite.ics")
    return (
        alternative.get_param("method"),
        alternative.get_content(),
        attachment.get_content().decode(),
    )


def event_of(text: str):
    calendar = icalendar.Calendar.from_ical(text)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def booking_mails():
    return [m for m in mail.outbox if m.subject.startswith("Interview ")]


def mails_to(address: str):
    return [m for m in booking_mails() if m.to == [address]]


def test_a_booking_sends_both_sides_an_invite_both_parsers_agree_on(
    clock, process, book_at, deliver, candidate, recruiter
):
    booking = book_at(process, TUESDAY_9_BERLIN, minutes=45, note="We'll pair on a small task.")
    deliver()
    assert sorted(m.to[0] for m in booking_mails()) == sorted(
        [candidate.user.email, recruiter.email]
    )
    for message in booking_mails():
        assert message.subject.startswith("Interview booked:")
        method, alternative, attachment = parts(message)
        assert method == "REQUEST"
        assert alternative.replace("\r\n", "\n") == attachment.replace("\r\n", "\n")
        calendar, event = event_of(attachment)
        assert str(calendar["METHOD"]) == "REQUEST"
        assert str(event["UID"]) == booking.uid
        assert event["SEQUENCE"] == 0
        assert event.decoded("DTSTART") == TUESDAY_9_BERLIN
        assert event.decoded("DTEND") == TUESDAY_9_BERLIN + timedelta(minutes=45)
        assert event.decoded("DTSTAMP").tzinfo is not None
        assert event.decoded("DTSTAMP").utcoffset() == timedelta(0)
        assert "DTSTAMP:" in attachment and "Z\r\n" in attachment.split("DTSTAMP:")[1][:20]
        assert str(event["ORGANIZER"]) == f"mailto:{recruiter.email}"
        attendees = {str(a) for a in event.get("ATTENDEE")}
        assert f"mailto:{candidate.user.email}" in attendees
        assert str(event["LOCATION"]) == LINK
        assert "pair on a small task" in str(event["DESCRIPTION"])

        second = vobject.readOne(attachment)
        assert second.method.value == "REQUEST"
        assert second.vevent.uid.value == booking.uid
        assert int(second.vevent.sequence.value) == 0
        assert second.vevent.dtstart.value == TUESDAY_9_BERLIN
        assert second.vevent.dtstamp.value.utcoffset() == timedelta(0)
        assert second.vevent.organizer.value == f"mailto:{recruiter.email}"


def test_the_uid_stays_and_the_sequence_rises_through_reschedule_and_cancel(
    clock, process, book_at, deliver, candidate, recruiter
):
    booking = book_at(process, TUESDAY_9_BERLIN)
    actions.reschedule(booking, by=candidate.user, starts_at=TUESDAY_9_BERLIN + timedelta(hours=3))
    actions.reschedule(booking, by=recruiter, starts_at=TUESDAY_9_BERLIN + timedelta(days=1))
    actions.cancel(booking, by=candidate.user, reason="I accepted another offer.")
    deliver()
    for address in (candidate.user.email, recruiter.email):
        invites = []
        for message in mails_to(address):
            method, _, attachment = parts(message)
            calendar, event = event_of(attachment)
            second = vobject.readOne(attachment)
            assert str(calendar["METHOD"]) == method == second.method.value
            assert second.vevent.uid.value == str(event["UID"])
            assert int(second.vevent.sequence.value) == event["SEQUENCE"]
            invites.append(
                (
                    event["SEQUENCE"],
                    method,
                    str(event["UID"]),
                    str(event["STATUS"]),
                    event.decoded("DTSTART"),
                )
            )
        invites.sort()
        assert [i[0] for i in invites] == [0, 1, 2, 3]
        assert {i[2] for i in invites} == {booking.uid}
        assert [i[1] for i in invites] == ["REQUEST", "REQUEST", "REQUEST", "CANCEL"]
        assert invites[-1][3] == "CANCELLED"
        assert invites[1][4] == TUESDAY_9_BERLIN + timedelta(hours=3)
        assert invites[3][4] == TUESDAY_9_BERLIN + timedelta(days=1)


def test_a_retried_email_carries_the_same_invite(clock, process, book_at, deliver, candidate):
    book_at(process, TUESDAY_9_BERLIN)
    notice = Notice.objects.get(recipient=candidate.user, kind="booking_booked")
    first = parts(build(notice))[2]
    clock.shift(timedelta(hours=1))
    assert parts(build(notice))[2] == first


def test_emails_are_in_each_recipients_time_zone(
    clock, process, book_at, deliver, candidate, recruiter
):
    book_at(process, TUESDAY_9_BERLIN)
    deliver()
    [to_dana] = mails_to(candidate.user.email)
    [to_riley] = mails_to(recruiter.email)
    assert "09:00" in to_dana.subject and "CET" in to_dana.subject
    assert "03:00" in to_riley.subject and "EST" in to_riley.subject


def _link(message, purpose: str) -> str:
    for line in message.body.splitlines():
        if f"/{purpose}/" in line and "/calendar/link/" in line:
            return line.split("http://127.0.0.1:8000", 1)[1].strip()
    raise AssertionError(f"no {purpose} link in {message.body}")


def test_a_signed_link_works_once(clock, process, book_at, deliver, candidate):
    booking = book_at(process, TUESDAY_9_BERLIN)
    deliver()
    [message] = mails_to(candidate.user.email)
    link = _link(message, "reschedule")
    cancel_link = _link(message, "cancel")
    client = Client()  # not signed in: the link is the key
    page = client.get(link)
    assert page.status_code == 200
    assert "Reschedule the interview" in page.content.decode()
    new_start = TUESDAY_9_BERLIN + timedelta(days=1)
    done = client.post(link, {"start": new_start.isoformat()})
    assert done.status_code == 302
    booking.refresh_from_db()
    assert booking.starts_at == new_start
    assert booking.sequence == 1
    assert booking.changes.last().actor == candidate.user
    for used in (link, cancel_link):
        again = client.get(used)
        assert again.status_code == 410
        assert "This link is no longer valid." in again.content.decode()
        assert client.post(used, {"start": TUESDAY_9_BERLIN.isoformat()}).status_code == 410
    booking.refresh_from_db()
    assert booking.sequence == 1 and booking.is_booked


def test_the_newest_email_has_working_links(clock, process, book_at, deliver, candidate):
    booking = book_at(process, TUESDAY_9_BERLIN)
    actions.reschedule(booking, by=candidate.user, starts_at=TUESDAY_9_BERLIN + timedelta(hours=2))
    deliver()
    messages = sorted(
        mails_to(candidate.user.email), key=lambda m: m.subject.startswith("Interview moved")
    )
    old, new = messages
    client = Client()
    assert client.get(_link(old, "cancel")).status_code == 410
    assert client.post(_link(new, "cancel"), {"reason": "Sorry."}).status_code == 302
    booking.refresh_from_db()
    assert not booking.is_booked
    assert booking.cancelled_by == candidate.user


@pytest.mark.parametrize("token", ["nonsense", "a" * 80])
def test_a_forged_link_is_not_valid(clock, token):
    response = Client().get(f"/calendar/link/{token}/cancel/")
    assert response.status_code == 410


def test_the_cancellation_email_has_no_change_links(
    clock, process, book_at, deliver, recruiter, candidate
):
    booking = book_at(process, TUESDAY_9_BERLIN)
    actions.cancel(booking, by=recruiter)
    deliver()
    cancelled = [m for m in mails_to(candidate.user.email) if "cancelled" in m.subject]
    [message] = cancelled
    assert "/calendar/link/" not in message.body
    assert "cancelled this interview" in message.body
    assert parts(message)[0] == "CANCEL"


def test_a_time_in_the_invite_is_utc(clock, process, book_at, deliver):
    book_at(process, TUESDAY_9_BERLIN)
    deliver()
    attachment = parts(booking_mails()[0])[2]
    assert "DTSTART:20260303T080000Z" in attachment
    assert "VTIMEZONE" not in attachment
    assert event_of(attachment)[1].decoded("DTSTART").utcoffset() == timedelta(0)


def test_the_notifications_list_names_booking_notices(clock, process, book_at, candidate):
    book_at(process, TUESDAY_9_BERLIN)
    client = Client()
    client.force_login(candidate.user)
    html = client.get("/notifications/").content.decode()
    assert "Interview booked" in html
    notice = Notice.objects.get(recipient=candidate.user, kind="booking_booked")
    opened = client.post(f"/notifications/{notice.pk}/open/")
    assert opened["Location"] == f"/interviews/{process.request_id}/"
