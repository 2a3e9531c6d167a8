"""A coordinator's view of every referral of their organisation: filters, paging, queries."""

import pytest
from django.urls import reverse

from referrals.models import ContactAttempt, ContactOutcome
from referrals.workflow import Status
from tests.factories import user_with_role
from tests.referrals.case_data import referral_in
from thriving.accounts.roles import Role

pytestmark = pytest.mark.django_db

CASES = reverse("referrals:organisation_cases")


def names(response) -> list[str]:
    return [row.referral.family_name for row in response.context["rows"]]


def test_lists_every_referral_of_the_organisation_and_none_of_another(
    client, coordinator, practice, provider, link_worker, other_provider, other_link_worker
):
    referral_in(
        Status.ENGAGED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        family_name="Engaged",
    )
    referral_in(
        Status.CLOSED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        family_name="Closed",
    )
    referral_in(Status.ALLOCATED, practice=practice, provider=provider, family_name="New")
    referral_in(
        Status.ENGAGED,
        practice=practice,
        provider=other_provider,
        link_worker=other_link_worker,
        family_name="Theirs",
    )
    client.force_login(coordinator)

    response = client.get(CASES)

    assert sorted(names(response)) == ["Closed", "Engaged", "New"]


def test_filtering_by_status(client, coordinator, practice, provider, link_worker):
    referral_in(
        Status.ON_HOLD,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        family_name="Held",
    )
    referral_in(Status.ENGAGED, practice=practice, provider=provider, link_worker=link_worker)
    client.force_login(coordinator)

    response = client.get(CASES, {"status": Status.ON_HOLD})

    assert names(response) == ["Held"]


def test_filtering_by_link_worker(client, coordinator, practice, provider, link_worker):
    colleague = user_with_role(Role.LINK_WORKER, provider, full_name="Priya Patel")
    referral_in(
        Status.ENGAGED,
        practice=practice,
        provider=provider,
        link_worker=colleague,
        family_name="Priyas",
    )
    referral_in(Status.ENGAGED, practice=practice, provider=provider, link_worker=link_worker)
    client.force_login(coordinator)

    response = client.get(CASES, {"link_worker": colleague.pk})

    assert names(response) == ["Priyas"]
    assert "Priya Patel" in response.content.decode()


def test_filtering_to_referrals_nobody_has_accepted(
    client, coordinator, practice, provider, link_worker
):
    referral_in(Status.ALLOCATED, practice=practice, provider=provider, family_name="Waiting")
    referral_in(Status.ENGAGED, practice=practice, provider=provider, link_worker=link_worker)
    client.force_login(coordinator)

    response = client.get(CASES, {"link_worker": "null"})

    assert names(response) == ["Waiting"]


def test_a_link_worker_of_another_organisation_is_not_a_filter_choice(
    client, coordinator, other_link_worker
):
    client.force_login(coordinator)

    response = client.get(CASES, {"link_worker": other_link_worker.pk})

    assert "Select a valid choice" in response.content.decode()


def test_the_list_is_paginated(client, coordinator, practice, provider):
    for _ in range(26):
        referral_in(Status.ALLOCATED, practice=practice, provider=provider)
    client.force_login(coordinator)

    response = client.get(CASES, {"page": 2})

    assert len(response.context["rows"]) == 1


def test_sixty_referrals_take_a_constant_number_of_queries(
    client, coordinator, practice, provider, link_worker, django_assert_max_num_queries
):
    statuses = [Status.ALLOCATED, Status.CONTACTING, Status.ENGAGED, Status.CLOSED]
    for i in range(60):
        referral = referral_in(
            statuses[i % 4], practice=practice, provider=provider, link_worker=link_worker
        )
        if referral.status == Status.CONTACTING:
            ContactAttempt.objects.create(
                referral=referral,
                by=link_worker,
                at=referral.first_contact_at,
                method="phone",
                outcome=ContactOutcome.NO_ANSWER,
            )
    client.force_login(coordinator)

    with django_assert_max_num_queries(12):
        response = client.get(CASES)

    assert response.context["page_obj"].paginator.count == 60
