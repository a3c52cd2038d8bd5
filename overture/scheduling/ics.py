"""iCalendar (RFC 5545) invites and feeds, written with ``icalendar``.

Invites follow iTIP (RFC 5546): a booking keeps one UID for life; SEQUENCE
is the booking's change count (0 when booked, raised on every reschedule
and on cancellation); METHOD is REQUEST, or CANCEL once cancelled, and the
email part carries the same ``method=``. Times are written in UTC, so no
VTIMEZONE is needed; DTSTAMP is the (UTC) instant of the change, so a
retried email carries the very same invite.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

import icalendar

PRODID = "-//Overture//Interviews//EN"


@dataclass(frozen=True)
class Person:
    name: str
    email: str


@dataclass(frozen=True)
class EventFacts:
    uid: str
    sequence: int
    stamp: datetime
    starts_at: datetime
    ends_at: datetime
    summary: str
    description: str
    location: str
    url: str
    cancelled: bool
    organizer: Person
    attendees: tuple[Person, ...]
    created: datetime


def _address(person: Person, **params: str) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{person.email}")
    address.params["cn"] = icalendar.vText(person.name or person.email)
    for key, value in params.items():
        address.params[key] = icalendar.vText(value)
    return address


def _event(facts: EventFacts) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", facts.uid)
    event.add("sequence", facts.sequence)
    event.add("dtstamp", facts.stamp.astimezone(UTC))
    event.add("created", facts.created.astimezone(UTC))
    event.add("last-modified", facts.stamp.astimezone(UTC))
    event.add("dtstart", facts.starts_at.astimezone(UTC))
    event.add("dtend", facts.ends_at.astimezone(UTC))
    event.add("summary", facts.summary)
    event.add("description", facts.description)
    if facts.location:
        event.add("location", facts.location)
    if facts.url:
        event.add("url", facts.url)
    event.add("status", "CANCELLED" if facts.cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add("organizer", _address(facts.organizer, role="CHAIR"))
    for person in facts.attendees:
        # Everyone has agreed already: the company chose a time the
        # candidate offered. No replies are asked for.
        event.add(
            "attendee",
            _address(person, role="REQ-PARTICIPANT", partstat="ACCEPTED", rsvp="FALSE"),
        )
    return event


def _calendar(method: str | None = None, name: str | None = None) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def method_for(facts: EventFacts) -> str:
    return "CANCEL" if facts.cancelled else "REQUEST"


def invite(facts: EventFacts) -> str:
    """One booking as an iTIP message (METHOD:REQUEST or METHOD:CANCEL)."""
    calendar = _calendar(method_for(facts))
    calendar.add_component(_event(facts))
    return calendar.to_ical().decode()


def feed(name: str, events: list[EventFacts]) -> str:
    """A subscription calendar (no METHOD: it is published, not sent)."""
    calendar = _calendar(name=name)
    for facts in events:
        calendar.add_component(_event(facts))
    return calendar.to_ical().decode()
