"""API tokens: made by their owner after two-factor sign-in, shown once, expiring, revocable."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import UserFactory
from thriving.accounts import services
from thriving.accounts.models import ApiToken
from thriving.audit.models import AuditAction, AuditEntry

from .support import html_of, verified_login

pytestmark = pytest.mark.django_db

TOKENS = reverse("accounts:api_tokens")
REASONS = reverse("api:reasons")


def _api(key: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def _make(client, name="GP clinical system", days="30"):
    return client.post(TOKENS, {"name": name, "days": days}, follow=True)


def test_a_verified_person_makes_a_token_and_sees_its_key_once(client, referrer):
    verified_login(client, referrer)

    response = _make(client)

    key = re.search(r'data-testid="api-token-key">([^<]+)<', html_of(response)).group(1)
    assert key.startswith("tc_")
    assert "This is the only time you will see this token" in html_of(response)
    again = client.get(reverse("accounts:api_token_created"), follow=True)
    assert key not in html_of(again)


def test_only_a_hash_of_the_key_is_stored(referrer):
    token, key = services.api_token_create(user=referrer, name="Script")

    stored = ApiToken.objects.filter(pk=token.pk).values_list("name", "prefix", "key_hash").get()
    assert key not in stored
    assert token.prefix == key[:8]


def test_a_token_lasts_thirty_days_unless_chosen_otherwise(client, referrer):
    verified_login(client, referrer)
    _make(client, days="30")
    _make(client, name="Short job", days="7")

    default, short = ApiToken.objects.order_by("created_at")
    assert default.expires_at - default.created_at == pytest.approx(
        timedelta(days=30), abs=timedelta(seconds=5)
    )
    assert short.expires_at - short.created_at == pytest.approx(
        timedelta(days=7), abs=timedelta(seconds=5)
    )


def test_making_a_token_is_audited(client, referrer):
    verified_login(client, referrer)

    _make(client)

    token = ApiToken.objects.get()
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_id=str(token.pk), user=referrer
    ).exists()


def test_a_token_needs_a_name(client, referrer):
    verified_login(client, referrer)

    response = client.post(TOKENS, {"name": "   ", "days": "30"})

    assert "Enter what this token is for." in html_of(response)
    assert not ApiToken.objects.exists()


def test_a_token_cannot_last_longer_than_the_choices(client, referrer):
    verified_login(client, referrer)

    response = client.post(TOKENS, {"name": "Forever", "days": "3650"})

    assert "Select a valid choice." in html_of(response)
    assert not ApiToken.objects.exists()


def test_without_the_second_factor_no_token_can_be_made(client, applicant):
    client.force_login(applicant)

    page = html_of(client.get(TOKENS))
    response = client.post(TOKENS, {"name": "Script", "days": "30"})

    assert "set up two-factor sign-in" in page
    assert response.status_code == 403
    assert not ApiToken.objects.exists()


def test_a_token_calls_the_api_as_its_owner_and_records_its_use(referrer):
    token, key = services.api_token_create(user=referrer, name="GP system")

    response = _api(key).get(REASONS)

    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_an_expired_token_is_refused_with_the_reason(referrer):
    token, key = services.api_token_create(user=referrer, name="GP system")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = _api(key).get(REASONS)

    assert response.status_code == 401
    assert response.json()["detail"] == (
        "This token has expired. Make a new one on the API tokens page."
    )


def test_a_revoked_token_is_refused(client, referrer):
    token, key = services.api_token_create(user=referrer, name="GP system")
    verified_login(client, referrer)

    client.post(reverse("accounts:api_token_revoke", args=[token.pk]))

    response = _api(key).get(REASONS)
    assert response.status_code == 401
    assert response.json()["detail"] == "This token has been revoked."


def test_a_token_of_a_deactivated_person_is_refused(referrer):
    _token, key = services.api_token_create(user=referrer, name="GP system")
    referrer.is_active = False
    referrer.save()

    assert _api(key).get(REASONS).status_code == 401


def test_nobody_can_revoke_someone_elses_token(client, referrer, coordinator):
    token, _key = services.api_token_create(user=referrer, name="GP system")
    verified_login(client, coordinator)

    response = client.post(reverse("accounts:api_token_revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_list_shows_only_the_persons_own_tokens(client, referrer, coordinator):
    services.api_token_create(user=referrer, name="Mine")
    services.api_token_create(user=coordinator, name="Theirs")
    verified_login(client, referrer)

    page = html_of(client.get(TOKENS))

    assert "Mine" in page
    assert "Theirs" not in page


def test_the_token_list_is_paginated_with_a_constant_number_of_queries(
    client, referrer, django_assert_max_num_queries
):
    for n in range(55):
        services.api_token_create(user=referrer, name=f"Script {n}")
    verified_login(client, referrer)

    with django_assert_max_num_queries(12):
        response = client.get(TOKENS + "?page=2")

    assert response.status_code == 200
    assert html_of(response).count('<tr class="nhsuk-table__row">') == 25


def test_admins_cannot_make_tokens_for_other_people(client, admin_user):
    verified_login(client, admin_user)

    response = client.get(reverse("admin:accounts_apitoken_add"))

    assert response.status_code == 403


def test_a_token_carries_only_its_owners_permissions(referrer):
    someone = UserFactory()
    _token, key = services.api_token_create(user=someone, name="Theirs")

    response = _api(key).get(reverse("api:caseload"))

    assert response.status_code == 403
