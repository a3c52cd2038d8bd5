import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve

from overture.support.content import ArticleFileError, parse, shipped_articles, sync_articles
from overture.support.models import Article, Topic
from overture.support.rendering import markdown_to_html, product_numbers, render_article

pytestmark = pytest.mark.django_db


def write(root: Path, topic: str, slug: str, text: str) -> Path:
    path = root / topic / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# The sanitizer ----------------------------------------------------------------


def test_it_strips_script_tags_from_article_markdown():
    html = markdown_to_html("Hello\n\n<script>alert('x')</script>\n\n<p>after</p>")
    assert "<script" not in html
    assert "alert(" not in html
    assert "after" in html


def test_it_strips_event_handlers_from_article_markdown():
    html = markdown_to_html(
        'Look: <img src="x" onerror="alert(1)"> and <a href="/help/" onclick="steal()">here</a>'
        '\n\n<p onmouseover="alert(2)">hover</p>'
    )
    assert "onerror" not in html
    assert "onclick" not in html
    assert "onmouseover" not in html
    assert "<img" not in html  # images are not among the allowed tags
    assert '<a href="/help/"' in html


def test_it_strips_javascript_links_from_article_markdown():
    html = markdown_to_html(
        '[click me](javascript:alert(1)) and <a href="JaVaScRiPt:alert(2)">raw</a> '
        "and [data](data:text/html;base64,PHNjcmlwdD4=)"
    )
    assert "javascript:" not in html.lower()
    assert "data:" not in html
    assert "click me" in html  # the words stay, the link target goes


def test_it_keeps_ordinary_markdown_and_marks_links_noopener():
    html = markdown_to_html(
        "## Heading\n\nSome **bold** text with `code`.\n\n"
        "| a | b |\n| --- | --- |\n| 1 | 2 |\n\n"
        "- one\n- two\n\n[Overture](https://example.com/)"
    )
    assert "<h2>Heading</h2>" in html
    assert "<strong>bold</strong>" in html
    assert "<code>code</code>" in html
    assert "<table>" in html
    assert "<td>2</td>" in html
    assert "<li>one</li>" in html
    assert 'href="https://example.com/"' in html
    assert 'rel="noopener noreferrer"' in html


def test_numbers_in_articles_cannot_smuggle_markup(settings):
    settings.SCHEDULING = {**settings.SCHEDULING, "DAILY_CAP": "<script>x()</script>"}
    html = render_article("At most {{ booking_daily_cap }} a day.")
    assert "At most" in html
    assert "<script" not in html


# Numbers come from settings ----------------------------------------------------


def test_it_fills_numbers_from_the_same_settings_the_code_uses(client, settings):
    page = client.get("/help/articles/automatic-decline/").content.decode()
    assert "<strong>14 days</strong> after it was sent" in page
    assert "72 and 24 hours before" in page

    settings.OVERTURE = {**settings.OVERTURE, "REQUEST_TTL": timedelta(days=10)}
    page = client.get("/help/articles/automatic-decline/").content.decode()
    assert "<strong>10 days</strong> after it was sent" in page
    assert "14 days" not in page


def test_changing_the_edit_window_changes_the_company_article(client, settings):
    settings.OVERTURE = {**settings.OVERTURE, "EDIT_WINDOW": timedelta(minutes=15)}
    page = client.get("/help/articles/editing-and-withdrawing/").content.decode()
    assert "first 15 minutes" in page
    assert not re.search(r"\b5 minutes", page)


def test_calendar_rules_in_articles_follow_the_scheduling_settings(client, settings):
    page = client.get("/help/articles/booking-interviews/").content.decode()
    assert "at least 12 hours from now and no more than 30 days ahead" in page
    settings.SCHEDULING = {**settings.SCHEDULING, "NOTICE": timedelta(hours=24), "DAILY_CAP": 2}
    page = client.get("/help/articles/booking-interviews/").content.decode()
    assert "at least 24 hours from now" in page
    assert "by default 2 interviews a day" in page


def test_every_number_an_article_may_name_is_defined():
    numbers = product_numbers()
    for shipped in shipped_articles():
        for name in re.findall(r"{{\s*(\w+)", shipped.body):
            assert name in numbers, f"{shipped.slug} names {name}"


