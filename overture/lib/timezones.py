"""Time zone names and helpers for showing UTC instants in a viewer's zone."""

import zoneinfo
from datetime import timedelta
from functools import cache


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    names = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
    return [(name, name.replace("_", " ")) for name in names]


def is_valid_time_zone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def describe_duration(delta: timedelta) -> str:
    """'3 days 4 hours', '5 hours 12 minutes', '40 minutes': the two largest units."""
    total_minutes = max(int(delta.total_seconds() // 60), 0)
    days, rest = divmod(total_minutes, 60 * 24)
    hours, minutes = divmod(rest, 60)
    parts: list[tuple[int, str]] = [(days, "day"), (hours, "hour"), (minutes, "minute")]
    shown = [(n, unit) for n, unit in parts if n][:2]
    if not shown:
        return "less than a minute"
    return " ".join(f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in shown)
