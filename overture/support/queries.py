"""Reads for the help center and the ticket pages; each a fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from overture.support.actions import Voter
from overture.support.models import (
    TOPIC_ORDER,
    Article,
    ArticleQuerySet,
    Ticket,
    TicketEvent,
    TicketMessage,
    Topic,
    Vote,
)

MAX_QUERY_WORDS = 8


@dataclass(frozen=True)
class TopicGroup:
    topic: str
    label: str
    articles: list[Article]


def help_index() -> list[TopicGroup]:
    """Published articles grouped by topic, topics in their fixed order."""
    articles = list(Article.objects.published().only("slug", "topic", "title", "summary", "order"))
    groups: dict[str, list[Article]] = {}
    for article in sorted(articles, key=lambda a: (TOPIC_ORDER[a.topic], a.order, a.title)):
        groups.setdefault(article.topic, []).append(article)
    return [TopicGroup(topic, Topic(topic).label, items) for topic, items in groups.items()]


def search_articles(text: str) -> ArticleQuerySet:
    """Articles matching every word of ``text``, best first.

    PostgreSQL ranks with its English full-text search (stemmed, so "declining"
    finds "decline"); elsewhere every word must appear somewhere in the
    article, and title matches come first.
    """
    text = " ".join(text.split()[:MAX_QUERY_WORDS])
    articles = Article.objects.published()
    if not text:
        return articles.none()
    if connection.vendor == "postgresql":
        vector = (
            SearchVector("title", weight="A", config="english")
            + SearchVector("summary", weight="B", config="english")
            + SearchVector("search_text", weight="C", config="english")
        )
        query = SearchQuery(text, search_type="websearch", config="english")
        return (
            articles.annotate(document=vector, rank=SearchRank(vector, query))
            .filter(document=query)
            .order_by("-rank", "title")
        )
    match = Q()
    in_title = Q()
    for word in text.split():
        match &= (
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(search_text__icontains=word)
        )
        in_title |= Q(title__icontains=word)
    return (
        articles.filter(match)
        .annotate(
            rank=Case(When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField())
        )
        .order_by("-rank", "title")
    )


def get_article(slug: str) -> Article | None:
    return Article.objects.published().filter(slug=slug).first()


def related_articles(article: Article, limit: int = 5) -> QuerySet[Article]:
    return (
        Article.objects.published()
        .filter(topic=article.topic)
        .exclude(pk=article.pk)
        .only("slug", "title")
        .order_by("order", "title")[:limit]
    )


def vote_of(article: Article, voter: Voter | None) -> Vote | None:
    if voter is None:
        return None
    return Vote.objects.filter(article=article, **voter.lookup()).first()


def tickets_of(user_id: int) -> QuerySet[Ticket]:
    return (
        Ticket.objects.filter(requester_id=user_id)
        .select_related("interview__company")
        .order_by("-updated_at", "-pk")
    )


@dataclass(frozen=True)
class ThreadItem:
    """A reply or an event, in the order they happened."""

    at: datetime
    message: TicketMessage | None = None
    event: TicketEvent | None = None


def thread(ticket: Ticket) -> list[ThreadItem]:
    messages = ticket.messages.select_related("author").order_by("created_at", "pk")
    events = ticket.events.select_related("actor").exclude(kind="opened").order_by("at", "pk")
    items = [ThreadItem(at=m.created_at, message=m) for m in messages]
    items += [ThreadItem(at=e.at, event=e) for e in events]
    return sorted(items, key=lambda item: item.at)
