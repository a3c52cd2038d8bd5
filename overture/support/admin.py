"""The staff console for the help desk.

Any active staff user works here (SPEC §1: support staff are Django staff
users), without per-model permissions. Nothing is added or deleted by hand:
articles come from the repository, votes from readers, tickets from
requesters. Every change staff make goes through overture.support.actions.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from overture.accounts.models import User
from overture.lib.errors import Refused
from overture.support.actions import assign, is_reopenable, reopen_from_ticket, reply, set_status
from overture.support.models import (
    Article,
    Ticket,
    TicketEvent,
    TicketMessage,
    TicketStatus,
    Vote,
)


def _is_support(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff)


class SupportAdmin(admin.ModelAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_support(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_support(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_support(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_support(request)


# Articles, helpfulness and feedback


class FeedbackInline(ReadOnlyInline):
    model = Vote
    verbose_name = "feedback"
    verbose_name_plural = "feedback from readers"
    fields = ("updated_at", "answer", "feedback", "voter")
    readonly_fields = fields
    ordering = ("-updated_at",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Vote]:
        return super().get_queryset(request).exclude(feedback="").select_related("user")

    @admin.display(description="Helpful?")
    def answer(self, vote: Vote) -> str:
        return "Yes" if vote.helpful else "No"

    @admin.display(description="From")
    def voter(self, vote: Vote) -> str:
        return str(vote.user) if vote.user else "A visitor (not signed in)"


@admin.register(Article)
class ArticleAdmin(SupportAdmin):
    list_display = (
        "title", "topic", "yes_votes", "no_votes", "helpful_share", "feedback_count",
        "is_published", "updated_at",
    )  # fmt: skip
    list_filter = ("topic", "is_published")
    search_fields = ("title", "summary", "search_text")
    ordering = ("topic", "order", "title")
    readonly_fields = (
        "title", "slug", "topic", "order", "summary", "is_published", "updated_at",
        "yes_votes", "no_votes", "helpful_share", "feedback_count", "public_link", "body",
    )  # fmt: skip
    fields = readonly_fields
    inlines = (FeedbackInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                yes=Count("votes", filter=Q(votes__helpful=True)),
                no=Count("votes", filter=Q(votes__helpful=False)),
                with_feedback=Count("votes", filter=~Q(votes__feedback="")),
            )
        )

    @admin.display(description="Yes", ordering="yes")
    def yes_votes(self, article: Any) -> int:
        return int(article.yes)

    @admin.display(description="No", ordering="no")
    def no_votes(self, article: Any) -> int:
        return int(article.no)

    @admin.display(description="Found it helpful")
    def helpful_share(self, article: Any) -> str:
        total = article.yes + article.no
        return f"{round(100 * article.yes / total)}% of {total}" if total else "No votes yet"

    @admin.display(description="Feedback", ordering="with_feedback")
    def feedback_count(self, article: Any) -> int:
        return int(article.with_feedback)

    @admin.display(description="Page")
    def public_link(self, article: Article) -> str:
        url = reverse("support:article", args=[article.slug])
        return format_html('<a href="{}">{}</a>', url, url)


class HasFeedback(admin.SimpleListFilter):
    title = "feedback"
    parameter_name = "feedback"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "With feedback"), ("no", "Without feedback")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Vote]) -> QuerySet[Vote]:
        if self.value() == "yes":
            return queryset.exclude(feedback="")
        if self.value() == "no":
            return queryset.filter(feedback="")
        return queryset


@admin.register(Vote)
class VoteAdmin(SupportAdmin):
    list_display = ("article", "helpful", "feedback", "user", "updated_at")
    list_filter = ("helpful", HasFeedback, "article__topic", "article")
    search_fields = ("feedback", "article__title")
    list_select_related = ("article", "user")
    readonly_fields = ("article", "helpful", "feedback", "user", "created_at", "updated_at")
    fields = readonly_fields


# Tickets


class MessageInline(ReadOnlyInline):
    model = TicketMessage
    verbose_name = "reply"
    verbose_name_plural = "replies"
    fields = ("created_at", "author", "body")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[TicketMessage]:
        return super().get_queryset(request).select_related("author")


class TicketEventInline(ReadOnlyInline):
    model = TicketEvent
    verbose_name_plural = "history"
    fields = ("at", "kind", "actor", "from_value", "to_value")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[TicketEvent]:
        return super().get_queryset(request).select_related("actor")


class TicketAdminForm(forms.ModelForm):
    reply = forms.CharField(
        label="Reply to the requester",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text="Emailed to the requester. A reply sets the ticket to Pending (waiting on "
        "the requester) unless you choose another status above.",
    )

    class Meta:
        model = Ticket
        fields = ("assignee", "status")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_staff=True, is_active=True
        ).order_by("name")


@admin.register(Ticket)
class TicketAdmin(SupportAdmin):
    form = TicketAdminForm
    change_form_template = "support/admin/ticket_change_form.html"
    list_display = (
        "number", "subject", "requester", "category", "status", "assignee", "interview_link",
        "updated_at",
    )  # fmt: skip
    list_display_links = ("number", "subject")
    list_filter = ("status", "category", ("assignee", admin.RelatedOnlyFieldListFilter))
    search_fields = ("subject", "description", "requester__email", "requester__name")
    list_select_related = ("requester", "assignee", "interview__company", "interview__process")
    readonly_fields = (
        "requester", "subject", "category", "interview_link", "description", "created_at",
        "updated_at", "solved_at",
    )  # fmt: skip
    fieldsets = (
        ("Ticket", {"fields": readonly_fields}),
        ("Work this ticket", {"fields": ("assignee", "status", "reply")}),
    )
    inlines = (MessageInline, TicketEventInline)
    actions = ("assign_to_me", "mark_solved", "reopen_interviews")

    class Media:
        css = {"all": ("support/admin.css",)}

    @admin.display(description="Ticket", ordering="pk")
    def number(self, ticket: Ticket) -> str:
        return f"#{ticket.pk}"

    @admin.display(description="Related interview")
    def interview_link(self, ticket: Ticket) -> str:
        interview = ticket.interview
        if interview is None:
            return "—"
        url = reverse("admin:interviews_interviewrequest_change", args=[interview.pk])
        return format_html(
            '<a href="{}">{} at {}</a> ({})',
            url,
            interview.role_title,
            interview.company.name,
            self._interview_state(interview),
        )

    @staticmethod
    def _interview_state(interview: Any) -> str:
        label = interview.status_label()
        if interview.status == "accepted" and interview.process.status == "ended":
            return "Accepted, process ended"
        if interview.status == "accepted":
            return "Accepted, process active"
        return str(label)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Ticket]:
        return (
            super()
            .get_queryset(request)
            .select_related("requester", "assignee", "interview__company", "interview__process")
        )

    def save_model(self, request: HttpRequest, obj: Ticket, form: Any, change: bool) -> None:
        """Staff changes go through the actions, never a plain save()."""
        ticket = Ticket.objects.get(pk=obj.pk)
        data = form.cleaned_data
        by: User = request.user  # type: ignore[assignment]
        try:
            if "assignee" in form.changed_data:
                assign(ticket, by=by, assignee=data["assignee"])
            body = data.get("reply", "").strip()
            chosen = data["status"] if "status" in form.changed_data else None
            if body:
                reply(ticket, by=by, body=body, status=chosen)
            elif chosen:
                set_status(ticket, by=by, status=chosen)
        except Refused as refused:
            self.message_user(request, refused.message, messages.ERROR)
        obj.refresh_from_db()

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        ticket = self.get_object(request, object_id)
        can_reopen = (
            ticket is not None and ticket.interview is not None and is_reopenable(ticket.interview)
        )
        extra_context = {**(extra_context or {}), "can_reopen_interview": can_reopen}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "<int:ticket_id>/reopen-interview/",
                self.admin_site.admin_view(self.reopen_interview_view),
                name="support_ticket_reopen_interview",
            )
        ]
        return own + super().get_urls()

    def reopen_interview_view(self, request: HttpRequest, ticket_id: int) -> HttpResponse:
        """The "Re-open the interview" button on a ticket (admin_view: staff, CSRF)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        ticket = get_object_or_404(Ticket, pk=ticket_id)
        self._reopen(request, ticket)
        return HttpResponseRedirect(reverse("admin:support_ticket_change", args=[ticket.pk]))

    def _reopen(self, request: HttpRequest, ticket: Ticket) -> bool:
        try:
            interview = reopen_from_ticket(ticket, by=request.user)  # type: ignore[arg-type]
        except Refused as refused:
            self.message_user(request, f"Ticket #{ticket.pk}: {refused.message}", messages.ERROR)
            return False
        state = "pending again" if interview.status == "pending" else "active again"
        self.message_user(
            request,
            f"Ticket #{ticket.pk}: the interview is {state}; both sides were told "
            "and the ticket is solved.",
            messages.SUCCESS,
        )
        return True

    @admin.action(description="Re-open the related interviews (and solve the tickets)")
    def reopen_interviews(self, request: HttpRequest, queryset: QuerySet[Ticket]) -> None:
        for ticket in queryset:
            self._reopen(request, ticket)

    @admin.action(description="Assign to me")
    def assign_to_me(self, request: HttpRequest, queryset: QuerySet[Ticket]) -> None:
        for ticket in queryset:
            assign(ticket, by=request.user, assignee=request.user)  # type: ignore[arg-type]
        self.message_user(request, f"Assigned {queryset.count()} ticket(s) to you.")

    @admin.action(description="Mark as solved")
    def mark_solved(self, request: HttpRequest, queryset: QuerySet[Ticket]) -> None:
        for ticket in queryset:
            set_status(ticket, by=request.user, status=TicketStatus.SOLVED)  # type: ignore[arg-type]
        self.message_user(request, f"Marked {queryset.count()} ticket(s) as solved.")
