"""Busy times imported from another calendar, by URL (served here on
127.0.0.1) or by file: recurrences expanded, free events ignored, all-day
events blocking the candidate's local day, clear errors otherwise."""

import socket
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_ox.testing import run_tasks

from overture.lib.errors import Refused
from overture.scheduling import actions, queries, tasks
from overture.scheduling.models import BusyTime, ImportedCalendar
from overture.scheduling.tests.conftest import utc

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")

WORK = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//Work//EN
BEGIN:VEVENT
UID:standup@test
DTSTAMP:20260101T000000Z
DTSTART;TZID=Europe/Berlin:20260303T100000
DTEND;TZID=Europe/Berlin:20260303T110000
RRULE:FREQ=WEEKLY;COUNT=3
SUMMARY:Team meeting
END:VEVENT
BEGIN:VEVENT
UID:holiday@test
DTSTAMP:20260101T000000Z
DTSTART;VALUE=DATE:20260305
DTEND;VALUE=DATE:20260306
SUMMARY:Holiday
END:VEVENT
BEGIN:VEVENT
UID:focus@test
DTSTAMP:20260101T000000Z
DTSTART:20260304T120000Z
DTEND:20260304T130000Z
TRANSP:TRANSPARENT
SUMMARY:Free to be booked over
END:VEVENT
BEGIN:VEVENT
UID:called-off@test
DTSTAMP:20260101T000000Z
DTSTART:20260304T140000Z
DTEND:20260304T150000Z
STATUS:CANCELLED
END:VEVENT
END:VCALENDAR
"""


class _Served:
    """What the local test server answers: a body and a status."""

    body = WORK
    status = 200


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        payload = _Served.body.encode()
        self.send_response(_Served.status)
        self.send_header("Content-Type", "text/calendar; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def ics_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Served.body, _Served.status = WORK, 200
    yield f"http://127.0.0.1:{server.server_port}/calendar.ics"
    server.shutdown()
    server.server_close()


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def busy_of(candidate) -> list[tuple]:
    return list(
        BusyTime.objects.filter(calendar__candidate=candidate)
        .order_by("starts_at")
        .values_list("starts_at", "ends_at")
    )


def test_it_imports_a_calendar_url(clock, candidate, ics_server):
    imported = actions.add_import_url(candidate, by=candidate.user, name="Work", url=ics_server)
    assert imported.busy_count == 4
    assert imported.refreshed_at is not None and not imported.error
    assert busy_of(candidate) == [
        # The weekly meeting, three times, 10:00-11:00 Berlin.
        (utc(2026, 3, 3, 9), utc(2026, 3, 3, 10)),
        # The all-day holiday blocks Dana's whole local day.
        (utc(2026, 3, 4, 23), utc(2026, 3, 5, 23)),
        (utc(2026, 3, 10, 9), utc(2026, 3, 10, 10)),
        (utc(2026, 3, 17, 9), utc(2026, 3, 17, 10)),
    ]


def test_imported_busy_times_are_never_offered(clock, candidate, process, book_at, ics_server):
    actions.add_import_url(candidate, by=candidate.user, name="Work", url=ics_server)
    found = queries.free_slots_for(
        candidate, minutes=30, now=clock_now(), start=utc(2026, 3, 3), end=utc(2026, 3, 7)
    )
    local = [s.astimezone(BERLIN) for s in found]
    assert not [s for s in local if s.date() == date(2026, 3, 5)]  # the holiday
    tuesday = [s.strftime("%H:%M") for s in local if s.date() == date(2026, 3, 3)]
    assert "09:15" in tuesday and "09:30" not in tuesday  # 15 minutes before the meeting
    assert "10:45" not in tuesday and "11:15" in tuesday  # and 15 after it
    wednesday = [s.strftime("%H:%M") for s in local if s.date() == date(2026, 3, 4)]
    assert "13:00" in wednesday and "15:00" in wednesday  # free and cancelled events ignored
    with pytest.raises(Refused, match="no longer available"):
        book_at(process, utc(2026, 3, 3, 9, 15))


def clock_now():
    return utc(2026, 3, 2, 9)


def test_webcal_addresses_are_fetched_over_https_and_others_are_refused(clock, candidate):
    for url in ("file:///etc/passwd", "ftp://example.com/cal.ics", "javascript:alert(1)"):
        with pytest.raises(Refused, match="starts with https://"):
            actions.add_import_url(candidate, by=candidate.user, name="", url=url)
    assert not ImportedCalendar.objects.exists()


def test_it_explains_an_unreachable_address(clock, candidate, closed_port):
    with pytest.raises(Refused, match=r"Couldn't reach 127\.0\.0\.1: the connection was refused"):
        actions.add_import_url(
            candidate, by=candidate.user, name="", url=f"http://127.0.0.1:{closed_port}/cal.ics"
        )
    assert not ImportedCalendar.objects.exists()


def test_it_explains_an_http_error(clock, candidate, ics_server):
    _Served.status = 404
    with pytest.raises(Refused, match=r"127\.0\.0\.1 answered 404"):
        actions.add_import_url(candidate, by=candidate.user, name="", url=ics_server)
    assert not ImportedCalendar.objects.exists()


def test_it_refuses_private_addresses_in_production(clock, candidate, ics_server, settings):
    settings.SCHEDULING = {**settings.SCHEDULING, "IMPORT_ALLOW_PRIVATE_HOSTS": False}
    with pytest.raises(Refused, match="not a public address"):
        actions.add_import_url(candidate, by=candidate.user, name="", url=ics_server)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Hello, this is not a calendar.", "isn't an iCalendar file"),
        (
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:garbage\nEND:VEVENT\nEND:VCALENDAR\n",
            "isn't a valid iCalendar file",
        ),
    ],
)
def test_it_explains_an_invalid_file(clock, candidate, content, message):
    with pytest.raises(Refused, match=message):
        actions.add_import_file(candidate, by=candidate.user, name="", content=content)
    assert not ImportedCalendar.objects.exists()


def test_the_scheduler_refreshes_urls_and_keeps_the_last_good_times_on_failure(
    clock, candidate, ics_server
):
    imported = actions.add_import_url(candidate, by=candidate.user, name="Work", url=ics_server)
    _Served.body = WORK.replace("COUNT=3", "COUNT=1")
    clock.shift(timedelta(minutes=30))
    tasks.refresh_imports.enqueue()
    run_tasks()
    assert len(busy_of(candidate)) == 4  # not due yet: read every hour
    clock.shift(timedelta(minutes=31))
    tasks.refresh_imports.enqueue()
    run_tasks()
    assert len(busy_of(candidate)) == 2
    _Served.status = 500
    clock.shift(timedelta(hours=2))
    tasks.refresh_imports.enqueue()
    run_tasks()
    imported.refresh_from_db()
    assert "answered 500" in imported.error
    assert len(busy_of(candidate)) == 2  # the last good busy times stay


def test_the_candidate_uploads_a_file_on_the_imports_page(clock, candidate):
    client = Client()
    client.force_login(candidate.user)
    upload = SimpleUploadedFile("work.ics", WORK.encode(), content_type="text/calendar")
    response = client.post("/calendar/imports/file/", {"file-name": "Work", "file-file": upload})
    assert response.status_code == 302
    page = client.get("/calendar/imports/").content.decode()
    assert "Work" in page and "4 busy times" in page
    bad = SimpleUploadedFile("bad.ics", b"\xff\xfe\x00garbage", content_type="text/calendar")
    response = client.post("/calendar/imports/file/", {"file-name": "Bad", "file-file": bad})
    assert response.status_code == 400
    assert "isn" in response.content.decode()
    assert ImportedCalendar.objects.count() == 1


def test_the_imports_page_shows_a_clear_error_for_an_unreachable_url(clock, candidate, closed_port):
    client = Client()
    client.force_login(candidate.user)
    response = client.post(
        "/calendar/imports/url/",
        {"url-name": "Work", "url-url": f"http://127.0.0.1:{closed_port}/x.ics"},
    )
    assert response.status_code == 400
    assert "the connection was refused" in response.content.decode()


def test_removing_an_import_frees_its_times(clock, candidate, ics_server):
    imported = actions.add_import_url(candidate, by=candidate.user, name="Work", url=ics_server)
    actions.remove_import(imported, by=candidate.user)
    assert busy_of(candidate) == []


def test_other_people_cannot_touch_someone_elses_imports(
    clock, candidate, other_candidate, ics_server
):
    imported = actions.add_import_url(candidate, by=candidate.user, name="Work", url=ics_server)
    client = Client()
    client.force_login(other_candidate.user)
    assert client.post(f"/calendar/imports/{imported.pk}/remove/").status_code == 404
    assert ImportedCalendar.objects.filter(pk=imported.pk).exists()


def test_the_refresh_runs_on_the_schedule(settings):
    schedule = settings.SCHEDULES["refresh-calendar-imports"]
    assert schedule["task"] == "overture.scheduling.tasks.refresh_imports"
    assert schedule["every"] <= 15 * 60
