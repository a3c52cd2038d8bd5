"""Knowing an anonymous visitor again, for one vote per person per article.

A visitor who votes gets a signed cookie holding a random key; nothing else
about them is stored. The cookie is set only when they vote.
"""

import re
import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from overture.support.actions import Voter

COOKIE = "overture_visitor"
SALT = "overture.support.visitor"
MAX_AGE = 60 * 60 * 24 * 365
KEY = re.compile(r"\A[A-Za-z0-9_-]{22,64}\Z")


def visitor_key(request: HttpRequest) -> str | None:
    key = request.get_signed_cookie(COOKIE, default=None, salt=SALT, max_age=MAX_AGE)
    return key if key and KEY.match(key) else None


def voter_for(request: HttpRequest) -> Voter | None:
    """Who is asking, if they could have voted before."""
    if request.user.is_authenticated:
        return Voter(user=request.user)
    key = visitor_key(request)
    return Voter(visitor_key=key) if key else None


def voter_or_new(request: HttpRequest) -> tuple[Voter, str | None]:
    """The voter, and a new visitor key to remember if they had none."""
    voter = voter_for(request)
    if voter is not None:
        return voter, None
    key = secrets.token_urlsafe(24)
    return Voter(visitor_key=key), key


def remember(response: HttpResponse, key: str) -> None:
    response.set_signed_cookie(
        COOKIE,
        key,
        salt=SALT,
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
