"""The cast every test can call on, built through actions as users would.

- ``candidate``: Dana, in Europe/Berlin
- ``other_candidate``: Omar, another candidate
- ``recruiter``: Riley, recruiter at Acme
- ``acme_admin``: Ada, admin at Acme
- ``other_recruiter``: Olga, recruiter at Globex (another company)
- ``staff``: Sam, Overture support
"""

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django_ox.testing import run_tasks
from playwright.sync_api import Browser, Page, sync_playwright

from overture.accounts.actions import sign_up_candidate, sign_up_company
from overture.accounts.models import User
from overture.candidates.models import Candidate
from overture.companies.models import Membership, Role
from overture.interviews.actions import RequestDetails, send_request
from overture.interviews.models import InterviewRequest
from overture.testing.browser import CHROMIUM, CHROMIUM_ARGS

PASSWORD = "a-long-test-password-1"

# The instant tests start at when they control the clock: a Monday, 09:00 UTC.
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def make_details(**overrides: Any) -> RequestDetails:
    values: dict[str, Any] = {
        "role_title": "Senior Python Engineer",
        "role_description": "Build the robot-fleet platform with us.",
        "work_arrangement": "hybrid",
        "work_location": "Berlin",
        "salary_currency": "EUR",
        "salary_min": 70000,
        "salary_max": 90000,
        "perks": ["Learning budget"],
        "personal_note": "Your Django work stood out to us.",
    }
    values.update(overrides)
    return RequestDetails(**values)


@pytest.fixture
def candidate(db: None) -> Candidate:
    user = sign_up_candidate(
        email="dana@example.com",
        name="Dana Candidate",
        password=PASSWORD,
        time_zone="Europe/Berlin",
    )
    return Candidate.objects.select_related("user").get(user=user)


@pytest.fixture
def other_candidate(db: None) -> Candidate:
    user = sign_up_candidate(
        email="omar@example.com", name="Omar Other", password=PASSWORD, time_zone="Asia/Dubai"
    )
    return Candidate.objects.select_related("user").get(user=user)


@pytest.fixture
def acme_admin(db: None) -> User:
    user = sign_up_company(
        email="ada@acme.example.com",
        name="Ada Admin",
        password=PASSWORD,
        time_zone="Europe/Berlin",
        company_name="Acme Robotics",
        company_size="51-200",
    )
    company = user.membership.company
    company.locations = ["Berlin"]
    company.tech_stack = ["Python", "Django"]
    company.culture = "Small teams that own what they build."
    company.save()
    return user


@pytest.fixture
def recruiter(acme_admin: User) -> User:
    user = User.objects.create_user(
        email="riley@acme.example.com",
        name="Riley Recruiter",
        password=PASSWORD,
        time_zone="America/New_York",
    )
    Membership.objects.create(user=user, company=acme_admin.membership.company, role=Role.RECRUITER)
    return User.objects.select_related("membership__company").get(pk=user.pk)


@pytest.fixture
def other_recruiter(db: None) -> User:
    return sign_up_company(
        email="olga@globex.example.com",
        name="Olga Globex",
        password=PASSWORD,
        time_zone="America/Chicago",
        company_name="Globex Health",
        company_size="201-1000",
    )


@pytest.fixture
def staff(db: None) -> User:
    return User.objects.create_user(
        email="sam@overture.example.com",
        name="Sam Support",
        password=PASSWORD,
        is_staff=True,
        time_zone="Europe/London",
    )


@pytest.fixture
def send(recruiter: User) -> Callable[..., InterviewRequest]:
    """send(candidate, by=recruiter, **details) -> a pending request."""

    def _send(candidate: Candidate, by: User | None = None, **details: Any) -> InterviewRequest:
        return send_request(
            by=by or recruiter, candidate=candidate, details=make_details(**details)
        )

    return _send


@pytest.fixture
def deliver() -> Callable[[], list[Any]]:
    """Runs the queued background tasks that are due, as the worker would."""
    return lambda: run_tasks()


# Browser tests drive the live server from another thread of this process.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    """A fresh browser tab on the live server (relative URLs work)."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-US"
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Argon2 is deliberately slow; tests sign in hundreds of times. Production
    hashing is asserted in overture/accounts/tests/test_settings.py."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def clock() -> Iterator[Any]:
    """The clock stands still at T0 until the test moves it."""
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_candidate(candidate: Candidate) -> Client:
    return signed_in(candidate.user)


@pytest.fixture
def as_recruiter(recruiter: User) -> Client:
    return signed_in(recruiter)


@pytest.fixture
def as_staff(staff: User) -> Client:
    return signed_in(staff)
