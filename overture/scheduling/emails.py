"""Booked, rescheduled and cancelled emails, each carrying its iCalendar
invite twice: as the text/calendar alternative (with the ``method=`` that
matches the invite's METHOD, which is what calendar clients act on) and as
an ``invite.ics`` attachment for everyone else."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from overture.notifications.emails import Builder, render_email
from overture.notifications.models import Notice
from overture.scheduling.actions import KIND_BOOKED, KIND_CANCELLED, KIND_RESCHEDULED
from overture.scheduling.ics import invite, method_for
from overture.scheduling.invites import change_facts, change_for_notice
from overture.scheduling.links import Purpose, make_token
from overture.scheduling.models import BookingChange, ChangeKind

TEMPLATES = {
    KIND_BOOKED: "booking-booked",
    KIND_RESCHEDULED: "booking-rescheduled",
    KIND_CANCELLED: "booking-cancelled",
}


def link(change: BookingChange, user_id: int, purpose: Purpose) -> str:
    token = make_token(
        booking_id=change.booking_id, sequence=change.sequence, user_id=user_id, purpose=purpose
    )
    return f"{settings.SITE_URL}{reverse(f'scheduling:link-{purpose}', args=[token])}"


def booking_email(notice: Notice) -> EmailMultiAlternatives:
    assert notice.subject_id is not None
    change = change_for_notice(notice.subject_id, notice.dedupe_key)
    if change is None:
        raise LookupError(f"No booking change for notice {notice.pk}.")
    booking = change.booking
    request = booking.process.request
    facts = change_facts(change)
    recipient = notice.recipient
    context = {
        "change": change,
        "booking": booking,
        "request": request,
        "for_candidate": recipient.pk == request.candidate.user_id,
        "by_recipient": recipient.pk == change.actor_id,
        "url": f"{settings.SITE_URL}{reverse('interviews:detail', args=[request.pk])}",
    }
    if change.kind != ChangeKind.CANCELLED:
        context["reschedule_url"] = link(change, recipient.pk, "reschedule")
        context["cancel_url"] = link(change, recipient.pk, "cancel")
    message = render_email(notice, TEMPLATES[notice.kind], context)
    calendar = invite(facts)
    message.attach_alternative(calendar, f"text/calendar; method={method_for(facts)}")
    message.attach("invite.ics", calendar, "application/ics")
    return message


BUILDERS: dict[str, Builder] = dict.fromkeys(TEMPLATES, booking_email)
# What the in-app notifications list calls them.
LABELS = {
    KIND_BOOKED: "Interview booked",
    KIND_RESCHEDULED: "Interview rescheduled",
    KIND_CANCELLED: "Interview cancelled",
}
