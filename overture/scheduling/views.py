"""Calendar pages: the candidate's week, availability, imports, and the
private iCalendar feed for candidates and company members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from overture.accounts.http import AuthedRequest
from overture.candidates.access import get_own_candidate
from overture.lib.errors import Refused
from overture.scheduling import actions, ics, invites, queries
from overture.scheduling.access import (
    get_import_for,
    get_override_for,
)
from overture.scheduling.forms import (
    AvailabilityForm,
    ImportFileForm,
    ImportUrlForm,
    OverrideForm,
)
from overture.scheduling.models import CalendarFeed
from overture.scheduling.pages import week_nav
from overture.scheduling.week import candidate_week

# ---------------------------------------------------------------- candidate's calendar


@login_required
@require_GET
def home(request: AuthedRequest) -> HttpResponse:
    """The candidate's week; a company member's upcoming interviews."""
    now = timezone.now()
    user = request.user
    if hasattr(user, "candidate"):
        week = candidate_week(user.candidate, week=request.GET.get("week"), now=now)
        return render(
            request,
            "scheduling/calendar.html",
            {
                "week": week,
                "nav": week_nav(request.path, week),
                "upcoming": queries.upcoming_for(user, now)[:20],
                "now": now,
            },
        )
    if hasattr(user, "membership"):
        return render(
            request,
            "scheduling/company_calendar.html",
            {"upcoming": queries.upcoming_for(user, now)[:50], "now": now},
        )
    raise Http404("Calendars are for candidates and company members.")


def _availability_page(
    request: AuthedRequest,
    *,
    form: AvailabilityForm | None = None,
    override_form: OverrideForm | None = None,
    status: int = 200,
) -> HttpResponse:
    candidate = get_own_candidate(request.user)
    calendar, overrides = queries.calendar_settings(candidate)
    return render(
        request,
        "scheduling/availability.html",
        {
            "form": form or AvailabilityForm(calendar=calendar),
            "override_form": override_form or OverrideForm(prefix="override"),
            "overrides": overrides,
            "calendar": calendar,
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def availability(request: AuthedRequest) -> HttpResponse:
    candidate = get_own_candidate(request.user)
    if request.method == "GET":
        return _availability_page(request)
    calendar, _ = queries.calendar_settings(candidate)
    form = AvailabilityForm(request.POST, calendar=calendar)
    if form.is_valid():
        try:
            actions.update_availability(
                candidate,
                by=request.user,
                weekly=form.weekly(),
                daily_cap=form.cleaned_data["daily_cap"],
                buffer_minutes=form.cleaned_data["buffer_minutes"],
            )
        except Refused as refused:
            form.add_error(None, refused.message)
            return _availability_page(request, form=form, status=refused.http_status)
        messages.success(request, "Your availability is saved.")
        return redirect("scheduling:availability")
    return _availability_page(request, form=form, status=400)


@login_required
@require_POST
def add_override(request: AuthedRequest) -> HttpResponse:
    candidate = get_own_candidate(request.user)
    form = OverrideForm(request.POST, prefix="override")
    if form.is_valid():
        try:
            override = actions.set_override(
                candidate,
                by=request.user,
                day=form.cleaned_data["date"],
                day_hours=form.cleaned_data["parsed"],
            )
        except Refused as refused:
            form.add_error(None, refused.message)
            return _availability_page(request, override_form=form, status=refused.http_status)
        messages.success(
            request,
            f"{override.date:%A} {override.date.day} {override.date:%B}: {override.describe()}.",
        )
        return redirect("scheduling:availability")
    return _availability_page(request, override_form=form, status=400)


@login_required
@require_POST
def remove_override(request: AuthedRequest, pk: int) -> HttpResponse:
    override = get_override_for(request.user, pk)
    actions.remove_override(override, by=request.user)
    messages.success(request, "The date follows your weekly hours again.")
    return redirect("scheduling:availability")


# ---------------------------------------------------------------- imported busy times


def _imports_page(
    request: AuthedRequest,
    *,
    url_form: ImportUrlForm | None = None,
    file_form: ImportFileForm | None = None,
    status: int = 200,
) -> HttpResponse:
    candidate = get_own_candidate(request.user)
    return render(
        request,
        "scheduling/imports.html",
        {
            "imports": queries.imports_of(candidate),
            "url_form": url_form or ImportUrlForm(prefix="url"),
            "file_form": file_form or ImportFileForm(prefix="file"),
        },
        status=status,
    )


@login_required
@require_GET
def imports_page(request: AuthedRequest) -> HttpResponse:
    return _imports_page(request)


@login_required
@require_POST
def add_import_url(request: AuthedRequest) -> HttpResponse:
    candidate = get_own_candidate(request.user)
    form = ImportUrlForm(request.POST, prefix="url")
    if form.is_valid():
        try:
            imported = actions.add_import_url(
                candidate,
                by=request.user,
                name=form.cleaned_data["name"],
                url=form.cleaned_data["url"],
            )
        except Refused as refused:
            form.add_error("url", refused.message)
            return _imports_page(request, url_form=form, status=refused.http_status)
        messages.success(
            request, f"“{imported.name}” is imported: {imported.busy_count} busy times."
        )
        return redirect("scheduling:imports")
    return _imports_page(request, url_form=form, status=400)


@login_required
@require_POST
def add_import_file(request: AuthedRequest) -> HttpResponse:
    candidate = get_own_candidate(request.user)
    form = ImportFileForm(request.POST, request.FILES, prefix="file")
    if form.is_valid():
        try:
            imported = actions.add_import_file(
                candidate,
                by=request.user,
                name=form.cleaned_data["name"],
                content=form.cleaned_data["file"],
            )
        except Refused as refused:
            form.add_error("file", refused.message)
            return _imports_page(request, file_form=form, status=refused.http_status)
        messages.success(
            request, f"“{imported.name}” is imported: {imported.busy_count} busy times."
        )
        return redirect("scheduling:imports")
    return _imports_page(request, file_form=form, status=400)


@login_required
@require_POST
def refresh_import(request: AuthedRequest, pk: int) -> HttpResponse:
    imported = get_import_for(request.user, pk)
    if actions.refresh_import(imported):
        messages.success(request, f"“{imported.name}” is up to date.")
    else:
        imported.refresh_from_db()
        messages.error(request, imported.error)
    return redirect("scheduling:imports")


@login_required
@require_POST
def remove_import(request: AuthedRequest, pk: int) -> HttpResponse:
    imported = get_import_for(request.user, pk)
    actions.remove_import(imported, by=request.user)
    messages.success(request, f"“{imported.name}” is removed; its busy times no longer count.")
    return redirect("scheduling:imports")


# ---------------------------------------------------------------- subscription feed


@login_required
@require_http_methods(["GET", "POST"])
def subscription(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not (hasattr(user, "candidate") or hasattr(user, "membership")):
        raise Http404("Calendars are for candidates and company members.")
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            actions.revoke_feed(by=user)
            messages.success(request, "The subscription link is revoked; it no longer works.")
        else:
            actions.create_feed(by=user)
            messages.success(request, "Your new subscription link is ready.")
        return redirect("scheduling:subscription")
    feed = CalendarFeed.objects.filter(user=user).first()
    url = request.build_absolute_uri(reverse("scheduling:feed", args=[feed.token])) if feed else ""
    return render(request, "scheduling/subscription.html", {"feed": feed, "feed_url": url})


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private subscription: the token is the key, so it is the only check."""
    found = (
        CalendarFeed.objects.select_related("user__candidate", "user__membership")
        .filter(token=token)
        .first()
    )
    if found is None:
        raise Http404("No such calendar.")
    now = timezone.now()
    events = [invites.booking_facts(b) for b in invites.feed_bookings(found.user, now)]
    body = ics.feed("Overture interviews", events)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="overture-interviews.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
