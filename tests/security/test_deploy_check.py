"""Production settings pass Django's deployment checklist with no warnings at all.

Runs `manage.py check --deploy` in a fresh interpreter with the environment a server would
have, because this process read its settings long ago (with pytest's test overlay).
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# What this process's tests set that a server's environment would not have (the browser
# tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright, which --deploy rightly refuses).
ENV_SET_BY_TESTS = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "TESTING",
    "SECURE_SSL_REDIRECT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def _production_env(tmp_path) -> dict[str, str]:
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in ENV_SET_BY_TESTS
        and not key.startswith("PYTEST")
        and not key.startswith("SECURE_")
    }
    return {
        **base,
        "DJANGO_SETTINGS_MODULE": "thriving.settings",
        "DEBUG": "0",
        "TESTING": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.org",
        "VAR_DIR": str(tmp_path),
    }


def _manage(tmp_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def deploy_check(tmp_path_factory):
    return _manage(
        tmp_path_factory.mktemp("deploy"), "check", "--deploy", "--fail-level", "WARNING"
    )


def test_check_deploy_passes(deploy_check):
    assert deploy_check.returncode == 0, deploy_check.stderr + deploy_check.stdout


def test_check_deploy_reports_no_issue_at_all(deploy_check):
    assert "System check identified no issues (0 silenced)." in deploy_check.stdout


SETTINGS = [
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SAMESITE",
    "X_FRAME_OPTIONS",
    "SECURE_REFERRER_POLICY",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "DEBUG",
]


@pytest.fixture(scope="module")
def production_settings(tmp_path_factory):
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {SETTINGS!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_production_env(tmp_path_factory.mktemp("settings")),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_hsts_for_a_year_with_subdomains(production_settings):
    assert production_settings["SECURE_HSTS_SECONDS"] >= 31536000
    assert production_settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True


def test_production_redirects_http_to_https(production_settings):
    assert production_settings["SECURE_SSL_REDIRECT"] is True


def test_production_cookies_are_secure_http_only_and_same_site(production_settings):
    for cookie in ("SESSION", "CSRF"):
        assert production_settings[f"{cookie}_COOKIE_SECURE"] is True
        assert production_settings[f"{cookie}_COOKIE_HTTPONLY"] is True
        assert production_settings[f"{cookie}_COOKIE_SAMESITE"] in {"Lax", "Strict"}


def test_production_denies_framing_sniffing_and_cross_site_referrers(production_settings):
    assert production_settings["X_FRAME_OPTIONS"] == "DENY"
    assert production_settings["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert production_settings["SECURE_REFERRER_POLICY"] == "same-origin"


def test_production_runs_without_debug(production_settings):
    assert production_settings["DEBUG"] is False
