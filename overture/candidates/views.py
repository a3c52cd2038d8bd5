from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from overture.accounts.http import AuthedRequest
from overture.candidates.access import get_candidate_for
from overture.candidates.forms import CandidateProfileForm, CandidateSearchForm
from overture.candidates.models import Candidate
from overture.interviews.actions import send_request
from overture.interviews.forms import RequestForm
from overture.lib.errors import Refused
from overture.lib.pages import paginate


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
    return render(
        request,
        "candidates/directory.html",
        {"form": form, "page": paginate(request, candidates), "query": query.urlencode()},
    )


@login_required
def profile(request: AuthedRequest, pk: int) -> HttpResponse:
    candidate = get_candidate_for(request.user, pk)
    return render(request, "candidates/profile.html", {"candidate": candidate})


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
                f"Request sent to {candidate.name}. You can edit it for the next 5 minutes; "
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
    if not hasattr(request.user, "candidate"):
        raise Http404("Only candidates have a candidate profile.")
    form = CandidateProfileForm(
        request.POST if request.method == "POST" else None, instance=request.user.candidate
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect("candidates:me")
    status = 400 if request.method == "POST" else 200
    return render(request, "candidates/my_profile.html", {"form": form}, status=status)
