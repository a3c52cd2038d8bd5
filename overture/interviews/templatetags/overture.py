from datetime import datetime, timedelta

from django import template
from django.utils import timezone

from overture.interviews.models import edit_window
from overture.lib.timezones import describe_duration

register = template.Library()


@register.filter
def duration(value: timedelta | None) -> str:
    return describe_duration(value) if value is not None else ""


@register.filter
def until(value: datetime | None, now: datetime | None = None) -> str:
    if value is None:
        return ""
    return describe_duration(value - (now or timezone.now()))


@register.filter
def due_soon(value: datetime | None, hours: int = 24) -> bool:
    return value is not None and value - timezone.now() <= timedelta(hours=hours)


@register.filter
def add_edit_window(value: datetime) -> datetime:
    return value + edit_window()
