import pytest
from django.db import connection

from overture.support.models import Article, Topic
from overture.support.queries import search_articles
from overture.support.rendering import plain_text

pytestmark = pytest.mark.django_db


def make_article(slug: str, title: str, body: str, **extra: object) -> Article:
    return Article.objects.create(
        slug=slug, topic=Topic.ACCOUNT, title=title, body=body, search_text=plain_text(body),
        **extra,
    )  # fmt: skip


def test_search_finds_an_article_by_a_word_only_in_its_body(client):
    make_article("travel", "Working while abroad", "Interviews from Zanzibar are fine too.")
    results = list(search_articles("zanzibar"))
    assert [a.slug for a in results] == ["travel"]
    page = client.get("/help/", {"q": "Zanzibar"}).content.decode()
    assert "1 article about “Zanzibar”" in page
    assert '<a href="/help/articles/travel/">Working while abroad</a>' in page


def test_search_finds_shipped_articles_by_words_in_their_bodies(client):
    page = client.get("/help/", {"q": "Idempotency-Key"}).content.decode()
    assert "The API and webhooks" in page
    page = client.get("/help/", {"q": "show ended interviews"}).content.decode()
    assert "Managing your interviews" in page


def test_search_matches_numbers_as_the_reader_sees_them():
    # The body says {{ request_ttl }}; readers search for what they read.
    assert "automatic-decline" in {a.slug for a in search_articles("14 days")}


def test_search_puts_title_matches_first():
    make_article("body-only", "Something else", "All about widgets here.")
    make_article("in-title", "Widgets explained", "Text.")
    assert [a.slug for a in search_articles("widgets")] == ["in-title", "body-only"]


def test_search_needs_every_word():
    make_article("a", "Alpha", "apples and pears")
    make_article("b", "Beta", "apples only")
    assert [a.slug for a in search_articles("apples pears")] == ["a"]


def test_search_skips_unpublished_articles():
    make_article("gone", "Gone", "Quokka facts.", is_published=False)
    assert list(search_articles("quokka")) == []


def test_a_search_with_no_results_offers_a_ticket(client):
    page = client.get("/help/", {"q": "xylophone"}).content.decode()
    assert "No articles about “xylophone”" in page
    assert 'href="/help/tickets/new/">submit a ticket</a>' in page


def test_search_treats_query_syntax_as_words(client):
    for query in ['"unterminated', "a & b | !c", "%_%", "' OR 1=1 --", "(((", "-"]:
        assert client.get("/help/", {"q": query}).status_code == 200


def test_an_overlong_query_is_refused_gently(client):
    response = client.get("/help/", {"q": "x" * 201})
    assert response.status_code == 200
    assert "Ensure this value has at most 200 characters" in response.content.decode()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming is PostgreSQL's")
def test_postgresql_search_finds_other_forms_of_a_word():
    slugs = [a.slug for a in search_articles("declining reasons")]
    assert "declining-a-request" in slugs


def test_the_help_center_lists_topics_in_order_with_their_articles(client):
    page = client.get("/help/").content.decode()
    assert (
        page.index("For candidates")
        < page.index("For companies")
        < page.index("Your account and support")
    )
    assert page.index("Managing your interviews") < page.index("Reviewing an interview request")
    assert 'href="/help/tickets/new/"' in page


def test_help_pages_run_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get("/help/")
    with django_assert_max_num_queries(3):
        client.get("/help/", {"q": "interviews"})
    with django_assert_max_num_queries(4):
        client.get("/help/articles/managing-interviews/")
