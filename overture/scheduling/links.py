"""Signed reschedule and cancel links for emails.

A link names one booking, the change (sequence) it was sent with, the person
it was sent to and what it does. Any change to the booking raises the
sequence, so a link works once: after it is used, or once something newer
happened, it answers "This link is no longer valid."
"""

from dataclasses import dataclass
from typing import Literal

from django.core import signing

SALT = "overture.scheduling.booking-link"
Purpose = Literal["reschedule", "cancel"]
PURPOSES: tuple[Purpose, ...] = ("reschedule", "cancel")


@dataclass(frozen=True)
class LinkClaim:
    booking_id: int
    sequence: int
    user_id: int
    purpose: Purpose


def make_token(*, booking_id: int, sequence: int, user_id: int, purpose: Purpose) -> str:
    payload = {"b": booking_id, "s": sequence, "u": user_id, "p": purpose}
    return signing.dumps(payload, salt=SALT, compress=True)


def read_token(token: str, purpose: Purpose) -> LinkClaim | None:
    """The claim of a genuine token for this purpose, or None."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("p") != purpose:
        return None
    try:
        return LinkClaim(int(payload["b"]), int(payload["s"]), int(payload["u"]), purpose)
    except (KeyError, TypeError, ValueError):
        return None