def test_it_refuses_an_article_that_names_an_unknown_number(tmp_path):
    path = write(tmp_path, "candidates", "typo", "---\ntitle: Typo\n---\nWithin {{ requst_ttl }}.")
    with pytest.raises(ArticleFileError, match="names a number"):
        parse(path, "candidates")


@pytest.mark.parametrize(
    ("topic", "text", "problem"),
    [
        ("candidates", "No front matter here.", "front matter"),
        ("candidates", "---\nsummary: no title\n---\nBody", "needs a title"),
        ("nowhere", "---\ntitle: T\n---\nBody", "is not a topic"),
        ("candidates", "---\ntitle: Within {{ request_ttl }}\n---\nBody", "numbers belong"),
        ("candidates", "---\ntitle: T\norder: first\n---\nBody", "whole number"),
    ],
)
def test_it_refuses_a_malformed_article_file(tmp_path, topic, text, problem):
    path = write(tmp_path, topic, "bad", text)
    with pytest.raises(ArticleFileError, match=problem):
        parse(path, topic)


# Shipping and syncing ------------------------------------------------------------


def test_migrate_ships_the_articles_for_candidates_and_companies():
    slugs = set(Article.objects.published().values_list("slug", flat=True))
    for_candidates = {
        "managing-interviews", "reviewing-a-request", "accepting-a-request",
        "declining-a-request", "automatic-decline", "response-time-and-badge",
        "calendar-and-invites", "ending-and-reopening", "pausing-and-blocking",
    }  # fmt: skip
    for_companies = {
        "sending-requests", "editing-and-withdrawing", "booking-interviews", "expectations",
        "api-and-webhooks",
    }  # fmt: skip
    assert for_candidates | for_companies <= slugs
    topics = dict(Article.objects.values_list("slug", "topic"))
    assert {topics[s] for s in for_candidates} == {Topic.CANDIDATES}
    assert {topics[s] for s in for_companies} == {Topic.COMPANIES}


def test_links_inside_articles_lead_to_real_pages():
    slugs = {a.slug for a in shipped_articles()}
    for shipped in shipped_articles():
        for target in re.findall(r"\]\((/[^)\s]*)\)", shipped.body):
            match = re.fullmatch(r"/help/articles/([\w-]+)/", target)
            if match:
                assert match[1] in slugs, f"{shipped.slug} links to {target}"
            else:
                try:
                    resolve(target)
                except Resolver404:
                    pytest.fail(f"{shipped.slug} links to {target}, which is no page")


def test_sync_creates_updates_and_unpublishes_without_losing_votes(tmp_path):
    Article.objects.all().delete()
    write(tmp_path, "candidates", "one", "---\ntitle: One\norder: 2\n---\nFirst body.")
    write(
        tmp_path, "companies", "two", "---\ntitle: Two\nsummary: S\n---\nWithin {{ request_ttl }}."
    )
    result = sync_articles(tmp_path)
    assert (result.created, result.updated, result.unpublished) == (2, 0, 0)
    two = Article.objects.get(slug="two")
    assert two.search_text == "Within 14 days."
    assert two.body == "Within {{ request_ttl }}.\n"  # numbers are filled when shown
    two.votes.create(visitor_key="k" * 32, helpful=True)

    assert sync_articles(tmp_path) == type(result)(0, 0, 0)  # nothing changed, nothing written

    write(tmp_path, "candidates", "one", "---\ntitle: One, renamed\n---\nFirst body.")
    (tmp_path / "companies" / "two.md").unlink()
    result = sync_articles(tmp_path)
    assert (result.created, result.updated, result.unpublished) == (0, 1, 1)
    assert Article.objects.get(slug="one").title == "One, renamed"
    two.refresh_from_db()
    assert not two.is_published
    assert two.votes.count() == 1


def test_sync_refuses_two_articles_with_one_slug(tmp_path):
    write(tmp_path, "candidates", "same", "---\ntitle: A\n---\nA")
    write(tmp_path, "companies", "same", "---\ntitle: B\n---\nB")
    with pytest.raises(ArticleFileError, match="share the slug"):
        sync_articles(tmp_path)
