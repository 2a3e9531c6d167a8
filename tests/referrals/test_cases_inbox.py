"""The coordinator's inbox: the borough's unallocated referrals and those allocated to their
organisation awaiting acceptance, urgent first, with triage from each."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from referrals.models import Referral, Urgency
from referrals.workflow import Status
from tests.referrals.case_data import referral_in

pytestmark = pytest.mark.django_db

INBOX = reverse("referrals:inbox")


def listed(response) -> list[Referral]:
    return list(response.context["page_obj"])


def test_inbox_holds_unallocated_referrals_and_our_allocated_ones_awaiting_acceptance(
    client, coordinator, practice, other_practice, provider, other_provider, link_worker
):
    unallocated = referral_in(Status.SUBMITTED, practice=other_practice)
    ours = referral_in(Status.ALLOCATED, practice=practice, provider=provider)
    referral_in(Status.ALLOCATED, practice=practice, provider=other_provider)
    referral_in(Status.ACCEPTED, practice=practice, provider=provider, link_worker=link_worker)
    client.force_login(coordinator)

    response = client.get(INBOX)

    assert set(listed(response)) == {unallocated, ours}


def test_urgent_referrals_come_first_and_say_so_in_words(client, coordinator, practice):
    routine = referral_in(
        Status.SUBMITTED, practice=practice, submitted_at=timezone.now() - timedelta(days=2)
    )
    urgent = referral_in(Status.SUBMITTED, practice=practice, urgency=Urgency.URGENT)
    client.force_login(coordinator)

    response = client.get(INBOX)

    assert listed(response) == [urgent, routine]
    assert '<strong class="nhsuk-tag nhsuk-tag--red">Urgent</strong>' in response.content.decode()


def test_an_unallocated_referral_offers_allocation_to_each_active_provider(
    client, coordinator, practice, provider, other_provider
):
    referral = referral_in(Status.SUBMITTED, practice=practice)
    client.force_login(coordinator)

    page = client.get(INBOX).content.decode()

    assert reverse("referrals:allocate", args=[referral.pk]) in page
    assert f'<option value="{provider.pk}">Action Together</option>' in page
    assert f'<option value="{other_provider.pk}">Age UK Oldham</option>' in page
    assert reverse("referrals:reject", args=[referral.pk]) in page


def test_an_allocated_referral_offers_acceptance_for_our_link_workers_and_return(
    client, coordinator, practice, provider, link_worker, other_link_worker
):
    referral = referral_in(Status.ALLOCATED, practice=practice, provider=provider)
    client.force_login(coordinator)

    page = client.get(INBOX).content.decode()

    assert reverse("referrals:accept", args=[referral.pk]) in page
    assert f'<option value="{link_worker.pk}">Lee Linkworker</option>' in page
    assert f'value="{other_link_worker.pk}"' not in page
    assert reverse("referrals:return_to_triage", args=[referral.pk]) in page


def test_accepting_for_a_link_worker_from_the_inbox_returns_to_the_inbox(
    client, coordinator, practice, provider, link_worker
):
    referral = referral_in(Status.ALLOCATED, practice=practice, provider=provider)
    client.force_login(coordinator)

    response = client.post(
        reverse("referrals:accept", args=[referral.pk]),
        {"accept-link_worker": link_worker.pk, "next": INBOX},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == INBOX
    assert listed(response) == []
    assert Referral.objects.get(pk=referral.pk).link_worker == link_worker


def test_an_empty_inbox_says_so(client, coordinator):
    client.force_login(coordinator)

    page = client.get(INBOX).content.decode()

    assert "Nothing is waiting" in page


def test_the_inbox_is_paginated(client, coordinator, practice):
    for _ in range(27):
        referral_in(Status.SUBMITTED, practice=practice)
    client.force_login(coordinator)

    response = client.get(INBOX, {"page": 2})

    assert len(listed(response)) == 2
    assert "27 referrals waiting." in response.content.decode()


def test_fifty_five_referrals_take_a_constant_number_of_queries(
    client, coordinator, practice, provider, django_assert_max_num_queries
):
    for i in range(55):
        if i % 2:
            referral_in(Status.SUBMITTED, practice=practice)
        else:
            referral_in(Status.ALLOCATED, practice=practice, provider=provider)
    client.force_login(coordinator)

    with django_assert_max_num_queries(12):
        response = client.get(INBOX)

    assert response.context["page_obj"].paginator.count == 55
