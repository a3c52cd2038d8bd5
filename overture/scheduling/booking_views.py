"""Booking pages: the company's week view to book from; reschedule and
cancel, signed in or from an email's signed link."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from overture.accounts.http import AuthedRequest
from overture.accounts.models import User
from overture.interviews.models import InterviewProcess
from overture.lib.errors import Refused
from overture.scheduling import actions
from overture.scheduling.access import (
    get_bookable_process_for,
    get_booking_by_id,
    get_booking_for,
)
from overture.scheduling.forms import (
    BookingForm,
    CancelForm,
    RescheduleForm,
)
from overture.scheduling.links import Purpose, read_token
from overture.scheduling.models import Booking, setting
from overture.scheduling.pages import week_nav, zone_of_user
from overture.scheduling.week import booker_week

DEFAULT_MINUTES = 30


# ---------------------------------------------------------------- booking


def _minutes(raw: str | None) -> int:
    try:
        minutes = int(raw or DEFAULT_MINUTES)
    except ValueError:
        return DEFAULT_MINUTES
    return minutes if minutes in setting("DURATIONS") else DEFAULT_MINUTES


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
    zone = zone_of_user(viewer)
    week = booker_week(
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
                "nav": week_nav(request.path, week, **params),
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
            status=refused.http_status,
        )
    with timezone.override(zone_of_user(request.user)):
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
    def page(form: RescheduleForm, status: int = 200) -> HttpResponse:
        return _pick_time_page(
            request,
            viewer=viewer,
            process=booking.process,
            form=form,
            minutes=booking.minutes,
            action=action,
            booking=booking,
            status=status,
            extra=extra,
        )

    if request.method == "GET":
        return page(RescheduleForm())
    form = RescheduleForm(request.POST)
    if not form.is_valid():
        return page(form, status=400)
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
        return page(form, status=refused.http_status)
    when = moved.starts_at.astimezone(zone_of_user(viewer))
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
                status = refused.http_status
            else:
                messages.success(request, "The interview is cancelled. Both sides are told.")
                return redirect(done_url)
        else:
            status = 400
    zone = zone_of_user(viewer)
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
