from django.http import HttpRequest

from overture.accounts.models import User


class AuthedRequest(HttpRequest):
    """The request a login_required view receives: its user is signed in."""

    user: User
