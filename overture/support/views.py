from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from overture.accounts.http import AuthedRequest
from overture.interviews.access import get_candidate_request_for
from overture.interviews.models import request_ttl
from overture.lib.errors import Refused
from overture.lib.pages import paginate
from overture.support import queries
from overture.support.access import get_ticket_for, get_ticket_message_for
from overture.support.actions import (
    ask_to_reopen,
    is_reopenable,
    open_reopen_ticket,
    open_ticket,
    record_vote,
    reply,
    send_feedback,
)
from overture.support.forms import (
    FeedbackForm,
    HelpSearchForm,
    ReopenRequestForm,
    ReplyForm,
    TicketForm,
    VoteForm,
)
from overture.support.models import Article, Ticket
from overture.support.rendering import human_duration, render_article
from overture.support.visitors import remember, voter_for, voter_or_new


def help_center(request: HttpRequest) -> HttpResponse:
    form = HelpSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    context: dict[str, Any] = {"form": form, "query": query, "help_section": "articles"}
    if query:
        context["results"] = list(queries.search_articles(query)[:50])
    else:
        context["topics"] = queries.help_index()
    return render(request, "support/help_center.html", context)


def _article_or_404(slug: str) -> Article:
    article = queries.get_article(slug)
    if article is None:
        raise Http404("No such help article.")
    return article


def _article_page(
    request: HttpRequest, article: Article, status: int = 200, **forms: Any
) -> HttpResponse:
    vote = queries.vote_of(article, voter_for(request))
    feedback_form = forms.get("feedback_form") or FeedbackForm(
        initial={"feedback": vote.feedback if vote else ""}
    )
    return render(
        request,
        "support/article.html",
        {
            "article": article,
            "body": render_article(article.body),
            "related": queries.related_articles(article),
            "vote": vote,
            "vote_form": forms.get("vote_form"),
            "feedback_form": feedback_form,
            "show_feedback": (vote is not None and not vote.helpful) or "feedback_form" in forms,
            "help_section": "articles",
        },
        status=status,
    )


def article(request: HttpRequest, slug: str) -> HttpResponse:
    return _article_page(request, _article_or_404(slug))


@require_POST
def vote(request: HttpRequest, slug: str) -> HttpResponse:
    article = _article_or_404(slug)
    form = VoteForm(request.POST)
    if not form.is_valid():
        return _article_page(request, article, status=400, vote_form=form)
    voter, new_key = voter_or_new(request)
    record_vote(article, by=voter, helpful=form.is_helpful)
    if form.is_helpful:
        messages.success(request, "Thanks for letting us know.")
        anchor = "#helpful"
    else:
        messages.success(request, "Thanks. Tell us what was missing, and we'll improve it.")
        anchor = "#feedback"
    response = redirect(reverse("support:article", args=[article.slug]) + anchor)
    if new_key:
        remember(response, new_key)
    return response


@require_POST
def feedback(request: HttpRequest, slug: str) -> HttpResponse:
    article = _article_or_404(slug)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        voter, new_key = voter_or_new(request)
        try:
            send_feedback(article, by=voter, text=form.cleaned_data["feedback"])
        except Refused as refused:
            form.add_error("feedback", refused.message)
        else:
            messages.success(request, "Thank you. Your feedback was sent to the support team.")
            response = redirect(reverse("support:article", args=[article.slug]) + "#helpful")
            if new_key:
                remember(response, new_key)
            return response
    return _article_page(request, article, status=400, feedback_form=form)


@login_required
def tickets(request: AuthedRequest) -> HttpResponse:
    page = paginate(request, queries.tickets_of(request.user.pk))
    return render(
        request, "support/tickets.html", {"page": page, "query": "", "help_section": "tickets"}
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_ticket(request: AuthedRequest) -> HttpResponse:
    initial = {}
    if "interview" in request.GET:
        initial["interview"] = request.GET["interview"]
    form = TicketForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ticket = open_ticket(
                by=request.user,
                subject=data["subject"],
                description=data["description"],
                category=data["category"],
                interview=data["interview"],
            )
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request, f"Ticket #{ticket.pk} is open. Support replies here and by email."
            )
            return redirect("support:ticket", pk=ticket.pk)
    return render(
        request,
        "support/ticket_form.html",
        {"form": form, "help_section": "new_ticket"},
        status=400 if request.method == "POST" else 200,
    )


def _ticket_page(
    request: AuthedRequest, ticket: Ticket, form: ReplyForm | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "support/ticket.html",
        {
            "ticket": ticket,
            "thread": queries.thread(ticket),
            "form": form or ReplyForm(),
            "help_section": "tickets",
        },
        status=status,
    )


@login_required
def ticket_message(request: AuthedRequest, message_id: int) -> HttpResponse:
    """Where a reply notice leads: the reply, in its ticket's thread."""
    message = get_ticket_message_for(request.user, message_id)
    url = reverse("support:ticket", args=[message.ticket_id])
    return redirect(f"{url}#message-{message.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def ticket(request: AuthedRequest, pk: int) -> HttpResponse:
    ticket = get_ticket_for(request.user, pk)
    if request.method == "GET":
        return _ticket_page(request, ticket)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            reply(ticket, by=request.user, body=form.cleaned_data["body"])
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, "Your reply was sent.")
            return redirect("support:ticket", pk=ticket.pk)
    return _ticket_page(request, ticket, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def ask_reopen(request: AuthedRequest, interview_id: int) -> HttpResponse:
    """ "Ask support to re-open": confirm, with an optional message, then a ticket."""
    interview = get_candidate_request_for(request.user, interview_id)
    existing = open_reopen_ticket(interview)
    form = ReopenRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            created = ask_to_reopen(
                interview, by=request.user, message=form.cleaned_data["message"]
            )
        except Refused as refused:
            messages.error(request, refused.message)
            return redirect("interviews:detail", pk=interview.pk)
        messages.success(
            request,
            f"We've asked support to re-open this interview (ticket #{created.pk}). "
            "You'll get an email when they answer.",
        )
        return redirect("support:ticket", pk=created.pk)
    return render(
        request,
        "support/ask_reopen.html",
        {
            "interview": interview,
            "form": form,
            "existing": existing,
            "reopenable": is_reopenable(interview),
            "state": interview.effective_status(),
            "request_ttl": human_duration(request_ttl()),
            "help_section": "tickets",
        },
        status=400 if request.method == "POST" else 200,
    )
