"""The product's numbers (SPEC §3–5) as templates and messages show them, read
from settings.OVERTURE so a changed rule changes every sentence about it."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest


def _hours(value: timedelta) -> int:
    return int(value.total_seconds() // 3600)


def product_rules() -> dict[str, int]:
    rules = settings.OVERTURE
    return {
        "ttl_days": rules["REQUEST_TTL"].days,
        "edit_minutes": int(rules["EDIT_WINDOW"].total_seconds() // 60),
        "booking_hours": _hours(rules["BOOKING_EXPECTED_WITHIN"]),
        "follow_up_hours": _hours(rules["FOLLOW_UP_EVERY"]),
        "fast_responder_hours": _hours(rules["FAST_RESPONDER_UNDER"]),
        "response_window_days": rules["RESPONSE_WINDOW"].days,
    }


def context(request: HttpRequest) -> dict[str, Any]:
    return {"rules": product_rules()}
