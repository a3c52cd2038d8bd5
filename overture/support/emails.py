"""The email sent for each reply in a ticket's thread."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from overture.notifications.emails import render_email
from overture.notifications.models import Notice
from overture.support.models import TicketMessage

TICKET_REPLY = "ticket_reply"


def ticket_reply(notice: Notice) -> EmailMultiAlternatives:
    assert notice.subject_id is not None
    message = TicketMessage.objects.select_related("ticket__requester", "author").get(
        pk=notice.subject_id
    )
    ticket = message.ticket
    # Staff answer in the staff console; requesters on their ticket page.
    if notice.recipient_id == ticket.requester_id:
        path = reverse("support:ticket", args=[ticket.pk])
    else:
        path = reverse("admin:support_ticket_change", args=[ticket.pk])
    return render_email(
        notice,
        "ticket-reply",
        {
            "ticket": ticket,
            "message": message,
            "from_support": message.author_id != ticket.requester_id,
            "url": f"{settings.SITE_URL}{path}",
        },
    )
