"""Settings come from the environment; production refuses unsafe ones."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config import settings as project_settings

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "OVERTURE_PRODUCTION": "true",
    "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-key-for-this-test-only",
    "ALLOWED_HOSTS": "overture.example.com",
    "EMAIL_HOST": "127.0.0.1",
    "DATABASE_URL": "sqlite:////tmp/overture-settings-test.sqlite3",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "OVERTURE_PRODUCTION",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "EMAIL_HOST",
            "DEBUG",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_passwords_are_hashed_with_argon2():
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_production_passes_the_deploy_checks_at_warning_level():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY must be set"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS must name"),
        ("EMAIL_HOST", "EMAIL_HOST must name an SMTP server"),
    ],
)
def test_production_refuses_to_start_without(missing, message):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_a_bad_boolean_fails_loudly():
    result = manage("check", DEBUG="perhaps")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_development_needs_no_configuration():
    result = manage("check")
    assert result.returncode == 0, result.stderr
