from django.http import Http404

from overture.accounts.models import User
from overture.notifications.models import Notice


def get_notice_for(user: User, notice_id: int) -> Notice:
    """One of the user's own notices; anyone else's is a 404."""
    notice = Notice.objects.filter(recipient=user, pk=notice_id).select_related("request").first()
    if notice is None:
        raise Http404("No such notification.")
    return notice
