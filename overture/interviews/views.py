from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from overture.accounts.http import AuthedRequest
from overture.interviews import queries
from overture.interviews.access import (
    get_candidate_request_for,
    get_company_request_for,
    get_process_for,
    get_request_for,
)
from overture.interviews.actions import (
    accept_request,
    decline_request,
    edit_request,
    end_process,
    follow_up,
    post_message,
    withdraw_request,
)
from overture.interviews.followups import follow_up_state, processes_awaiting_follow_up
from overture.interviews.forms import (
    AcceptForm,
    DeclineForm,
    EndProcessForm,
    FollowUpForm,
    MessageForm,
    RequestForm,
)
from overture.interviews.models import InterviewProcess, InterviewRequest, ProcessStatus
from overture.lib.errors import Refused
from overture.lib.pages import paginate
from overture.lib.rules import product_rules


@login_required
def interviews_tab(request: AuthedRequest) -> HttpResponse:
    """The "Interviews" tab: a candidate's requests, or everything a company sent."""
    now = timezone.now()
    user = request.user
    if hasattr(user, "candidate"):
        show_ended = request.GET.get("ended") == "1"
        items = queries.candidate_interviews(user.candidate, now, show_ended=show_ended)
        page = paginate(request, items)
        return render(
            request,
            "interviews/candidate_tab.html",
            {
                "page": page,
                "awaiting_follow_up": processes_awaiting_follow_up(
                    [item.pk for item in page.object_list], now
                ),
                "show_ended": show_ended,
                "query": "ended=1" if show_ended else "",
                "now": now,
            },
        )
    if hasattr(user, "membership"):
        which = request.GET.get("show", "pending")
        if which not in queries.COMPANY_FILTERS:
            which = "pending"
        company = user.membership.company
        items = queries.company_requests(company, now, which=which)
        return render(
            request,
            "interviews/company_list.html",
            {
                "page": paginate(request, items),
                "which": which,
                "filters": queries.COMPANY_FILTERS,
                "counts": queries.company_counts(company, now),
                "query": f"show={which}",
                "now": now,
            },
        )
    raise Http404("Interviews are for candidates and company members.")


def _detail_context(request: AuthedRequest, interview: InterviewRequest) -> dict[str, object]:
    now = timezone.now()
    process = getattr(interview, "process", None)
    return {
        "follow_up": (
            follow_up_state(process, now)
            if process is not None and process.status == ProcessStatus.ACTIVE
            else None
        ),
        "follow_up_form": FollowUpForm(prefix="follow"),
        "thread": queries.thread(process) if process is not None else [],
        "message_form": MessageForm(prefix="message"),
        "interview": interview,
        "now": now,
        "state": interview.effective_status(now),
        "events": queries.timeline(interview),
        "viewer_is_candidate": hasattr(request.user, "candidate"),
        "accept_form": AcceptForm(prefix="accept"),
        "decline_form": DeclineForm(prefix="decline"),
    }


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    interview = get_request_for(request.user, pk)
    return render(request, "interviews/detail.html", _detail_context(request, interview))


def _back_to(interview: InterviewRequest) -> HttpResponse:
    return redirect("interviews:detail", pk=interview.pk)


@login_required
@require_POST
def accept(request: AuthedRequest, pk: int) -> HttpResponse:
    interview = get_candidate_request_for(request.user, pk)
    form = AcceptForm(request.POST, prefix="accept")
    if form.is_valid():
        try:
            accept_request(interview, by=request.user, note=form.cleaned_data["note"])
        except Refused as refused:
            messages.error(request, refused.message)
            return _back_to(interview)
        messages.success(
            request, f"You accepted {interview.company.name}'s request. They'll book a time next."
        )
        return _back_to(interview)
    context = _detail_context(request, interview) | {"accept_form": form}
    return render(request, "interviews/detail.html", context, status=400)


@login_required
@require_POST
def decline(request: AuthedRequest, pk: int) -> HttpResponse:
    interview = get_candidate_request_for(request.user, pk)
    form = DeclineForm(request.POST, prefix="decline")
    if form.is_valid():
        try:
            decline_request(
                interview,
                by=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                pause_profile=form.cleaned_data["pause_profile"],
            )
        except Refused as refused:
            messages.error(request, refused.message)
            return _back_to(interview)
        messages.success(request, f"You declined {interview.company.name}'s request.")
        return redirect("interviews:tab")
    context = _detail_context(request, interview) | {"decline_form": form}
    return render(request, "interviews/detail.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthedRequest, pk: int) -> HttpResponse:
    interview = get_company_request_for(request.user, pk)
    if not interview.can_edit():
        messages.error(
            request,
            f"This request can no longer be edited: the first {product_rules()['edit_minutes']} "
            "minutes are over.",
        )
        return _back_to(interview)
    form = RequestForm(
        request.POST if request.method == "POST" else None,
        initial=RequestForm.initial_from(interview),
    )
    if request.method == "POST" and form.is_valid():
        try:
            edit_request(interview, by=request.user, details=form.details())
        except Refused as refused:
            messages.error(request, refused.message)
            return _back_to(interview)
        messages.success(request, "Your changes are saved. The candidate sees the new version.")
        return _back_to(interview)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "interviews/request_form.html",
        {
            "form": form,
            "interview": interview,
            "candidate": interview.candidate,
            "action": reverse("interviews:edit", args=[interview.pk]),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    interview = get_company_request_for(request.user, pk)
    if request.method == "POST":
        try:
            withdraw_request(interview, by=request.user)
        except Refused as refused:
            messages.error(request, refused.message)
            return _back_to(interview)
        messages.success(request, "The request was withdrawn.")
        return _back_to(interview)
    return render(request, "interviews/confirm_withdraw.html", {"interview": interview})


@login_required
@require_http_methods(["GET", "POST"])
def end(request: AuthedRequest, pk: int) -> HttpResponse:
    process = get_process_for(request.user, pk)
    interview = process.request
    form = EndProcessForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            end_process(process, by=request.user, reason=form.cleaned_data["reason"])
        except Refused as refused:
            messages.error(request, refused.message)
            return _back_to(interview)
        messages.success(request, "The interview process has ended. The other side was told.")
        return _back_to(interview)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "interviews/confirm_end.html",
        {"interview": interview, "process": process, "form": form},
        status=status,
    )


@login_required
@require_POST
def follow_up_view(request: AuthedRequest, pk: int) -> HttpResponse:
    interview = get_candidate_request_for(request.user, pk)
    process: InterviewProcess = get_process_for(request.user, pk)
    form = FollowUpForm(request.POST, prefix="follow")
    if form.is_valid():
        try:
            follow_up(process, by=request.user, message=form.cleaned_data["message"])
        except Refused as refused:
            messages.error(request, refused.message)
            return _back_to(interview)
        messages.success(request, f"Your message was sent to {interview.company.name}.")
        return _back_to(interview)
    context = _detail_context(request, interview) | {"follow_up_form": form}
    return render(request, "interviews/detail.html", context, status=400)


@login_required
@require_POST
def post_message_view(request: AuthedRequest, pk: int) -> HttpResponse:
    process = get_process_for(request.user, pk)
    interview = process.request
    form = MessageForm(request.POST, prefix="message")
    if form.is_valid():
        try:
            post_message(process, by=request.user, body=form.cleaned_data["body"])
        except Refused as refused:
            form.add_error("body", refused.message)
        else:
            messages.success(request, "Your message was sent.")
            return redirect(f"{reverse('interviews:detail', args=[interview.pk])}#messages")
    context = _detail_context(request, interview) | {"message_form": form}
    return render(request, "interviews/detail.html", context, status=400)
