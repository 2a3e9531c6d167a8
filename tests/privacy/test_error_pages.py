"""Error pages say what happened in plain words and show nothing of the request: no
exception text, no record, no person."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.privacy.error_urls import DETAILS

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.privacy.error_urls")]

ERROR_TEMPLATES = [
    "error_base.html",
    "400.html",
    "403.html",
    "403_csrf.html",
    "404.html",
    "500.html",
]


def page(response) -> str:
    return response.content.decode()


def assert_nothing_of_the_person(text: str) -> None:
    for detail in ["Zofia", "Kowalczyk", "9434765919", "zofia.k@example.com"]:
        assert detail in DETAILS
        assert detail not in text


def test_a_server_error_shows_the_plain_500_page_and_no_details():
    response = Client(raise_request_exception=False).get("/fails/")

    assert response.status_code == 500
    text = page(response)
    assert "Sorry, there is a problem with the service" in text
    assert "Traceback" not in text
    assert "RuntimeError" not in text
    assert_nothing_of_the_person(text)


def test_a_refusal_shows_the_plain_403_page_and_not_the_reason(client, link_worker):
    client.force_login(link_worker)

    response = client.get("/refuses/")

    assert response.status_code == 403
    assert "You cannot see this page" in page(response)
    assert_nothing_of_the_person(page(response))


def test_a_missing_page_shows_the_plain_404_page_and_not_the_reason():
    response = Client().get("/finds-nothing/")

    assert response.status_code == 404
    assert "Page not found" in page(response)
    assert_nothing_of_the_person(page(response))


def test_the_404_page_does_not_repeat_the_address_asked_for():
    response = Client().get("/referrals/zofia-kowalczyk-9434765919/")

    assert response.status_code == 404
    assert_nothing_of_the_person(page(response))


def test_a_form_sent_without_its_security_token_gets_the_plain_csrf_page(link_worker):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(link_worker)

    response = csrf_client.post("/referrals/new/", {"given_name": "Zofia"})

    assert response.status_code == 403
    assert "Your form could not be sent" in page(response)
    assert_nothing_of_the_person(page(response))


@pytest.mark.parametrize("name", ERROR_TEMPLATES)
def test_error_pages_have_no_inline_script_or_style(name):
    source = (Path(settings.BASE_DIR) / "templates" / name).read_text(encoding="utf-8")

    assert "<script" not in source
    assert "<style" not in source
    assert "style=" not in source
