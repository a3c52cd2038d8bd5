import pytest
from django.core import mail
from django.test import Client

from overture.accounts.models import User
from overture.companies.models import Role

pytestmark = pytest.mark.django_db


def signup_data(**overrides: str) -> dict[str, str]:
    data = {
        "role": "candidate",
        "name": "Nina New",
        "email": "Nina@Example.com",
        "password": "correct-horse-battery",
        "time_zone": "Europe/Paris",
        "company_name": "",
        "company_size": "",
    }
    data.update(overrides)
    return data


def test_the_sign_in_page_has_email_and_password_fields(client):
    html = client.get("/accounts/login/").content.decode()
    assert '<label for="id_username">Email</label>' in html
    assert '<label for="id_password">Password</label>' in html


def test_a_candidate_signs_up_and_is_signed_in(client):
    response = client.post("/accounts/signup/", signup_data())
    assert response.status_code == 302 and response["Location"] == "/candidates/me/"
    user = User.objects.get()
    assert user.email == "nina@example.com"
    assert user.is_candidate and not user.is_company_member
    assert user.time_zone == "Europe/Paris"
    assert client.get("/interviews/").status_code == 200


def test_a_company_member_signs_up_as_the_company_admin(client):
    client.post(
        "/accounts/signup/", signup_data(role="company", company_name="Nova", company_size="11-50")
    )
    user = User.objects.get()
    assert user.membership.company.name == "Nova"
    assert user.membership.role == Role.ADMIN


def test_sign_up_refuses_a_taken_email_in_any_case(client, candidate):
    response = client.post("/accounts/signup/", signup_data(email="DANA@example.com"))
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    assert User.objects.count() == 1


def test_sign_up_refuses_weak_passwords_and_missing_company(client):
    response = client.post("/accounts/signup/", signup_data(password="password"))
    assert response.status_code == 400 and "too common" in response.content.decode()
    response = client.post("/accounts/signup/", signup_data(role="company"))
    assert "Name the company" in response.content.decode()
    assert not User.objects.exists()


def test_sign_in_by_email_in_any_case(client, candidate):
    response = client.post(
        "/accounts/login/", {"username": "DANA@example.com", "password": "a-long-test-password-1"}
    )
    assert response.status_code == 302
    assert client.get("/").url == "/interviews/"


def test_a_wrong_password_gets_a_clear_message(client, candidate):
    response = client.post("/accounts/login/", {"username": "dana@example.com", "password": "nope"})
    assert "don't match an account" in response.content.decode()


def test_password_reset_sends_a_working_link(client, candidate):
    client.post("/accounts/password_reset/", {"email": "dana@example.com"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = Client().get("/" + path, follow=True)
    assert "Choose a new password" in response.content.decode()


def test_sign_out_needs_a_post(client, candidate):
    client.force_login(candidate.user)
    assert client.get("/accounts/logout/").status_code == 405
    client.post("/accounts/logout/")
    assert client.get("/interviews/").status_code == 302


def test_anonymous_visitors_go_to_sign_in(client):
    assert client.get("/").url == "/accounts/login/"
    assert client.get("/interviews/").url.startswith("/accounts/login/")


def test_an_admin_adds_a_recruiter_who_gets_a_link(client, acme_admin):
    client.force_login(acme_admin)
    response = client.post(
        "/company/members/new/", {"name": "Rob", "email": "rob@acme.example", "role": "recruiter"}
    )
    assert response.status_code == 302
    rob = User.objects.get(email="rob@acme.example")
    assert rob.membership.company == acme_admin.membership.company
    assert "added you to Acme Robotics" in mail.outbox[0].subject


def test_a_recruiter_cannot_change_the_company_profile(client, recruiter):
    client.force_login(recruiter)
    response = client.post("/company/", {"name": "Hijacked", "size": "1-10"}, follow=True)
    assert "Only the company&#x27;s admins can change its profile" in response.content.decode()
    recruiter.membership.company.refresh_from_db()
    assert recruiter.membership.company.name == "Acme Robotics"


def test_an_admin_edits_the_company_profile(client, acme_admin):
    client.force_login(acme_admin)
    client.post(
        "/company/",
        {
            "name": "Acme",
            "size": "11-50",
            "locations_input": "Berlin, Oslo",
            "tech_stack_input": "Python, Go",
            "culture": "Kind",
            "website": "https://acme.example.com",
        },
    )
    company = acme_admin.membership.company
    company.refresh_from_db()
    assert company.locations == ["Berlin", "Oslo"] and company.tech_stack == ["Python", "Go"]


def test_a_candidate_edits_their_profile(client, candidate):
    client.force_login(candidate.user)
    response = client.post(
        "/candidates/me/",
        {
            "name": "Dana C",
            "headline": "Engineer",
            "location": "Berlin",
            "time_zone": "Asia/Tokyo",
            "skills_input": "Python, Go",
            "years_experience": "6",
            "desired_salary_currency": "EUR",
            "desired_salary_amount": "80000",
            "open_to_remote": "on",
        },
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.skills == ["Python", "Go"]
    assert candidate.user.time_zone == "Asia/Tokyo"


def test_an_unknown_time_zone_is_refused(client, candidate):
    client.force_login(candidate.user)
    response = client.post(
        "/candidates/me/",
        {
            "name": "Dana",
            "time_zone": "Mars/Olympus",
            "years_experience": "1",
            "desired_salary_currency": "EUR",
        },
    )
    assert response.status_code == 400
    candidate.user.refresh_from_db()
    assert candidate.user.time_zone == "Europe/Berlin"
