"""Copy the help articles shipped in overture/support/articles/ into the
database. ``migrate`` does this by itself; run it by hand after editing an
article while the server is running."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from overture.support.content import ArticleFileError, sync_articles


class Command(BaseCommand):
    help = "Create or update help articles from overture/support/articles/."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = sync_articles(using=options["database"])
        except ArticleFileError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Help articles: {result.created} created, {result.updated} updated, "
            f"{result.unpublished} unpublished."
        )
