"""One function per email. Each renders a text and an HTML part from
``templates/emails/<name>-{subject,body}.{txt,html}`` and carries the
notice's own Message-ID, so a retried send is recognisably the same mail."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from overture.interviews.models import Message
from overture.lib.rules import product_rules
from overture.lib.timezones import describe_duration
from overture.notifications.models import Notice, NoticeKind


def _url(name: str, *args: Any) -> str:
    return f"{settings.SITE_URL}{reverse(name, args=args)}"


def render_email(notice: Notice, template: str, context: dict[str, Any]) -> EmailMultiAlternatives:
    """The text and HTML parts of templates/emails/<template>-*, in the
    recipient's time zone, with the notice's Message-ID."""
    context = {
        "notice": notice,
        "recipient": notice.recipient,
        "site_url": settings.SITE_URL,
        "rules": product_rules(),
        **context,
    }
    with timezone.override(notice.recipient.time_zone):
        subject = " ".join(render_to_string(f"emails/{template}-subject.txt", context).split())
        text = render_to_string(f"emails/{template}-body.txt", context)
        html = render_to_string(f"emails/{template}-body.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[notice.recipient.email],
        headers={"Message-ID": notice.message_id},
    )
    message.attach_alternative(html, "text/html")
    return message


Builder = Callable[[Notice], EmailMultiAlternatives]


def about_request(template: str, **extra: Callable[[Notice], Any]) -> Builder:
    """The builder of an email about one interview request: its template gets
    the request, the event, the link to the request and whether the recipient
    is the candidate, plus any ``extra`` values computed from the notice."""

    def build(notice: Notice) -> EmailMultiAlternatives:
        request = notice.request
        assert request is not None
        url = _url("interviews:detail", request.pk)
        context = {
            "request": request,
            "event": notice.event,
            "url": url,
            "review_url": url,
            "to_candidate": notice.recipient_id == request.candidate.user_id,
        }
        context.update({name: value(notice) for name, value in extra.items()})
        return render_email(notice, template, context)

    return build


def _time_left(notice: Notice) -> str:
    first, second = settings.OVERTURE["REMINDERS_BEFORE_DEADLINE"]
    return describe_duration(first if notice.kind == NoticeKind.REMINDER_72H else second)


request_received = about_request("request-received")
request_accepted = about_request("request-accepted")
request_declined = about_request("request-declined")
process_ended = about_request("process-ended")
reopened = about_request("reopened")
reminder = about_request("reminder", left=_time_left)
request_expired = about_request("expired")
booking_nudge = about_request("nudge")
follow_up = about_request("follow-up")


def _message(notice: Notice) -> Message:
    assert notice.subject_id is not None
    return Message.objects.select_related("author").get(pk=notice.subject_id)


process_message = about_request("process-message", message=_message)

BUILDERS: dict[str, Builder] = {
    NoticeKind.REQUEST_RECEIVED: request_received,
    NoticeKind.REQUEST_ACCEPTED: request_accepted,
    NoticeKind.REQUEST_DECLINED: request_declined,
    NoticeKind.PROCESS_ENDED: process_ended,
    NoticeKind.REOPENED: reopened,
    NoticeKind.REMINDER_72H: reminder,
    NoticeKind.REMINDER_24H: reminder,
    NoticeKind.REQUEST_EXPIRED: request_expired,
    NoticeKind.BOOKING_NUDGE: booking_nudge,
    NoticeKind.FOLLOW_UP: follow_up,
    NoticeKind.PROCESS_MESSAGE: process_message,
}

# What the in-app list calls each kind.
LABELS: dict[str, str] = dict(NoticeKind.choices)


# Where the in-app list links a notice that is not about an interview request:
# the kind's link function turns the notice's subject_id into a URL, no query.
LINKS: dict[str, Callable[[int], str]] = {}


def register(
    kind: str, builder: Builder, *, label: str = "", link: Callable[[int], str] | None = None
) -> None:
    """Other apps add their emails (ticket replies, bookings) from their AppConfig.ready(),
    with the short label the in-app notifications list shows for them and, for
    notices about something other than a request, where the list links them."""
    BUILDERS[kind] = builder
    if label:
        LABELS[kind] = label
    if link is not None:
        LINKS[kind] = link


def label(kind: str) -> str:
    return LABELS.get(kind) or kind.replace("_", " ").capitalize()


def build(notice: Notice) -> EmailMultiAlternatives:
    return BUILDERS[notice.kind](notice)
