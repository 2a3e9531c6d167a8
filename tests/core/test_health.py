import time
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connections

from tests.celery_support import UNREACHABLE_BROKER, celery_broker

pytestmark = pytest.mark.django_db


def test_health_answers_200_with_the_database_and_broker_state(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "ok",
        "broker_transport": "redis",
    }


def test_health_is_never_cached(client):
    response = client.get("/health/")

    assert "no-cache" in response["Cache-Control"]


def test_health_is_503_when_the_database_is_down(client):
    with mock.patch.object(
        connections["default"], "cursor", side_effect=OperationalError("server closed")
    ):
        response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["database"] == "down"
    assert response.json()["status"] == "down"


def test_health_stays_200_but_degraded_when_the_broker_is_unreachable(client):
    with celery_broker(UNREACHABLE_BROKER):
        response = client.get("/health/")

    assert response.status_code == 200
    assert response.json()["broker"] == "down"
    assert response.json()["status"] == "degraded"


def test_health_answers_quickly_when_the_broker_is_unreachable(client):
    started = time.monotonic()
    with celery_broker(UNREACHABLE_BROKER):
        client.get("/health/")

    assert time.monotonic() - started < 1


def test_health_reports_the_embedded_sqlite_broker_ok(client, tmp_path):
    with celery_broker(f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}"):
        response = client.get("/health/")

    assert response.json()["broker"] == "ok"
    assert response.json()["broker_transport"] == "sqla+sqlite"


def test_health_reports_the_sqlite_broker_down_when_its_file_cannot_be_opened(client, tmp_path):
    with celery_broker(f"sqla+sqlite:///{tmp_path / 'missing-dir' / 'broker.sqlite3'}"):
        response = client.get("/health/")

    assert response.json()["broker"] == "down"


def test_health_refuses_post(client):
    assert client.post("/health/").status_code == 405


def test_health_is_503_when_the_database_connection_was_lost(client):
    with mock.patch.object(
        connections["default"], "cursor", side_effect=InterfaceError("connection already closed")
    ):
        response = client.get("/health/")

    assert response.status_code == 503
