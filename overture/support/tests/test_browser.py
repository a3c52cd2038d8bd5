"""The help center and the support desk in a real browser, found by accessible
names, with axe-core checking the pages people rely on most."""

import re

import pytest
from playwright.sync_api import Page, expect

from overture.conftest import PASSWORD
from overture.interviews.actions import accept_request, decline_request
from overture.interviews.models import Status
from overture.support.models import Ticket, TicketStatus, Vote
from overture.testing.browser import axe_violations, describe, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_finds_the_managing_interviews_article_votes_no_and_sends_feedback(
    page: Page,
):
    page.goto("/")  # a visitor lands on sign-in; Help is in the menu for everyone
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Help").click()
    expect(page.get_by_role("heading", name="Help center", level=1)).to_be_visible()
    screenshot(page, "help-01-help-center")

    page.get_by_label("Search the help center").fill("ended interviews")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name=re.compile("about “ended interviews”"))).to_be_visible()
    screenshot(page, "help-02-search-results")
    page.get_by_role("link", name="Managing your interviews").click()

    expect(page.get_by_role("heading", name="Managing your interviews", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Did you find it helpful?")).to_be_visible()
    expect(page.get_by_label("Send feedback")).to_have_count(0)
    page.get_by_role("button", name="No", exact=True).click()

    expect(page.get_by_role("button", name="No", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    box = page.get_by_label("Send feedback")
    expect(box).to_be_visible()
    box.fill("I couldn't tell where declined requests go.")
    screenshot(page, "help-03-feedback-box")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_role("status")).to_contain_text("Your feedback was sent")

    vote = Vote.objects.get()
    assert vote.article.slug == "managing-interviews"
    assert vote.helpful is False
    assert vote.user is None
    assert vote.visitor_key
    assert vote.feedback == "I couldn't tell where declined requests go."

    # The same visitor changes their mind: still one vote.
    page.get_by_role("button", name="Yes", exact=True).click()
    expect(page.get_by_role("button", name="Yes", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    assert Vote.objects.count() == 1
    assert Vote.objects.get().helpful is True


def test_a_candidate_asks_support_to_reopen_and_staff_reopen_it(
    page: Page, send, candidate, recruiter, staff
):
    request = send(candidate, role_title="Platform Engineer")
    decline_request(request, by=candidate.user, reason="compensation")

    sign_in(page, candidate.user.email, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Interviews").click()
    expect(page.get_by_text("Platform Engineer")).to_have_count(0)
    page.get_by_label("Show ended interviews").check()
    page.get_by_role("link", name="Open Platform Engineer at Acme Robotics").click()
    page.get_by_role("link", name="Ask support to re-open").click()

    expect(page.get_by_role("heading", name="Ask support to re-open", level=1)).to_be_visible()
    page.get_by_label("Message to support (optional)").fill("I declined by mistake, sorry!")
    screenshot(page, "help-04-ask-to-reopen")
    page.get_by_role("button", name="Ask support to re-open").click()
    expect(page.get_by_role("status")).to_contain_text("We've asked support to re-open")
    expect(page.get_by_text("I declined by mistake, sorry!")).to_be_visible()
    screenshot(page, "help-05-reopen-ticket")
    ticket = Ticket.objects.get()
    assert (ticket.interview_id, ticket.category) == (request.pk, "reopen")

    page.context.clear_cookies()
    sign_in(page, staff.email, PASSWORD)
    page.goto("/admin/support/ticket/")
    page.get_by_role("link", name="Please re-open: Platform Engineer at Acme Robotics").click()
    expect(page.get_by_text("I declined by mistake, sorry!")).to_be_visible()
    screenshot(page, "help-06-staff-ticket")
    page.get_by_role("button", name="Re-open the interview").click()
    expect(page.get_by_text("the interview is pending again; both sides were told")).to_be_visible()
    screenshot(page, "help-07-staff-reopened")
    ticket.refresh_from_db()
    request.refresh_from_db()
    assert ticket.status == TicketStatus.SOLVED
    assert request.status == Status.PENDING

    page.context.clear_cookies()
    sign_in(page, candidate.user.email, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Interviews").click()
    waiting = page.get_by_role("region", name="Waiting for your answer")
    expect(waiting.get_by_role("link", name="Platform Engineer", exact=True)).to_be_visible()
    expect(waiting.get_by_text(re.compile(r"^(13 days 23 hours|14 days) left$"))).to_be_visible()
    screenshot(page, "help-08-back-in-interviews")


def test_help_and_interview_pages_have_no_serious_accessibility_violations(
    page: Page, send, candidate, other_recruiter
):
    pending = send(candidate, role_title="Platform Engineer")
    active = send(candidate, by=other_recruiter, role_title="Data Engineer")
    accept_request(active, by=candidate.user)

    pages = [
        ("/help/", "help-a11y-help-center"),
        ("/help/?q=decline", "help-a11y-search"),
        ("/help/articles/managing-interviews/", "help-a11y-article"),
    ]
    for path, name in pages:
        page.goto(path)
        screenshot(page, name)
        violations = axe_violations(page)
        assert not violations, f"{path}:\n{describe(violations)}"

    page.get_by_role("button", name="No", exact=True).click()  # the feedback box, too
    violations = axe_violations(page)
    assert not violations, f"article with feedback box:\n{describe(violations)}"

    sign_in(page, candidate.user.email, PASSWORD)
    signed_in_pages = [
        ("/interviews/", "help-a11y-interviews-tab"),
        (f"/interviews/{pending.pk}/", "help-a11y-review-page"),
        ("/help/tickets/new/", "help-a11y-ticket-form"),
    ]
    for path, name in signed_in_pages:
        page.goto(path)
        screenshot(page, name)
        violations = axe_violations(page)
        assert not violations, f"{path}:\n{describe(violations)}"


def test_a_declined_interview_and_its_reopen_ticket_are_accessible(page: Page, send, candidate):
    request = decline_request(send(candidate), by=candidate.user)
    sign_in(page, candidate.user.email, PASSWORD)
    for path, name in (
        (f"/interviews/{request.pk}/", "help-a11y-ended-interview"),
        (f"/help/tickets/reopen/{request.pk}/", "help-a11y-ask-reopen"),
    ):
        page.goto(path)
        screenshot(page, name)
        violations = axe_violations(page)
        assert not violations, f"{path}:\n{describe(violations)}"
    page.get_by_role("button", name="Ask support to re-open").click()
    screenshot(page, "help-a11y-ticket")
    violations = axe_violations(page)
    assert not violations, f"ticket page:\n{describe(violations)}"


def test_the_help_pages_fit_a_phone_screen(page: Page):
    page.set_viewport_size({"width": 375, "height": 740})
    for path, name in (
        ("/help/", "help-phone-help-center"),
        ("/help/articles/ending-and-reopening/", "help-phone-article"),
    ):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} scrolls sideways ({width}px)"
        screenshot(page, name)
