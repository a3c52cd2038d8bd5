"""A recruiter books from the week view with the keyboard; the candidate sees
the interview in their calendar and gets the email with the invite."""

import email
import email.policy
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from overture.conftest import PASSWORD
from overture.scheduling.models import Booking
from overture.testing.browser import axe_violations, describe, screenshot, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = "https://meet.example.com/acme-dana"


def test_the_recruiter_books_from_the_week_view_and_the_candidate_sees_it(
    page: Page, process, candidate, recruiter, deliver
):
    sign_in(page, recruiter.email, PASSWORD)
    page.goto(f"/interviews/{process.request_id}/")
    page.get_by_role("link", name="Book an interview").click()
    expect(
        page.get_by_role("heading", name=f"Book an interview with {candidate.name}")
    ).to_be_visible()
    table = page.get_by_role("table")
    expect(table).to_contain_text("America/New_York")
    expect(table).to_contain_text("Europe/Berlin")
    assert not (found := axe_violations(page)), describe(found)

    page.get_by_label("Length").select_option("45")  # submits itself
    expect(page).to_have_url(re.compile(r"minutes=45"))
    page.get_by_role("radio", name="Video call").check()
    page.get_by_label("Link or place").fill(LINK)
    page.get_by_label("Note for the candidate").fill("We'll pair on a small task.")
    page.keyboard.press("Enter")  # Enter in a text box does not book anything
    expect(page.get_by_label("Link or place")).to_have_value(LINK)
    assert not Booking.objects.exists()
    screenshot(page, "scheduling-01-recruiter-week-view")

    # Keyboard only: tab from the note to the first free time and press it.
    first_slot = page.locator("button.slot").first
    label = first_slot.inner_text()
    page.get_by_label("Note for the candidate").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if first_slot.evaluate("b => b === document.activeElement"):
            break
    expect(first_slot).to_be_focused()
    screenshot(page, "scheduling-02-slot-focused")
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Booked: video call on")
    booking = Booking.objects.get()
    assert booking.minutes == 45 and booking.location == LINK
    local = booking.starts_at.astimezone(ZoneInfo(recruiter.time_zone))
    assert local.strftime("%H:%M") in label
    interviews = page.get_by_role("region", name="Interview process")
    expect(interviews).to_contain_text("Booked")
    expect(interviews.get_by_role("link", name=re.compile("^Reschedule"))).to_be_visible()
    screenshot(page, "scheduling-03-booked")
    sign_out(page)

    deliver()
    [message] = [
        m
        for m in mail.outbox
        if m.to == [candidate.user.email] and m.subject.startswith("Interview booked")
    ]
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
    invite = next(p for p in parsed.walk() if p.get_content_type() == "text/calendar")
    assert invite.get_param("method") == "REQUEST"
    [event] = icalendar.Calendar.from_ical(invite.get_content()).walk("VEVENT")
    assert str(event["UID"]) == booking.uid
    assert event.decoded("DTSTART") == booking.starts_at
    assert "invite.ics" in [p.get_filename() for p in parsed.iter_attachments()]

    sign_in(page, candidate.user.email, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Calendar").click()
    expect(page.get_by_role("heading", name="Calendar", level=1)).to_be_visible()
    monday = booking.starts_at.date().toordinal() - booking.starts_at.weekday()
    week = booking.starts_at.date().fromordinal(monday).isoformat()
    page.goto(f"/calendar/?week={week}")
    event_link = page.get_by_role("table").get_by_role("link", name=re.compile("Acme Robotics"))
    expect(event_link).to_be_visible()
    berlin = booking.starts_at.astimezone(ZoneInfo(candidate.user.time_zone)).strftime("%H:%M")
    expect(event_link).to_contain_text(berlin)
    upcoming = page.get_by_role("region", name="Upcoming interviews")
    expect(upcoming).to_contain_text("Video call with Acme Robotics")
    assert not (found := axe_violations(page)), describe(found)
    screenshot(page, "scheduling-04-candidate-calendar")

    page.get_by_role("link", name="Availability").click()
    expect(page.get_by_label("Monday")).to_have_value("09:00–17:00")
    assert not (found := axe_violations(page)), describe(found)
    screenshot(page, "scheduling-05-availability")


def test_the_week_view_scrolls_on_a_phone(page: Page, process, recruiter):
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, recruiter.email, PASSWORD)
    page.goto(f"/calendar/book/{process.request_id}/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width}px wide on a 375px screen"
    region = page.get_by_role("region", name=re.compile("times in your time zone"))
    expect(region).to_be_visible()
    screenshot(page, "scheduling-06-phone-week-view")
