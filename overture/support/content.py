"""The help articles shipped with Overture, and copying them into the database.

Each article is ``articles/<topic>/<slug>.md``: a small front matter block
(``title``, ``summary``, ``order``) between two ``---`` lines, then Markdown.
``sync_articles()`` runs after every ``migrate`` (and by hand with
``manage.py sync_articles``); it creates or updates one row per file and
unpublishes rows whose file is gone, so their votes and feedback are kept.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from overture.support.models import Article, Topic
from overture.support.rendering import MISSING, plain_text

ARTICLES_DIR = Path(__file__).resolve().parent / "articles"
FRONT_MATTER = re.compile(r"\A---\n(?P<head>.*?)\n---\n(?P<body>.*)\Z", re.DOTALL)
SLUG = re.compile(r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z")


class ArticleFileError(ValueError):
    """An article file that cannot be shipped as it is; the message says why."""


@dataclass(frozen=True)
class ArticleFile:
    slug: str
    topic: str
    title: str
    summary: str
    order: int
    body: str


def parse(path: Path, topic: str) -> ArticleFile:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    match = FRONT_MATTER.match(text)
    if match is None:
        raise ArticleFileError(f"{path}: starts without a --- front matter block.")
    head: dict[str, str] = {}
    for line in match["head"].splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            raise ArticleFileError(f"{path}: front matter line {line!r} is not 'key: value'.")
        head[key.strip()] = value.strip()
    if any("{" in head.get(key, "") for key in ("title", "summary")):
        raise ArticleFileError(
            f"{path}: numbers belong in the body; titles and summaries are stored as they are."
        )
    unknown = set(head) - {"title", "summary", "order"}
    if unknown or not head.get("title"):
        raise ArticleFileError(f"{path}: needs a title; unknown keys: {sorted(unknown)}.")
    if topic not in Topic.values:
        raise ArticleFileError(f"{path}: {topic!r} is not a topic ({', '.join(Topic.values)}).")
    if not SLUG.match(path.stem):
        raise ArticleFileError(f"{path}: the file name must be a lower-case slug.")
    try:
        order = int(head.get("order", "100"))
    except ValueError:
        raise ArticleFileError(f"{path}: order must be a whole number.") from None
    body = match["body"].strip() + "\n"
    if MISSING.split("%s")[0] in plain_text(body):
        raise ArticleFileError(f"{path}: names a number that product_numbers() lacks.")
    return ArticleFile(
        slug=path.stem,
        topic=topic,
        title=head["title"],
        summary=head.get("summary", ""),
        order=order,
        body=body,
    )


def shipped_articles(root: Path = ARTICLES_DIR) -> list[ArticleFile]:
    articles = [parse(path, path.parent.name) for path in sorted(root.glob("*/*.md"))]
    slugs = [a.slug for a in articles]
    duplicates = sorted({s for s in slugs if slugs.count(s) > 1})
    if duplicates:
        raise ArticleFileError(f"Two articles share the slug(s) {', '.join(duplicates)}.")
    return articles


@dataclass(frozen=True)
class SyncResult:
    created: int
    updated: int
    unpublished: int


@transaction.atomic
def sync_articles(root: Path = ARTICLES_DIR, using: str = "default") -> SyncResult:
    files = {a.slug: a for a in shipped_articles(root)}
    rows = {a.slug: a for a in Article.objects.using(using).select_for_update()}
    now = timezone.now()
    created = updated = unpublished = 0
    for slug, shipped in files.items():
        values = {
            "topic": shipped.topic,
            "title": shipped.title,
            "summary": shipped.summary,
            "order": shipped.order,
            "body": shipped.body,
            "search_text": plain_text(shipped.body),
            "is_published": True,
        }
        row = rows.get(slug)
        if row is None:
            Article.objects.using(using).create(slug=slug, updated_at=now, **values)
            created += 1
        elif any(getattr(row, name) != value for name, value in values.items()):
            Article.objects.using(using).filter(pk=row.pk).update(updated_at=now, **values)
            updated += 1
    for slug, row in rows.items():
        if slug not in files and row.is_published:
            Article.objects.using(using).filter(pk=row.pk).update(is_published=False)
            unpublished += 1
    return SyncResult(created, updated, unpublished)
