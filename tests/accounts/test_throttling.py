"""API calls are limited per person and, for anonymous calls, per client IP address."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from thriving.accounts import services

pytestmark = pytest.mark.django_db

REASONS = reverse("api:reasons")
OPEN_API = reverse("oruk:api-details")


@pytest.fixture(autouse=True)
def _low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "3/minute"},
    }


def _token_client(user, **extra) -> APIClient:
    _token, key = services.api_token_create(user=user, name="Script")
    api = APIClient(**extra)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def test_a_person_over_their_rate_gets_429_with_when_to_retry(referrer):
    api = _token_client(referrer)
    statuses = [api.get(REASONS).status_code for _ in range(4)]

    response = api.get(REASONS)

    assert statuses == [200, 200, 200, 429]
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_each_person_has_their_own_allowance_from_the_same_address(referrer, coordinator):
    first = _token_client(referrer)
    for _ in range(3):
        first.get(REASONS)

    assert _token_client(coordinator).get(REASONS).status_code == 200


def test_a_persons_allowance_follows_them_across_addresses(referrer):
    _token, key = services.api_token_create(user=referrer, name="Script")
    for n in range(3):
        api = APIClient(REMOTE_ADDR=f"192.0.2.{n + 1}")
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        api.get(REASONS)
    api = APIClient(REMOTE_ADDR="192.0.2.99")
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    assert api.get(REASONS).status_code == 429


def test_anonymous_calls_over_the_rate_get_429(client):
    statuses = [client.get(OPEN_API).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_anonymous_calls_are_counted_per_address(client):
    for _ in range(3):
        client.get(OPEN_API)

    assert client.get(OPEN_API, REMOTE_ADDR="192.0.2.50").status_code == 200


def test_a_forwarded_for_header_is_not_trusted_without_a_proxy(client):
    for n in range(3):
        client.get(OPEN_API, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")

    assert client.get(OPEN_API, HTTP_X_FORWARDED_FOR="198.51.100.200").status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for _ in range(3):
        client.get(OPEN_API, HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert client.get(OPEN_API, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200
