"""The in-app notifications list: the same notices as the emails."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.urls import reverse

from overture.accounts.models import User
from overture.notifications.emails import LINKS, label
from overture.notifications.models import Notice


@dataclass(frozen=True)
class Row:
    notice: Notice
    label: str
    about: str
    url: str


def inbox(user: User, now: datetime) -> QuerySet[Notice]:
    return (
        Notice.objects.filter(recipient=user)
        .shown(now)
        .select_related("request__company", "request__candidate__user")
        .order_by("-deliver_after", "-pk")
    )


def target_url(notice: Notice) -> str:
    link = LINKS.get(notice.kind)
    if link is not None and notice.subject_id is not None:
        return link(notice.subject_id)
    if notice.request_id is not None:
        return reverse("interviews:detail", args=[notice.request_id])
    return reverse("notifications:list")


def rows(notices: list[Notice]) -> list[Row]:
    result = []
    for notice in notices:
        request = notice.request
        about = ""
        if request is not None:
            about = f"{request.role_title} · {request.company.name} · {request.candidate.name}"
        result.append(Row(notice, label(notice.kind), about, target_url(notice)))
    return result
