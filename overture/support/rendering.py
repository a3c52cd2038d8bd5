"""Turning an article's Markdown into safe HTML, with the product's numbers
filled in from the same settings the code uses.

The steps, in order: Django's template engine fills ``{{ request_ttl }}`` and
friends (nothing else is available to it), Python-Markdown makes HTML, and nh3
keeps only the tags, attributes and link schemes listed here. Articles are
written by the team, but the sanitizer does not rely on that.
"""

import html
from datetime import timedelta
from typing import Any

import markdown
import nh3
from django.conf import settings
from django.template import Context, Engine
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from overture.interviews.models import edit_window, request_ttl
from overture.scheduling.queries import ACCOUNTABILITY_WINDOW

MISSING = "[missing number: %s]"

# A bare engine: no template directories, no loaders, no custom libraries,
# so an article can use variables and filters but cannot include files.
_ENGINE = Engine(dirs=[], app_dirs=False, loaders=[], string_if_invalid=MISSING)

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2", "h3", "h4",
    "hr", "kbd", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead",
    "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}

# SPEC §7: reminders 72 and 24 hours before a request is automatically declined.
SPEC_REMINDERS = (timedelta(hours=72), timedelta(hours=24))


def _spec(name: str, default: Any) -> Any:
    """A product number from settings.OVERTURE, or the spec's value until the
    feature that owns it adds the setting."""
    return settings.OVERTURE.get(name, default)


def _scheduling(name: str, default: Any) -> Any:
    """A calendar rule from settings.SCHEDULING (SPEC §6), or the spec's value."""
    return getattr(settings, "SCHEDULING", {}).get(name, default)


def human_duration(delta: timedelta) -> str:
    """'14 days', '5 minutes', '48 hours': one whole unit, as the spec words it."""
    seconds = int(delta.total_seconds())
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            # The spec speaks of 48 and 72 hours, not of 2 or 3 days.
            if unit == "day" and count < 4:
                count, unit = seconds // 3600, "hour"
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{seconds} seconds"


def _join_durations(deltas: list[timedelta]) -> str:
    """'72 and 24 hours'; '3 days and 12 hours' when the units differ."""
    words = [human_duration(d).split(" ", 1) for d in deltas]
    if len(words) > 1 and len({unit.rstrip("s") for _, unit in words}) == 1:
        counts = [count for count, _ in words]
        return f"{', '.join(counts[:-1])} and {counts[-1]} {words[0][1]}"
    return " and ".join(" ".join(w) for w in words)


def _join_or(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def product_numbers() -> dict[str, Any]:
    """Every number an article may name, read now (tests override settings)."""
    reminder_deltas = list(_spec("REMINDERS_BEFORE_DEADLINE", SPEC_REMINDERS))
    reminders = [human_duration(d) for d in reminder_deltas]
    durations = [str(m) for m in _scheduling("DURATIONS", (15, 30, 45, 60))]
    return {
        "request_ttl": human_duration(request_ttl()),
        "edit_window": human_duration(edit_window()),
        "note_max_length": f"{settings.OVERTURE['NOTE_MAX_LENGTH']:,}",
        "accept_note_max_length": f"{settings.OVERTURE['ACCEPT_NOTE_MAX_LENGTH']:,}",
        "reminders": _join_durations(reminder_deltas),
        "first_reminder": reminders[0],
        "last_reminder": reminders[-1],
        "fast_responder_under": human_duration(_spec("FAST_RESPONDER_UNDER", timedelta(hours=48))),
        "response_time_window": human_duration(_spec("RESPONSE_WINDOW", timedelta(days=30))),
        # SPEC §5: book within 24-48 hours; past this the company is nudged.
        "booking_expected_within": human_duration(
            _spec("BOOKING_EXPECTED_WITHIN", timedelta(hours=48))
        ),
        "follow_up_interval": human_duration(_spec("FOLLOW_UP_EVERY", timedelta(hours=48))),
        "company_stats_window": human_duration(ACCOUNTABILITY_WINDOW),
        # Buffer and daily cap are each candidate's to change; these are the defaults.
        "booking_buffer": human_duration(_scheduling("BUFFER", timedelta(minutes=15))),
        "booking_min_notice": human_duration(_scheduling("NOTICE", timedelta(hours=12))),
        "booking_horizon": human_duration(_scheduling("HORIZON", timedelta(days=30))),
        "booking_daily_cap": _scheduling("DAILY_CAP", 3),
        "booking_grid": human_duration(_scheduling("GRID", timedelta(minutes=15))),
        "booking_durations": f"{_join_or(durations)} minutes",
    }


def fill_numbers(source: str) -> str:
    """The article's Markdown with its template variables filled in."""
    return _ENGINE.from_string(source).render(Context(product_numbers(), autoescape=False))


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def markdown_to_html(text: str) -> SafeString:
    """Markdown → sanitized HTML, safe to put in a page."""
    converted = markdown.markdown(text, extensions=["tables", "fenced_code", "sane_lists"])
    return mark_safe(sanitize(converted))  # noqa: S308 - nh3 has just cleaned it


def render_article(source: str) -> SafeString:
    return markdown_to_html(fill_numbers(source))


def plain_text(source: str) -> str:
    """The article's words, numbers filled in, without markup: for search."""
    return " ".join(html.unescape(strip_tags(render_article(source))).split())
