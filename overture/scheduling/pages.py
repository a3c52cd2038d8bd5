"""Helpers shared by the calendar and booking pages."""

import zoneinfo
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from overture.accounts.models import User
from overture.scheduling.week import WeekView


def zone_of_user(user: User) -> ZoneInfo:
    try:
        return ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def week_nav(base: str, week: WeekView, **params: Any) -> dict[str, str]:
    def at(monday: Any) -> str:
        return f"{base}?{urlencode({**params, 'week': monday.isoformat()})}"

    return {
        "previous": at(week.previous) if week.previous else "",
        "next": at(week.next) if week.next else "",
    }
