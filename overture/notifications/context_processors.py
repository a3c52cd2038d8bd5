from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from overture.notifications.models import Notice


def unread_notices(request: HttpRequest) -> dict[str, Any]:
    """The unread count in the header: one COUNT on the inbox index."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notices": Notice.objects.filter(recipient=user)
        .shown(timezone.now())
        .unread()
        .count()
    }
