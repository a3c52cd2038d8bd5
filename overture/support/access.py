"""Fetch-and-authorize for tickets: a requester sees their own, staff see all,
everyone else gets a 404 so ticket ids reveal nothing."""

from django.db.models import QuerySet
from django.http import Http404

from overture.accounts.models import User
from overture.support.models import Ticket, TicketMessage


def tickets_visible_to(user: User) -> QuerySet[Ticket]:
    if not user.is_authenticated:
        return Ticket.objects.none()
    if user.is_staff:
        return Ticket.objects.all()
    return Ticket.objects.filter(requester=user)


def get_ticket_for(user: User, ticket_id: int) -> Ticket:
    ticket = (
        tickets_visible_to(user)
        .select_related("requester", "assignee", "interview__company", "interview__process")
        .filter(pk=ticket_id)
        .first()
    )
    if ticket is None:
        raise Http404("No such ticket.")
    return ticket


def get_ticket_message_for(user: User, message_id: int) -> TicketMessage:
    message = (
        TicketMessage.objects.filter(pk=message_id, ticket__in=tickets_visible_to(user))
        .select_related("ticket")
        .first()
    )
    if message is None:
        raise Http404("No such message.")
    return message
