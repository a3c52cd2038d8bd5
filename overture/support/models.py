"""Help center articles, the votes and feedback they get, and support tickets."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from overture.interviews.models import InterviewRequest


class Topic(models.TextChoices):
    """Help center topics, in the order the help center lists them."""

    CANDIDATES = "candidates", "For candidates"
    COMPANIES = "companies", "For companies"
    ACCOUNT = "account", "Your account and support"


TOPIC_ORDER = {topic.value: index for index, topic in enumerate(Topic)}


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self) -> "ArticleQuerySet":
        return self.filter(is_published=True)


class Article(models.Model):
    """One help article. The text lives in overture/support/articles/ and is
    copied here by ``sync_articles``, so votes and feedback attach to a row.

    ``body`` is Markdown that may name product numbers as template variables
    (``{{ request_ttl }}``); they are filled from settings when it is shown.
    """

    slug = models.SlugField(max_length=100, unique=True)
    topic = models.CharField(max_length=32, choices=Topic.choices)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    # The article as plain words, numbers filled in, for search.
    search_text = models.TextField(blank=True, editable=False)
    order = models.PositiveSmallIntegerField(default=100)
    is_published = models.BooleanField(
        default=True, help_text="Unpublished when its file is removed; its votes are kept."
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["topic", "order", "title"]

    def __str__(self) -> str:
        return self.title


class Vote(models.Model):
    """One person's answer to "Did you find it helpful?" on one article.

    A signed-in person is known by ``user``; a visitor by ``visitor_key``,
    the random value of a signed cookie. Exactly one of the two is set.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="article_votes",
    )
    visitor_key = models.CharField(max_length=64, null=True, blank=True)
    helpful = models.BooleanField()
    feedback = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-updated_at", "-pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["article", "user"],
                condition=Q(user__isnull=False),
                name="one_vote_per_user",
            ),
            models.UniqueConstraint(
                fields=["article", "visitor_key"],
                condition=Q(visitor_key__isnull=False),
                name="one_vote_per_visitor",
            ),
            models.CheckConstraint(
                condition=(
                    Q(user__isnull=False, visitor_key__isnull=True)
                    | Q(user__isnull=True, visitor_key__isnull=False)
                ),
                name="vote_has_one_voter",
            ),
        ]

    def __str__(self) -> str:
        return f"{'Yes' if self.helpful else 'No'} on {self.article_id}"


class Category(models.TextChoices):
    INTERVIEWS = "interviews", "Interview requests"
    REOPEN = "reopen", "Re-open an interview"
    SCHEDULING = "scheduling", "Scheduling and calendar"
    ACCOUNT = "account", "Account and profile"
    PROBLEM = "problem", "Something isn't working"
    OTHER = "other", "Other"


class TicketStatus(models.TextChoices):
    OPEN = "open", "Open"  # waiting on support
    PENDING = "pending", "Pending"  # waiting on the requester
    SOLVED = "solved", "Solved"


class Ticket(models.Model):
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tickets"
    )
    subject = models.CharField(max_length=200)
    description = models.TextField(max_length=5000)
    category = models.CharField(max_length=32, choices=Category.choices)
    interview = models.ForeignKey(
        InterviewRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name="related interview",
    )
    status = models.CharField(max_length=16, choices=TicketStatus.choices, default="open")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_tickets",
        limit_choices_to={"is_staff": True},
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    solved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-updated_at", "-pk"]
        indexes: ClassVar = [
            models.Index(fields=["requester", "updated_at"], name="ticket_requester"),
            models.Index(fields=["status", "updated_at"], name="ticket_queue"),
        ]
        constraints: ClassVar = [
            # Backstop for open_ticket(): one unsolved re-open ticket per interview.
            models.UniqueConstraint(
                fields=["interview"],
                condition=Q(category="reopen") & ~Q(status="solved"),
                name="one_open_reopen_ticket_per_interview",
            ),
            models.CheckConstraint(
                condition=~Q(category="reopen") | Q(interview__isnull=False),
                name="reopen_ticket_names_interview",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"

    @property
    def is_solved(self) -> bool:
        return self.status == TicketStatus.SOLVED


class TicketMessage(models.Model):
    """One reply in a ticket's thread (the description opens the thread)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Reply on ticket #{self.ticket_id} by {self.author_id}"


class TicketEventKind(models.TextChoices):
    OPENED = "opened", "Ticket opened"
    STATUS = "status", "Status changed"
    ASSIGNED = "assigned", "Assigned"
    INTERVIEW_REOPENED = "interview_reopened", "Interview re-opened"


class TicketEvent(models.Model):
    """What happened to a ticket besides replies: who, when, from, to."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=32, choices=TicketEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    from_value = models.CharField(max_length=200, blank=True)
    to_value = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering: ClassVar = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on ticket #{self.ticket_id}"
