from typing import Any

from django import template

from overture.interviews.models import InterviewRequest, request_ttl
from overture.support.actions import is_reopenable, open_reopen_ticket
from overture.support.rendering import human_duration

register = template.Library()


@register.inclusion_tag("support/_reopen_button.html")
def reopen_request(interview: InterviewRequest, viewer_is_candidate: bool) -> dict[str, Any]:
    """The candidate's "Ask support to re-open" on an ended interview (one query)."""
    if not viewer_is_candidate or not is_reopenable(interview):
        return {"show": False}
    return {
        "show": True,
        "interview": interview,
        "ticket": open_reopen_ticket(interview),
        "request_ttl": human_duration(request_ttl()),
    }
