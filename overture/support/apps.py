from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _sync_after_migrate(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """Every ``migrate`` (``make run``, a deploy, a test database) ships the
    current articles; nothing to remember."""
    from overture.support.content import sync_articles

    if "support_article" in connections[using].introspection.table_names():
        sync_articles(using=using)


class SupportConfig(AppConfig):
    name = "overture.support"
    label = "support"
    verbose_name = "Help center and support"

    def ready(self) -> None:
        from django.urls import reverse

        from overture.notifications.emails import register
        from overture.support.emails import TICKET_REPLY, ticket_reply

        register(
            TICKET_REPLY,
            ticket_reply,
            label="Reply on a support ticket",
            link=lambda message_id: reverse("support:ticket_message", args=[message_id]),
        )
        post_migrate.connect(_sync_after_migrate, sender=self)
