from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from referrals.models import CaseNote
from referrals.workflow import Status
from tests.factories import ReferralFactory, user_with_role
from thriving.accounts.roles import Role

pytestmark = pytest.mark.django_db

LIST_URL = reverse("referrals:referrer_list")


@pytest.fixture
def gp_client(client, referrer):
    client.force_login(referrer)
    return client


def ours(referrer, practice, **kwargs):
    return ReferralFactory(referring_organisation=practice, referrer=referrer, **kwargs)


def test_anonymous_user_is_sent_to_sign_in(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role_fixture", ["link_worker", "coordinator"])
def test_provider_staff_get_403(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(LIST_URL).status_code == 403


def test_lists_our_referrals_newest_first(gp_client, referrer, practice):
    now = timezone.now()
    older = ours(referrer, practice, submitted_at=now - timedelta(days=3))
    newer = ours(referrer, practice, submitted_at=now - timedelta(days=1))

    response = gp_client.get(LIST_URL)

    assert list(response.context["referrals"]) == [newer, older]


def test_lists_referrals_made_by_colleagues_of_the_same_practice(gp_client, practice):
    colleague = user_with_role(Role.REFERRER, practice)
    theirs = ReferralFactory(referring_organisation=practice, referrer=colleague)

    assert list(gp_client.get(LIST_URL).context["referrals"]) == [theirs]


def test_a_referrer_of_another_practice_never_sees_our_referrals(
    client, referrer, practice, other_practice
):
    referral = ours(referrer, practice)
    other_gp = user_with_role(Role.REFERRER, other_practice)
    client.force_login(other_gp)

    response = client.get(LIST_URL)

    assert list(response.context["referrals"]) == []
    assert referral.reference not in response.content.decode()


def test_shows_reference_person_dates_status_and_provider(gp_client, referrer, practice, provider):
    referral = ours(
        referrer,
        practice,
        given_name="Zofia",
        family_name="Kowalczyk",
        status=Status.ALLOCATED,
        provider=provider,
        submitted_at=timezone.now().replace(year=2025, month=3, day=3, hour=12),
    )

    html = gp_client.get(LIST_URL).content.decode()

    assert f'href="{reverse("referrals:detail", args=[referral.pk])}">{referral.reference}' in html
    assert "KOWALCZYK, Zofia" in html
    assert "3 March 2025" in html
    assert '<strong class="nhsuk-tag nhsuk-tag--purple">Allocated</strong>' in html
    assert "Action Together" in html
    assert "<caption" in html


def test_an_unallocated_referral_says_so(gp_client, referrer, practice):
    ours(referrer, practice)
    assert "Not allocated yet" in gp_client.get(LIST_URL).content.decode()


def test_filters_by_status(gp_client, referrer, practice, provider):
    ours(referrer, practice)
    allocated = ours(referrer, practice, status=Status.ALLOCATED, provider=provider)

    response = gp_client.get(LIST_URL, {"status": Status.ALLOCATED})

    assert list(response.context["referrals"]) == [allocated]


def test_an_unknown_status_filter_shows_an_error_not_a_crash(gp_client, referrer, practice):
    ours(referrer, practice)
    response = gp_client.get(LIST_URL, {"status": "lost"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_never_shows_the_link_workers_notes(gp_client, referrer, practice, provider, link_worker):
    referral = ours(
        referrer, practice, status=Status.ACCEPTED, provider=provider, link_worker=link_worker
    )
    CaseNote.objects.create(
        referral=referral, author=link_worker, text="Talked about her late husband", shareable=True
    )

    assert "late husband" not in gp_client.get(LIST_URL).content.decode()


def test_is_paginated_25_to_a_page(gp_client, referrer, practice):
    ReferralFactory.create_batch(30, referring_organisation=practice, referrer=referrer)

    first = gp_client.get(LIST_URL)
    second = gp_client.get(LIST_URL, {"page": 2})

    assert len(first.context["referrals"]) == 25
    assert len(second.context["referrals"]) == 5
    assert "Page 2 of 2" in first.content.decode()


def test_query_count_does_not_grow_with_the_rows(
    gp_client, referrer, practice, provider, link_worker, django_assert_max_num_queries
):
    ReferralFactory.create_batch(20, referring_organisation=practice, referrer=referrer)
    ReferralFactory.create_batch(
        20,
        referring_organisation=practice,
        referrer=referrer,
        status=Status.ALLOCATED,
        provider=provider,
    )
    ReferralFactory.create_batch(
        20,
        referring_organisation=practice,
        referrer=referrer,
        status=Status.ENGAGED,
        provider=provider,
        link_worker=link_worker,
    )

    # The list's 10, and 5 for "How providers usually respond" (calendar check, medians,
    # decisions, returns, providers), however many rows.
    with django_assert_max_num_queries(15):
        response = gp_client.get(LIST_URL)

    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 60
