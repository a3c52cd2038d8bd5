"""Calendar pages: the candidate's week, availability and imports; the
company's week view to book from; reschedule and cancel (signed in, or from
an email's signed link); the private iCalendar feed."""

import zoneinfo
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from overture.accounts.http import AuthedRequest
from overture.accounts.models import User
from overture.interviews.models import InterviewProcess
from overture.lib.errors import Refused
from overture.scheduling import actions, ics, queries
from overture.scheduling.access import (
    get_bookable_process_for,
    get_booking_by_id,
    get_booking_for,
    get_candidate_of,
    get_import_for,
    get_override_for,
)
from overture.scheduling.forms import (
    AvailabilityForm,
    BookingForm,
    CancelForm,
    ImportFileForm,
    ImportUrlForm,
    OverrideForm,
    RescheduleForm,
)
from overture.scheduling.links import Purpose, read_token
from overture.scheduling.models import Booking, CalendarFeed, setting

DEFAULT_MINUTES = 30


def _zone(user: User) -> ZoneInfo:
    try:
        return ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _refusal_status(refused: Refused) -> int:
    return refused.http_status


# ---------------------------------------------------------------- candidate's calendar


@login_required
@require_GET
def home(request: AuthedRequest) -> HttpResponse:
    """The candidate's week; a company member's upcoming interviews."""
    now = timezone.now()
    user = request.user
    if hasattr(user, "candidate"):
        week = queries.candidate_week(user.candidate, week=request.GET.get("week"), now=now)
        return render(
            request,
            "scheduling/calendar.html",
            {
                "week": week,
                "nav": _nav(request.path, week),
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
    candidate = get_candidate_of(request.user)
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
    candidate = get_candidate_of(request.user)
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
            return _availability_page(request, form=form, status=_refusal_status(refused))
        messages.success(request, "Your availability is saved.")
        return redirect("scheduling:availability")
    return _availability_page(request, form=form, status=400)


@login_required
@require_POST
def add_override(request: AuthedRequest) -> HttpResponse:
    candidate = get_candidate_of(request.user)
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
            return _availability_page(request, override_form=form, status=_refusal_status(refused))
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
    candidate = get_candidate_of(request.user)
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
    candidate = get_candidate_of(request.user)
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
            return _imports_page(request, url_form=form, status=_refusal_status(refused))
        messages.success(
            request, f"“{imported.name}” is imported: {imported.busy_count} busy times."
        )
        return redirect("scheduling:imports")
    return _imports_page(request, url_form=form, status=400)


@login_required
@require_POST
def add_import_file(request: AuthedRequest) -> HttpResponse:
    candidate = get_candidate_of(request.user)
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
            return _imports_page(request, file_form=form, status=_refusal_status(refused))
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
    events = [queries.booking_facts(b) for b in queries.feed_bookings(found.user, now)]
    body = ics.feed("Overture interviews", events)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="overture-interviews.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


# ---------------------------------------------------------------- booking


def _minutes(raw: str | None) -> int:
    try:
        minutes = int(raw or DEFAULT_MINUTES)
    except ValueError:
        return DEFAULT_MINUTES
    return minutes if minutes in setting("DURATIONS") else DEFAULT_MINUTES


def _nav(base: str, week: queries.WeekView, **params: Any) -> dict[str, str]:
    def at(monday: Any) -> str:
        return f"{base}?{urlencode({**params, 'week': monday.isoformat()})}"

    return {
        "previous": at(week.previous) if week.previous else "",
        "next": at(week.next) if week.next else "",
    }


def _pick_time_page(
    request: HttpRequest,
    *,
    viewer: User,
    process: InterviewProcess,
    form: BookingForm | RescheduleForm,
    minutes: int,
    action: str,
    booking: Booking | None = None,
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    now = timezone.now()
    zone = _zone(viewer)
    week = queries.booker_week(
        process,
        zone=zone,
        week=request.GET.get("week") or request.POST.get("week"),
        minutes=minutes,
        now=now,
        ignore_booking=booking,
    )
    params: dict[str, Any] = {} if booking else {"minutes": minutes}
    candidate = process.request.candidate
    with timezone.override(zone):
        return render(
            request,
            "scheduling/pick_time.html",
            {
                "interview": process.request,
                "process": process,
                "candidate": candidate,
                "booking": booking,
                "form": form,
                "week": week,
                "nav": _nav(request.path, week, **params),
                "minutes": minutes,
                "durations": setting("DURATIONS"),
                "action": action,
                "viewer_zone": zone.key,
                "rules": {
                    "notice_hours": int(setting("NOTICE").total_seconds() // 3600),
                    "horizon_days": setting("HORIZON").days,
                },
                **(extra or {}),
            },
            status=status,
        )


@login_required
@require_http_methods(["GET", "POST"])
def book(request: AuthedRequest, pk: int) -> HttpResponse:
    """The company's week view of the candidate's free times; a time button books it."""
    process = get_bookable_process_for(request.user, pk)
    action = reverse("scheduling:book", args=[pk])
    if request.method == "GET":
        minutes = _minutes(request.GET.get("minutes"))
        form = BookingForm(initial={"minutes": minutes})
        return _pick_time_page(
            request, viewer=request.user, process=process, form=form, minutes=minutes, action=action
        )
    form = BookingForm(request.POST)
    minutes = _minutes(request.POST.get("minutes"))
    if not form.is_valid():
        return _pick_time_page(
            request,
            viewer=request.user,
            process=process,
            form=form,
            minutes=minutes,
            action=action,
            status=400,
        )
    data = form.cleaned_data
    try:
        booking = actions.book(
            process,
            by=request.user,
            starts_at=data["start"],
            minutes=data["minutes"],
            details=actions.Details(data["medium"], data["location"], data["note"]),
        )
    except Refused as refused:
        form.add_error(None, refused.message)
        return _pick_time_page(
            request,
            viewer=request.user,
            process=process,
            form=form,
            minutes=minutes,
            action=action,
            status=_refusal_status(refused),
        )
    with timezone.override(_zone(request.user)):
        when = timezone.localtime(booking.starts_at)
    messages.success(
        request,
        f"Booked: {booking.get_medium_display().lower()} on {when:%A} {when.day} {when:%B} "
        f"at {when:%H:%M}. Both of you get an email with the invite.",
    )
    return redirect("interviews:detail", pk=pk)


def _reschedule(
    request: HttpRequest,
    booking: Booking,
    *,
    viewer: User,
    action: str,
    expected_sequence: int | None,
    done_url: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    process = booking.process
    minutes = booking.minutes
    if request.method == "GET":
        return _pick_time_page(
            request,
            viewer=viewer,
            process=process,
            form=RescheduleForm(),
            minutes=minutes,
            action=action,
            booking=booking,
            extra=extra,
        )
    form = RescheduleForm(request.POST)
    if not form.is_valid():
        return _pick_time_page(
            request,
            viewer=viewer,
            process=process,
            form=form,
            minutes=minutes,
            action=action,
            booking=booking,
            status=400,
            extra=extra,
        )
    try:
        moved = actions.reschedule(
            booking,
            by=viewer,
            starts_at=form.cleaned_data["start"],
            message=form.cleaned_data["message"],
            expected_sequence=expected_sequence,
        )
    except Refused as refused:
        form.add_error(None, refused.message)
        return _pick_time_page(
            request,
            viewer=viewer,
            process=process,
            form=form,
            minutes=minutes,
            action=action,
            booking=booking,
            status=_refusal_status(refused),
            extra=extra,
        )
    when = moved.starts_at.astimezone(_zone(viewer))
    messages.success(
        request,
        f"Moved to {when:%A} {when.day} {when:%B} at {when:%H:%M}. "
        "Both sides get an email with the updated invite.",
    )
    return redirect(done_url)


def _cancel(
    request: HttpRequest,
    booking: Booking,
    *,
    viewer: User,
    expected_sequence: int | None,
    done_url: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    form = CancelForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.cancel(
                    booking,
                    by=viewer,
                    reason=form.cleaned_data["reason"],
                    expected_sequence=expected_sequence,
                )
            except Refused as refused:
                form.add_error(None, refused.message)
                status = _refusal_status(refused)
            else:
                messages.success(request, "The interview is cancelled. Both sides are told.")
                return redirect(done_url)
        else:
            status = 400
    zone = _zone(viewer)
    with timezone.override(zone):
        return render(
            request,
            "scheduling/confirm_cancel.html",
            {
                "booking": booking,
                "interview": booking.process.request,
                "form": form,
                "viewer": viewer,
                **(extra or {}),
            },
            status=status,
        )


@login_required
@require_http_methods(["GET", "POST"])
def reschedule(request: AuthedRequest, pk: int) -> HttpResponse:
    booking = get_booking_for(request.user, pk)
    sequence = _posted_sequence(request, booking)
    return _reschedule(
        request,
        booking,
        viewer=request.user,
        action=reverse("scheduling:reschedule", args=[pk]),
        expected_sequence=sequence,
        done_url=reverse("interviews:detail", args=[booking.process.request_id]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    booking = get_booking_for(request.user, pk)
    return _cancel(
        request,
        booking,
        viewer=request.user,
        expected_sequence=_posted_sequence(request, booking),
        done_url=reverse("interviews:detail", args=[booking.process.request_id]),
    )


def _posted_sequence(request: HttpRequest, booking: Booking) -> int | None:
    """The version of the booking the form was shown with, so a change made
    meanwhile is not overwritten unseen."""
    raw = request.POST.get("sequence")
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        return booking.sequence


# ---------------------------------------------------------------- signed email links


def _link_target(token: str, purpose: Purpose) -> tuple[Booking, User] | None:
    """The booking and the person a link was sent to, while the link is
    current: same sequence, still upcoming, process active, person still
    part of it."""
    claim = read_token(token, purpose)
    booking = get_booking_by_id(claim.booking_id) if claim else None
    if claim is None or booking is None:
        return None
    request = booking.process.request
    people = (request.candidate.user, request.sender, booking.booked_by)
    user = next((p for p in people if p.pk == claim.user_id), None)
    if user is None:
        user = User.objects.select_related("membership").filter(pk=claim.user_id).first()
    if user is None or not user.is_active:
        return None
    membership = getattr(user, "membership", None)
    is_party = user.pk == request.candidate.user_id or (
        membership is not None and membership.company_id == request.company_id
    )
    current = (
        claim.sequence == booking.sequence
        and booking.is_upcoming(timezone.now())
        and booking.process.is_active
    )
    return (booking, user) if is_party and current else None


def _no_longer_valid(request: HttpRequest) -> HttpResponse:
    return render(request, "scheduling/link_invalid.html", status=410)


@require_http_methods(["GET", "POST"])
def link_reschedule(request: HttpRequest, token: str) -> HttpResponse:
    target = _link_target(token, "reschedule")
    if target is None:
        return _no_longer_valid(request)
    booking, user = target
    return _reschedule(
        request,
        booking,
        viewer=user,
        action=reverse("scheduling:link-reschedule", args=[token]),
        expected_sequence=booking.sequence,
        done_url=reverse("scheduling:link-done"),
        extra={"via_link": True, "link_user": user},
    )


@require_http_methods(["GET", "POST"])
def link_cancel(request: HttpRequest, token: str) -> HttpResponse:
    target = _link_target(token, "cancel")
    if target is None:
        return _no_longer_valid(request)
    booking, user = target
    return _cancel(
        request,
        booking,
        viewer=user,
        expected_sequence=booking.sequence,
        done_url=reverse("scheduling:link-done"),
        extra={"via_link": True},
    )


@require_GET
def link_done(request: HttpRequest) -> HttpResponse:
    return render(request, "scheduling/link_done.html")
