"""Every response carries the browser protections: a Content Security Policy with no inline
code allowed, frame denial, no MIME sniffing, a referrer policy and an opener policy."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.security.test_no_inline_code import findings

pytestmark = pytest.mark.django_db

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def _directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


def test_login_page_carries_the_content_security_policy(client):
    response = client.get(reverse("accounts:login"))

    assert _directives(response["Content-Security-Policy"]) == _directives(POLICY)


def test_policy_allows_no_inline_script_or_style(client):
    header = client.get(reverse("accounts:login"))["Content-Security-Policy"]

    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header


def test_signed_in_page_carries_the_content_security_policy(client, referrer):
    client.force_login(referrer)

    response = client.get(reverse("referrals:submit"))

    assert _directives(response["Content-Security-Policy"]) == _directives(POLICY)


def test_api_response_carries_the_content_security_policy(client):
    response = client.get(reverse("api:reasons"))

    assert response.status_code == 401
    assert "Content-Security-Policy" in response


def test_api_docs_carry_the_content_security_policy(client):
    response = client.get(reverse("api-docs"))

    assert _directives(response["Content-Security-Policy"]) == _directives(POLICY)


def test_admin_carries_the_content_security_policy(client):
    response = client.get(reverse("admin:login"))

    assert _directives(response["Content-Security-Policy"]) == _directives(POLICY)


def test_pages_refuse_to_be_framed(client):
    response = client.get(reverse("accounts:login"))

    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_pages_forbid_mime_sniffing_and_send_a_referrer_policy(client):
    response = client.get(reverse("accounts:login"))

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_api_docs_page_as_served_has_no_inline_code(client):
    html = client.get(reverse("api-docs")).content.decode()

    assert findings(html) == []


def test_api_docs_page_styles_come_from_a_static_file(client):
    html = client.get(reverse("api-docs")).content.decode()

    assert re.search(r'href="/static/css/swagger-ui-page\.css"', html)


def test_admin_login_as_served_has_no_inline_code(client):
    html = client.get(reverse("admin:login")).content.decode()

    assert findings(html) == []


def test_admin_change_list_without_action_bars_has_no_inline_style(admin_client, monkeypatch):
    # A change list with neither action bar is when Django's own template adds a <style>.
    group_admin = admin.site._registry[Group]
    monkeypatch.setattr(group_admin, "actions_on_top", False)
    monkeypatch.setattr(group_admin, "actions_on_bottom", False)

    html = admin_client.get(reverse("admin:auth_group_changelist")).content.decode()

    assert findings(html) == []
    assert "css/admin-changelist-no-actions.css" in html
