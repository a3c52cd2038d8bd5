from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from overture.accounts.http import AuthedRequest
from overture.companies.actions import add_member, update_company
from overture.companies.forms import AddMemberForm, CompanyForm
from overture.companies.models import Membership
from overture.lib.errors import Refused


def _membership(request: AuthedRequest) -> Membership:
    membership = getattr(request.user, "membership", None)
    if membership is None:
        raise Http404("Only company members have a company page.")
    return membership


@login_required
@require_http_methods(["GET", "POST"])
def company_profile(request: AuthedRequest) -> HttpResponse:
    membership = _membership(request)
    company = membership.company
    form = (
        CompanyForm(request.POST if request.method == "POST" else None, instance=company)
        if membership.is_admin
        else None
    )
    if request.method == "POST":
        if form is None:
            messages.error(request, "Only the company's admins can change its profile.")
            return redirect("companies:profile")
        if form.is_valid():
            try:
                update_company(form.save(commit=False), by=request.user)
            except Refused as refused:
                messages.error(request, refused.message)
                return redirect("companies:profile")
            messages.success(request, "The company profile is saved.")
            return redirect("companies:profile")
    members = company.members.select_related("user").order_by("user__name")
    return render(
        request,
        "companies/profile.html",
        {"company": company, "form": form, "members": members, "membership": membership},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_member_view(request: AuthedRequest) -> HttpResponse:
    membership = _membership(request)
    if not membership.is_admin:
        raise Http404("Only admins manage members.")
    form = AddMemberForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = add_member(membership.company, by=request.user, **form.cleaned_data)
        except Refused as refused:
            form.add_error("email", refused.message)
        else:
            reset = PasswordResetForm({"email": user.email})
            if reset.is_valid():
                welcome: dict[str, Any] = {"company": membership.company, "inviter": request.user}
                reset.save(
                    request=request,
                    subject_template_name="registration/welcome_member_subject.txt",
                    email_template_name="registration/welcome_member_email.txt",
                    extra_email_context=welcome,
                )
            messages.success(request, f"{user.name} was added and emailed a link to sign in.")
            return redirect("companies:profile")
    return render(
        request,
        "companies/add_member.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
