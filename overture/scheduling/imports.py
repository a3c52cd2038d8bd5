"""Reading busy times from another calendar (an iCalendar URL or file).

Fetching and parsing only; actions.py writes what comes out. Errors are
``ImportProblem`` with a message fit for the candidate.
"""

import ipaddress
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from http.client import HTTPException
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from overture.scheduling.models import setting

MAX_BUSY_TIMES = 5000


class ImportProblem(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def normalise_url(raw: str) -> str:
    """http(s) only; webcal:// (what calendar apps publish) means https://."""
    url = raw.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("webcal", "webcals"):
        parts = parts._replace(scheme="https")
    elif scheme not in ("http", "https"):
        raise ImportProblem(
            "Use a calendar address that starts with https:// (or http:// or webcal://)."
        )
    if not parts.hostname:
        raise ImportProblem("That calendar address has no host name.")
    return urlunsplit(parts)


def _check_host(url: str) -> None:
    """Refuses addresses inside the server's own network unless allowed,
    so a calendar URL cannot be used to probe private services."""
    if setting("IMPORT_ALLOW_PRIVATE_HOSTS"):
        return
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        infos = socket.getaddrinfo(host, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise ImportProblem(f"Couldn't reach {host}: no such host.") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise ImportProblem(f"Couldn't use {host}: it is not a public address on the internet.")


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self, req: Any, fp: Any, code: Any, msg: Any, headers: Any, newurl: str
    ) -> Any:
        target = normalise_url(newurl)
        _check_host(target)
        return super().redirect_request(req, fp, code, msg, headers, target)


def _opener() -> urllib.request.OpenerDirector:
    """HTTP and HTTPS only: no file:, ftp: or data: handlers at all."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        _CheckedRedirects(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def fetch(url: str) -> str:
    """The text at ``url``, or an ImportProblem saying plainly what went wrong."""
    url = normalise_url(url)
    _check_host(url)
    host = urlsplit(url).hostname
    limit = int(setting("IMPORT_MAX_BYTES"))
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url, headers={"User-Agent": "Overture calendar import", "Accept": "text/calendar"}
    )
    try:
        with _opener().open(request, timeout=setting("IMPORT_TIMEOUT")) as response:
            body = response.read(limit + 1)
            charset = response.headers.get_content_charset() or "utf-8"
    except urllib.error.HTTPError as error:
        raise ImportProblem(
            f"Couldn't fetch the calendar: {host} answered {error.code} {error.reason}."
        ) from None
    except urllib.error.URLError as error:
        raise ImportProblem(f"Couldn't reach {host}: {_describe(error.reason)}.") from None
    except TimeoutError:
        raise ImportProblem(f"Couldn't reach {host}: it did not answer in time.") from None
    except (OSError, HTTPException, ValueError) as error:
        raise ImportProblem(f"Couldn't reach {host}: {_describe(error)}.") from None
    if len(body) > limit:
        raise ImportProblem(
            f"That calendar is larger than {limit // 1_000_000} MB; Overture reads smaller ones."
        )
    return body.decode(charset, errors="replace")


def _describe(reason: object) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "the connection was refused"
    if isinstance(reason, TimeoutError | socket.timeout):
        return "it did not answer in time"
    if isinstance(reason, socket.gaierror):
        return "no such host"
    return str(getattr(reason, "strerror", None) or reason)


@dataclass(frozen=True)
class BusySpan:
    starts_at: datetime
    ends_at: datetime


def _instant(value: date | datetime, zone: ZoneInfo) -> datetime:
    """Floating times and dates are the candidate's local time."""
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=zone)
    if value.tzinfo is None:
        return value.replace(tzinfo=zone)
    return value


def busy_spans(text: str, zone: ZoneInfo, start: datetime, end: datetime) -> list[BusySpan]:
    """Busy stretches of an iCalendar text between ``start`` and ``end``.

    Recurring events are expanded; events marked free (TRANSP:TRANSPARENT)
    and cancelled ones are skipped; an all-day event blocks whole local days
    of the candidate.
    """
    if "BEGIN:VCALENDAR" not in text[:10_000].upper():
        raise ImportProblem(
            "That isn't an iCalendar file: it should start with BEGIN:VCALENDAR "
            "(calendar apps export it as .ics)."
        )
    try:
        calendar = icalendar.Calendar.from_ical(text)
        occurrences = recurring_ical_events.of(calendar).between(start, end)
        spans: list[BusySpan] = []
        for event in occurrences:
            if event.name != "VEVENT":
                continue
            if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
                continue
            if str(event.get("STATUS", "")).upper() == "CANCELLED":
                continue
            first = event["DTSTART"].dt
            last = event["DTEND"].dt if "DTEND" in event else first
            if not isinstance(first, datetime) and last == first:
                last = first + timedelta(days=1)
            span = BusySpan(_instant(first, zone), _instant(last, zone))
            if span.ends_at > span.starts_at:
                spans.append(span)
            if len(spans) > MAX_BUSY_TIMES:
                raise ImportProblem(
                    f"That calendar has more than {MAX_BUSY_TIMES} busy times in the next "
                    "weeks; Overture reads smaller ones."
                )
    except ImportProblem:
        raise
    except (ValueError, KeyError, TypeError, OverflowError, AttributeError) as error:
        raise ImportProblem(f"That isn't a valid iCalendar file: {error}") from None
    return spans
