import re
from datetime import timedelta

import icalendar
import pytest
import vobject
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from overture.accounts.models import User
from overture.candidates.models import Candidate
from overture.interviews.actions import accept_request, end_process
from overture.scheduling import actions
from overture.scheduling.hours import parse_hours
from overture.scheduling.models import Booking, CalendarFeed
from overture.scheduling.tests.conftest import LINK, utc

pytestmark = pytest.mark.django_db

TUESDAY_9_BERLIN = utc(2026, 3, 3, 8)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def slot_values(html: str) -> list[str]:
    return re.findall(r'name="start" value="([^"]+)"', html)


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# ---------------------------------------------------------------- booking from the week view


def test_the_recruiter_sees_free_times_in_their_zone_with_the_candidates_beside(
    clock, process, recruiter
):
    page = signed_in(recruiter).get(f"/calendar/book/{process.request_id}/?minutes=30")
    html = page.content.decode()
    assert page.status_code == 200
    values = slot_values(html)
    # Dana's Tuesday 09:00 Berlin is 03:00 in New York.
    assert "2026-03-03T08:00:00Z" in values
    found = re.search(r'value="2026-03-03T08:00:00Z">(.*?)</button>', html)
    assert found is not None
    button = found.group(1)
    assert "03:00" in button and "09:00" in button and "Tuesday 3 March" in button
    assert "America/New_York" in html and "Europe/Berlin" in html
    # Nothing inside the 12-hour notice: Monday 09:00 UTC + 12 h.
    assert min(values) >= "2026-03-02T21:00:00Z"


def test_booking_from_the_week_view(clock, process, recruiter, candidate):
    client = signed_in(recruiter)
    response = client.post(
        f"/calendar/book/{process.request_id}/",
        {
            "minutes": "45",
            "medium": "video",
            "location": LINK,
            "note": "Hello!",
            "start": "2026-03-03T08:00:00Z",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/interviews/{process.request_id}/"
    booking = Booking.objects.get()
    assert (booking.starts_at, booking.minutes, booking.note) == (TUESDAY_9_BERLIN, 45, "Hello!")
    detail = client.get(response["Location"]).content.decode()
    assert "Booked: video call on Tuesday 3 March at 03:00" in detail
    # The time is gone from the week view.
    again = client.get(f"/calendar/book/{process.request_id}/?minutes=45").content.decode()
    assert "2026-03-03T08:00:00Z" not in slot_values(again)


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"start": "2026-03-03T08:05:00Z"}, 400, "15-minute grid"),
        ({"start": "2026-03-03T08:00:00Z", "minutes": "20"}, 400, "15, 30, 45 or 60 minutes"),
        ({"start": "2026-03-02T12:00:00Z"}, 400, "12 hours&#x27; notice"),
        ({"start": "2026-02-27T12:00:00Z"}, 400, "already passed"),
        ({"start": "2026-04-20T08:00:00Z"}, 400, "30 days ahead"),
        ({"start": "soon"}, 400, "Choose one of the times offered"),
        ({"start": ""}, 400, "Choose a time"),
        ({"start": "2026-03-03T08:00:00Z", "location": ""}, 400, "video call link"),
    ],
)
def test_the_booking_form_refuses_bad_input_and_writes_nothing(
    clock, process, recruiter, data, status, message
):
    posted = {"minutes": "30", "medium": "video", "location": LINK, **data}
    response = signed_in(recruiter).post(f"/calendar/book/{process.request_id}/", posted)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not Booking.objects.exists()


def test_a_time_taken_meanwhile_is_a_clean_409(
    clock, process, other_process, book_at, recruiter, other_recruiter
):
    book_at(other_process, TUESDAY_9_BERLIN, by=other_recruiter)
    response = signed_in(recruiter).post(
        f"/calendar/book/{process.request_id}/",
        {
            "minutes": "30",
            "medium": "phone",
            "start": "2026-03-03T08:15:00Z",
        },
    )
    assert response.status_code == 409
    assert "no longer available" in response.content.decode()
    assert Booking.objects.count() == 1


