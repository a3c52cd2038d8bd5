"""The scheduling cast: Dana (Europe/Berlin, default hours Monday to Friday
09:00-17:00 local) has accepted a request from Acme (Riley books) and one
from Globex (Olga books). The clock starts on Monday 2 March 2026, 09:00 UTC."""

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

from overture.accounts.models import User
from overture.candidates.models import Candidate
from overture.interviews.actions import accept_request
from overture.interviews.models import InterviewProcess
from overture.scheduling import actions
from overture.scheduling.models import Booking, Medium

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LINK = "https://meet.example.com/acme-dana"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def process(send: Callable[..., Any], candidate: Candidate) -> InterviewProcess:
    return accept_request(send(candidate), by=candidate.user)


@pytest.fixture
def other_process(
    send: Callable[..., Any], candidate: Candidate, other_recruiter: User
) -> InterviewProcess:
    return accept_request(send(candidate, by=other_recruiter), by=candidate.user)


@pytest.fixture
def book_at(recruiter: User) -> Callable[..., Booking]:
    """book_at(process, start, minutes=30, by=recruiter, **details) through the real action."""

    def _book(
        process: InterviewProcess,
        start: datetime,
        minutes: int = 30,
        by: User | None = None,
        medium: str = Medium.VIDEO,
        location: str = LINK,
        note: str = "",
    ) -> Booking:
        return actions.book(
            process,
            by=by or recruiter,
            starts_at=start,
            minutes=minutes,
            details=actions.Details(medium, location, note),
        )

    return _book
