"""Start-up refuses to run in production shape without its secrets.

Each check runs Django's set-up in a fresh interpreter, as a server would start, because the
settings module is read once per process and this one has long been read by the tests.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETUP = (
    "import sys, django; django.setup(); "
    "assert 'pytest' not in sys.modules, 'the settings must not see pytest'"
)


def start_django(tmp_path, **env: str) -> subprocess.CompletedProcess:
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "TESTING"}
        and not key.startswith("PYTEST")
    }
    return subprocess.run(
        [sys.executable, "-c", SETUP],
        cwd=ROOT,
        env={
            **base,
            "DJANGO_SETTINGS_MODULE": "thriving.settings",
            "TESTING": "0",
            "VAR_DIR": str(tmp_path),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_start_up_without_secret_key_stops_with_a_clear_message(tmp_path):
    result = start_django(tmp_path, ALLOWED_HOSTS="thriving.example.org")

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_start_up_without_allowed_hosts_stops_with_a_clear_message(tmp_path):
    result = start_django(tmp_path, SECRET_KEY="a-long-random-production-secret-key")

    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_start_up_with_secret_key_and_allowed_hosts_succeeds(tmp_path):
    result = start_django(
        tmp_path,
        SECRET_KEY="a-long-random-production-secret-key",
        ALLOWED_HOSTS="thriving.example.org",
    )

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("debug", ["1", "true"])
def test_debug_start_up_needs_neither_secret_key_nor_allowed_hosts(tmp_path, debug):
    result = start_django(tmp_path, DEBUG=debug)

    assert result.returncode == 0, result.stderr


def run_manage(tmp_path, *args: str) -> subprocess.CompletedProcess:
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "TESTING", "DATABASE_URL"}
        and not key.startswith("PYTEST")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "TESTING": "0", "VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_clean_checkout_checks_its_migrations_without_production_secrets(tmp_path):
    result = run_manage(tmp_path, "makemigrations", "--check", "--dry-run")

    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_a_command_that_serves_still_needs_the_secret_key(tmp_path):
    result = run_manage(tmp_path, "check")

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
