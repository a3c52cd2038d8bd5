from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from overture.accounts.http import AuthedRequest
from overture.candidates import metrics
from overture.candidates.access import get_candidate_for, get_company_to_block, get_own_candidate
from overture.candidates.actions import block_company, unblock_company
from overture.candidates.forms import CandidateProfileForm, CandidateSearchForm, CompanySearchForm
from overture.candidates.models import Block, Candidate
from overture.companies.models import Company
from overture.interviews.actions import send_request
from overture.interviews.forms import RequestForm
from overture.lib.errors import Refused
from overture.lib.pages import paginate
from overture.lib.rules import product_rules

DIRECTORY_PAGE_SIZE = 50


def _require_member(request: AuthedRequest) -> None:
    if not hasattr(request.user, "membership"):
        raise Http404("The candidate directory is for company members.")


@login_required
def directory(request: AuthedRequest) -> HttpResponse:
    _require_member(request)
    company = request.user.membership.company
    form = CandidateSearchForm(request.GET or None)
    candidates = Candidate.objects.visible_to(company).select_related("user")
    if form.is_valid():
        candidates = candidates.search(form.cleaned_data["q"])
        if form.cleaned_data["remote"]:
            candidates = candidates.filter(open_to_remote=True)
    query = request.GET.copy()
    query.pop("page", None)
    page = paginate(request, candidates, per_page=DIRECTORY_PAGE_SIZE)
    # Every badge on the page from one query.
    stats = metrics.response_stats((c.pk for c in page.object_list), timezone.now())
    rows = [(c, stats.get(c.pk, metrics.NO_RESPONSES)) for c in page.object_list]
    return render(
        request,
        "candidates/directory.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )


@login_required
def profile(request: AuthedRequest, pk: int) -> HttpResponse:
    candidate = get_candidate_for(request.user, pk)
    response = metrics.stats_for(candidate, timezone.now())
    return render(
        request, "candidates/profile.html", {"candidate": candidate, "response": response}
    )


@login_required
@require_http_methods(["GET", "POST"])
def send(request: AuthedRequest, pk: int) -> HttpResponse:
    candidate = get_candidate_for(request.user, pk)
    form = RequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            interview = send_request(by=request.user, candidate=candidate, details=form.details())
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request,
                f"Request sent to {candidate.name}. You can edit it for the next "
                f"{product_rules()['edit_minutes']} minutes; "
                "they are emailed once those are over.",
            )
            return redirect("interviews:detail", pk=interview.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "interviews/request_form.html",
        {
            "form": form,
            "candidate": candidate,
            "interview": None,
            "action": reverse("candidates:send", args=[candidate.pk]),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_profile(request: AuthedRequest) -> HttpResponse:
    form = CandidateProfileForm(
        request.POST if request.method == "POST" else None,
        instance=get_own_candidate(request.user),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect("candidates:me")
    status = 400 if request.method == "POST" else 200
    return render(request, "candidates/my_profile.html", {"form": form}, status=status)


@login_required
def response_time(request: AuthedRequest) -> HttpResponse:
    """The candidate's own average, badge and every request behind them."""
    candidate = get_own_candidate(request.user)
    now = timezone.now()
    return render(
        request,
        "candidates/response_time.html",
        {
            "stats": metrics.stats_for(candidate, now),
            "page": paginate(request, metrics.counted_for(candidate, now), per_page=50),
            "now": now,
            "window_start": now - settings.OVERTURE["RESPONSE_WINDOW"],
        },
    )


@login_required
def blocked(request: AuthedRequest) -> HttpResponse:
    """Blocked companies, and a search to block another."""
    candidate = get_own_candidate(request.user)
    blocks = Block.objects.filter(candidate=candidate).select_related("company")
    form = CompanySearchForm(request.GET or None)
    found: list[Company] = []
    if form.is_valid() and form.cleaned_data["q"]:
        found = list(
            Company.objects.filter(name__icontains=form.cleaned_data["q"])
            .exclude(blocked_by__candidate=candidate)
            .order_by("name")[:20]
        )
    return render(
        request,
        "candidates/blocked.html",
        {"blocks": blocks, "form": form, "found": found, "searched": form.is_valid()},
        status=200 if form.is_valid() or not request.GET else 400,
    )


@login_required
@require_POST
def block(request: AuthedRequest, company_id: int) -> HttpResponse:
    company = get_company_to_block(request.user, company_id)
    block_company(company, by=request.user)
    messages.success(
        request, f"You blocked {company.name}: they can no longer find you or send you requests."
    )
    return redirect("candidates:blocked")


@login_required
@require_POST
def unblock(request: AuthedRequest, company_id: int) -> HttpResponse:
    company = get_company_to_block(request.user, company_id)
    unblock_company(company, by=request.user)
    messages.success(request, f"You unblocked {company.name}.")
    return redirect("candidates:blocked")