def test_only_the_company_books_in_its_process(clock, process, other_recruiter, candidate):
    for user in (other_recruiter, candidate.user):
        client = signed_in(user)
        assert client.get(f"/calendar/book/{process.request_id}/").status_code == 404
        assert (
            client.post(
                f"/calendar/book/{process.request_id}/",
                {
                    "minutes": "30",
                    "medium": "phone",
                    "start": "2026-03-03T08:00:00Z",
                },
            ).status_code
            == 404
        )
    assert not Booking.objects.exists()


def test_an_ended_process_offers_nothing_to_book(clock, process, recruiter):
    end_process(process, by=recruiter)
    client = signed_in(recruiter)
    page = client.get(f"/calendar/book/{process.request_id}/").content.decode()
    assert "has ended" in page and not slot_values(page)
    response = client.post(
        f"/calendar/book/{process.request_id}/",
        {"minutes": "30", "medium": "phone", "start": "2026-03-03T08:00:00Z"},
    )
    assert response.status_code == 409
    assert not Booking.objects.exists()


def _all_slots(user: User, request_id: int) -> set[str]:
    client = signed_in(user)
    found: set[str] = set()
    url = f"/calendar/book/{request_id}/?minutes=60"
    while url:
        html = client.get(url).content.decode()
        found |= set(slot_values(html))
        following = re.search(r'href="([^"]+)">Next week', html)
        url = following.group(1).replace("&amp;", "&") if following else ""
    return found


def test_bookers_in_kiritimati_and_etc_gmt_plus_12_see_the_same_instants(clock, process, recruiter):
    recruiter.time_zone = "Pacific/Kiritimati"
    recruiter.save()
    east = _all_slots(recruiter, process.request_id)
    recruiter.time_zone = "Etc/GMT+12"
    recruiter.save()
    west = _all_slots(recruiter, process.request_id)
    assert east == west
    # Hour-long interviews start 08:00-15:00 UTC on the 21 weekdays from Tuesday 3
    # March to Tuesday 31 March (Berlin moves to summer time on 29 March, so
    # 07:00-14:00 UTC from then), plus 07:00-08:45 on 1 April, when the horizon ends.
    assert len(east) == 21 * 29 + 8
    # ...labelled 26 hours apart: Dana's Tuesday 09:00 is Tuesday 22:00 / Monday 20:00.
    html = signed_in(recruiter).get(f"/calendar/book/{process.request_id}/").content.decode()
    assert "Week of 2 March 2026" in html  # the first week with bookable times
    assert re.search(r'value="2026-03-03T08:00:00Z">.*?Monday 2 March, </span>20:00', html)


def test_an_amsterdam_saturday_override_seen_from_los_angeles(clock, send, recruiter):
    user = User.objects.create_user(
        email="ams@example.com", name="Anna Amsterdam", time_zone="Europe/Amsterdam"
    )
    candidate = Candidate.objects.create(user=user)
    process = accept_request(send(candidate), by=user)
    actions.set_override(
        candidate, by=user, day=utc(2026, 3, 14).date(), day_hours=parse_hours("14:00-15:00")
    )
    recruiter.time_zone = "America/Los_Angeles"
    recruiter.save()
    html = (
        signed_in(recruiter)
        .get(f"/calendar/book/{process.request_id}/?minutes=30&week=2026-03-09")
        .content.decode()
    )
    saturday = [v for v in slot_values(html) if v.startswith("2026-03-14")]
    assert saturday == ["2026-03-14T13:00:00Z", "2026-03-14T13:15:00Z", "2026-03-14T13:30:00Z"]
    # 14:00 in Amsterdam (CET) is 06:00 in Los Angeles (PDT since 8 March).
    assert re.search(r'value="2026-03-14T13:00:00Z">.*?06:00.*?14:00', html)
    assert not [v for v in slot_values(html) if v.startswith("2026-03-15")]


