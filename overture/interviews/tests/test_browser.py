"""The candidate's path through a real browser, found by accessible names."""

import re

import pytest
from playwright.sync_api import Page, expect

from overture.conftest import PASSWORD
from overture.testing.browser import screenshot, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_candidate_reviews_accepts_and_ends_an_interview(page: Page, send, candidate, recruiter):
    send(
        candidate, role_title="Senior Python Engineer", personal_note="Your Django talk was great."
    )

    sign_in(page, candidate.user.email, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Interviews").click()
    expect(page.get_by_role("heading", name="Interviews", level=1)).to_be_visible()
    expect(page.get_by_text(re.compile(r"13 days \d+ hours left|14 days left"))).to_be_visible()
    screenshot(page, "01-candidate-interviews-tab")

    page.get_by_role("link", name="Review request").click()
    company = page.get_by_role("region", name="About Acme Robotics")
    expect(company).to_contain_text("51–200 employees")
    expect(company).to_contain_text("Berlin")
    expect(company.get_by_role("list", name="Tech stack")).to_contain_text("Django")
    expect(company).to_contain_text("Small teams that own what they build.")
    offer = page.get_by_role("region", name="The offer")
    expect(offer).to_contain_text("EUR 70,000–90,000 a year")
    expect(offer.get_by_role("list", name="Perks")).to_contain_text("Learning budget")
    expect(page.get_by_text("Your Django talk was great.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"left\s+to accept or decline"))).to_be_visible()
    screenshot(page, "02-review-request")

    page.get_by_label("Note to the interviewer (optional)").fill("Mornings suit me best.")
    page.get_by_role("button", name="Accept request").click()
    expect(page.get_by_role("status")).to_contain_text("You accepted")
    expect(page.get_by_text("Active process", exact=True)).to_be_visible()
    screenshot(page, "03-accepted")
    sign_out(page)

    sign_in(page, recruiter.email, PASSWORD)
    page.get_by_role("link", name=re.compile("^Active processes")).click()
    expect(page.get_by_text("Mornings suit me best.")).to_be_visible()
    expect(page.get_by_text("Active process", exact=True)).to_be_visible()
    screenshot(page, "04-recruiter-sees-acceptance")
    sign_out(page)

    sign_in(page, candidate.user.email, PASSWORD)
    page.get_by_role("link", name=re.compile("^Open Senior Python Engineer")).click()
    page.get_by_role("link", name="End interview process").click()
    expect(page.get_by_role("heading", name="End this interview process?")).to_be_visible()
    page.get_by_label("Reason (optional)").fill("I took another offer.")
    screenshot(page, "05-confirm-end")
    page.get_by_role("button", name="End interview process").click()
    expect(page.get_by_role("status")).to_contain_text("has ended")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Interviews").click()
    expect(page.get_by_text("Senior Python Engineer")).to_have_count(0)
    page.get_by_label("Show ended interviews").check()
    expect(page).to_have_url(re.compile(r"ended=1"))
    expect(page.get_by_text("Senior Python Engineer")).to_be_visible()
    expect(page.get_by_text("Process ended", exact=True)).to_be_visible()
    expect(page.get_by_label("Show ended interviews")).to_be_checked()
    screenshot(page, "06-show-ended-interviews")


def test_the_pages_fit_a_phone_screen(page: Page, send, candidate):
    request = send(candidate)
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, candidate.user.email, PASSWORD)
    for path, name in (
        ("/interviews/", "07-phone-tab"),
        (f"/interviews/{request.pk}/", "08-phone-review"),
    ):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} scrolls sideways ({width}px)"
        screenshot(page, name)


def test_the_review_page_works_with_the_keyboard(page: Page, send, candidate):
    request = send(candidate)
    sign_in(page, candidate.user.email, PASSWORD)
    page.goto(f"/interviews/{request.pk}/")
    page.get_by_label("Note to the interviewer (optional)").focus()
    page.keyboard.type("Typed without a mouse")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Accept request" in focused
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("You accepted")