def test_the_booking_page_runs_a_fixed_number_of_queries(
    clock, process, other_process, book_at, recruiter, other_recruiter
):
    url = f"/calendar/book/{process.request_id}/"
    client = signed_in(recruiter)
    book_at(process, TUESDAY_9_BERLIN + timedelta(hours=5))
    client.get(url)
    few = queries_for(client, url)
    for day in range(4):
        book_at(other_process, TUESDAY_9_BERLIN + timedelta(days=day), by=other_recruiter)
        book_at(process, TUESDAY_9_BERLIN + timedelta(days=day, hours=2))
    assert queries_for(client, url) == few


# ---------------------------------------------------------------- the candidate's calendar


def test_the_candidate_sees_every_interview_in_their_week(
    clock, process, other_process, book_at, other_recruiter, candidate
):
    book_at(process, TUESDAY_9_BERLIN)
    book_at(other_process, TUESDAY_9_BERLIN + timedelta(hours=2), by=other_recruiter)
    client = signed_in(candidate.user)
    html = client.get("/calendar/").content.decode()
    assert "Acme Robotics" in html and "Globex Health" in html
    assert "09:00–09:30" in html and "11:00–11:30" in html
    assert 'class="open"' in html
    few = queries_for(client, "/calendar/")
    book_at(process, TUESDAY_9_BERLIN + timedelta(days=1))
    book_at(other_process, TUESDAY_9_BERLIN + timedelta(days=2), by=other_recruiter)
    assert queries_for(client, "/calendar/") == few


def test_a_recruiter_sees_only_their_own_companys_interviews(
    clock, process, other_process, book_at, recruiter, other_recruiter
):
    book_at(process, TUESDAY_9_BERLIN)
    book_at(other_process, TUESDAY_9_BERLIN + timedelta(hours=2), by=other_recruiter)
    html = signed_in(recruiter).get("/calendar/").content.decode()
    assert "Senior Python Engineer" in html
    assert html.count("Reschedule") == 1
    booker = signed_in(recruiter).get(f"/calendar/book/{process.request_id}/").content.decode()
    assert "Globex" not in booker


def test_the_candidate_saves_weekly_hours_and_sees_clear_errors(clock, candidate):
    client = signed_in(candidate.user)
    assert client.get("/calendar/availability/").status_code == 200
    data = dict.fromkeys(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"), ""
    )
    bad = {**data, "monday": "9-12, 11-13", "daily_cap": "3", "buffer_minutes": "15"}
    response = client.post("/calendar/availability/", bad)
    assert response.status_code == 400
    assert "overlaps another range" in response.content.decode()
    good = {**data, "monday": "9-12, 13:00-17:30", "daily_cap": "2", "buffer_minutes": "30"}
    assert client.post("/calendar/availability/", good).status_code == 302
    calendar = candidate.calendar
    calendar.refresh_from_db()
    assert calendar.day_hours()[0] == ((540, 720), (780, 1050))
    assert calendar.day_hours()[1] == ()
    assert (calendar.daily_cap, calendar.buffer_minutes) == (2, 30)
    assert "13:00–17:30" in client.get("/calendar/availability/").content.decode()


def test_the_candidate_adds_and_removes_a_day_off(clock, candidate):
    client = signed_in(candidate.user)
    response = client.post(
        "/calendar/availability/dates/",
        {"override-date": "2026-03-04", "override-day_off": "on", "override-hours": ""},
    )
    assert response.status_code == 302
    html = client.get("/calendar/").content.decode()
    assert "Day off" in html
    override = candidate.calendar.overrides.get()
    bad = client.post(
        "/calendar/availability/dates/",
        {"override-date": "2026-03-04", "override-day_off": "on", "override-hours": "9-10"},
    )
    assert bad.status_code == 400
    assert client.post(f"/calendar/availability/dates/{override.pk}/remove/").status_code == 302
    assert not candidate.calendar.overrides.exists()


def test_reschedule_and_cancel_pages(clock, process, book_at, candidate, recruiter):
    booking = book_at(process, TUESDAY_9_BERLIN)
    client = signed_in(candidate.user)
    page = client.get(f"/calendar/interviews/{booking.pk}/reschedule/").content.decode()
    assert "Reschedule the interview" in page
    assert "2026-03-03T08:00:00Z" not in slot_values(page)  # the current time
    moved = client.post(
        f"/calendar/interviews/{booking.pk}/reschedule/",
        {"start": "2026-03-04T10:00:00Z", "sequence": "0", "message": "Afternoon suits me."},
    )
    assert moved.status_code == 302
    stale = signed_in(recruiter).post(
        f"/calendar/interviews/{booking.pk}/cancel/", {"sequence": "0"}
    )
    assert stale.status_code == 409
    assert "changed meanwhile" in stale.content.decode()
    done = signed_in(recruiter).post(
        f"/calendar/interviews/{booking.pk}/cancel/", {"sequence": "1", "reason": "Role filled."}
    )
    assert done.status_code == 302
    booking.refresh_from_db()
    assert not booking.is_booked and booking.cancel_reason == "Role filled."


def test_nobody_else_reaches_a_booking(clock, process, book_at, other_recruiter, other_candidate):
    booking = book_at(process, TUESDAY_9_BERLIN)
    for user in (other_recruiter, other_candidate.user):
        client = signed_in(user)
        assert client.get(f"/calendar/interviews/{booking.pk}/reschedule/").status_code == 404
        assert client.post(f"/calendar/interviews/{booking.pk}/cancel/").status_code == 404
    booking.refresh_from_db()
    assert booking.is_booked


def test_the_interview_page_lists_its_interviews_with_a_fixed_number_of_queries(
    clock, process, book_at, recruiter, candidate
):
    url = f"/interviews/{process.request_id}/"
    book_at(process, TUESDAY_9_BERLIN)
    client = signed_in(candidate.user)
    client.get(url)
    few = queries_for(client, url)
    html = client.get(url).content.decode()
    assert "Tuesday 3 March, 09:00–09:30" in html
    assert "How Acme Robotics follows up" in html
    company = signed_in(recruiter).get(url).content.decode()
    assert "Book an interview" in company
    booking = book_at(process, TUESDAY_9_BERLIN + timedelta(days=1))
    actions.cancel(booking, by=recruiter, reason="Clash")
    book_at(process, TUESDAY_9_BERLIN + timedelta(days=2))
    assert queries_for(client, url) == few


# ---------------------------------------------------------------- subscription feed


def test_the_private_feed_lists_a_users_interviews_until_revoked(
    clock, process, other_process, book_at, other_recruiter, candidate, recruiter
):
    mine = book_at(process, TUESDAY_9_BERLIN)
    theirs = book_at(other_process, TUESDAY_9_BERLIN + timedelta(hours=2), by=other_recruiter)
    client = signed_in(recruiter)
    assert client.post("/calendar/subscription/", {"action": "create"}).status_code == 302
    feed = CalendarFeed.objects.get(user=recruiter)
    assert feed.token in client.get("/calendar/subscription/").content.decode()
    response = Client().get(f"/calendar/feed/{feed.token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    events = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [mine.uid]
    assert "METHOD" not in icalendar.Calendar.from_ical(body)
    assert vobject.readOne(body).vevent.uid.value == mine.uid
    # Dana's feed has both companies' interviews.
    actions.create_feed(by=candidate.user)
    dana = Client().get(f"/calendar/feed/{candidate.user.calendar_feed.token}.ics")
    uids = {str(e["UID"]) for e in icalendar.Calendar.from_ical(dana.content).walk("VEVENT")}
    assert uids == {mine.uid, theirs.uid}
    client.post("/calendar/subscription/", {"action": "revoke"})
    assert Client().get(f"/calendar/feed/{feed.token}.ics").status_code == 404


def test_a_new_feed_address_retires_the_old_one(clock, candidate):
    old = actions.create_feed(by=candidate.user).token
    new = actions.create_feed(by=candidate.user).token
    assert old != new
    assert Client().get(f"/calendar/feed/{old}.ics").status_code == 404
    assert Client().get(f"/calendar/feed/{new}.ics").status_code == 200


def test_pages_need_a_candidate_or_a_member(clock, staff):
    client = signed_in(staff)
    for url in ("/calendar/", "/calendar/availability/", "/calendar/imports/"):
        assert client.get(url).status_code == 404
    assert Client().get("/calendar/").status_code == 302  # to sign in
