"""The link worker's caseload: own open cases, the next action and when it is due, overdue
flagged in words, filters, sorting, paging, and a constant number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from referrals.models import ContactAttempt, ContactOutcome, Referral, Urgency
from referrals.workflow import Status
from tests.referrals.case_data import referral_in

pytestmark = pytest.mark.django_db

CASELOAD = reverse("referrals:caseload")


def case(status, *, practice, provider, link_worker, **fields):
    return referral_in(
        status, practice=practice, provider=provider, link_worker=link_worker, **fields
    )


def names(response) -> list[str]:
    return [row.referral.family_name for row in response.context["page_obj"]]


def overdue_accepted_case(practice, provider, link_worker, **fields):
    referral = case(Status.ACCEPTED, practice=practice, provider=provider, link_worker=link_worker)
    Referral.objects.filter(pk=referral.pk).update(
        accepted_at=timezone.now() - timedelta(days=10), **fields
    )
    return referral


def test_caseload_lists_the_link_workers_own_open_cases_only(
    client, practice, provider, link_worker, other_provider, other_link_worker
):
    mine = case(
        Status.ENGAGED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        family_name="Mine",
    )
    case(
        Status.CLOSED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        family_name="Closed",
    )
    case(
        Status.ENGAGED,
        practice=practice,
        provider=other_provider,
        link_worker=other_link_worker,
        family_name="Theirs",
    )
    client.force_login(link_worker)

    response = client.get(CASELOAD)

    assert names(response) == [mine.family_name]


def test_each_case_shows_its_next_action_and_due_date(client, practice, provider, link_worker):
    case(
        Status.ENGAGED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        next_contact_date=timezone.localdate() + timedelta(days=5),
    )
    client.force_login(link_worker)

    page = client.get(CASELOAD).content.decode()

    assert "Next contact" in page
    day = timezone.localdate() + timedelta(days=5)
    assert f"{day.day} {day:%B %Y}" in page


def test_an_overdue_case_is_flagged_in_words(client, practice, provider, link_worker):
    overdue_accepted_case(practice, provider, link_worker)
    client.force_login(link_worker)

    page = client.get(CASELOAD).content.decode()

    assert "First contact attempt" in page
    assert '<strong class="nhsuk-tag nhsuk-tag--red tc-overdue">Overdue</strong>' in page


def test_a_case_not_yet_due_is_not_flagged(client, practice, provider, link_worker):
    case(Status.ACCEPTED, practice=practice, provider=provider, link_worker=link_worker)
    client.force_login(link_worker)

    page = client.get(CASELOAD).content.decode()

    assert ">Overdue<" not in page


def test_filtering_to_overdue_cases_only(client, practice, provider, link_worker):
    overdue_accepted_case(practice, provider, link_worker, family_name="Late")
    case(
        Status.ENGAGED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        family_name="OnTime",
    )
    client.force_login(link_worker)

    response = client.get(CASELOAD, {"overdue": "on"})

    assert names(response) == ["Late"]


def test_filtering_by_status(client, practice, provider, link_worker):
    case(
        Status.ON_HOLD,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        family_name="Held",
    )
    case(Status.ENGAGED, practice=practice, provider=provider, link_worker=link_worker)
    client.force_login(link_worker)

    response = client.get(CASELOAD, {"status": Status.ON_HOLD})

    assert names(response) == ["Held"]


def test_filtering_by_urgency(client, practice, provider, link_worker):
    case(
        Status.ENGAGED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        family_name="Urgent",
        urgency=Urgency.URGENT,
    )
    case(Status.ENGAGED, practice=practice, provider=provider, link_worker=link_worker)
    client.force_login(link_worker)

    response = client.get(CASELOAD, {"urgency": Urgency.URGENT})

    assert names(response) == ["Urgent"]


def test_an_unknown_filter_value_shows_an_error_not_a_crash(client, link_worker):
    client.force_login(link_worker)

    response = client.get(CASELOAD, {"status": "closed"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_sorted_by_due_date_by_default(client, practice, provider, link_worker):
    today = timezone.localdate()
    for name, days in [("Third", 20), ("First", 1), ("Second", 7)]:
        case(
            Status.ENGAGED,
            practice=practice,
            provider=provider,
            link_worker=link_worker,
            family_name=name,
            next_contact_date=today + timedelta(days=days),
        )
    client.force_login(link_worker)

    assert names(client.get(CASELOAD)) == ["First", "Second", "Third"]


def test_sorted_by_name(client, practice, provider, link_worker):
    for name in ["Young", "Adams", "Mills"]:
        case(
            Status.ENGAGED,
            practice=practice,
            provider=provider,
            link_worker=link_worker,
            family_name=name,
        )
    client.force_login(link_worker)

    assert names(client.get(CASELOAD, {"sort": "name"})) == ["Adams", "Mills", "Young"]


def test_sorted_by_date_referred(client, practice, provider, link_worker):
    now = timezone.now()
    for name, days_ago in [("Recent", 1), ("Oldest", 30), ("Middle", 10)]:
        case(
            Status.ENGAGED,
            practice=practice,
            provider=provider,
            link_worker=link_worker,
            family_name=name,
            submitted_at=now - timedelta(days=days_ago),
        )
    client.force_login(link_worker)

    response = client.get(CASELOAD, {"sort": "submitted"})

    assert names(response) == ["Oldest", "Middle", "Recent"]


def test_the_caseload_is_paginated(client, practice, provider, link_worker):
    for _ in range(30):
        case(Status.ENGAGED, practice=practice, provider=provider, link_worker=link_worker)
    client.force_login(link_worker)

    first = client.get(CASELOAD)
    second = client.get(CASELOAD, {"page": 2})

    assert len(first.context["page_obj"]) == 25
    assert len(second.context["page_obj"]) == 5
    assert "Page 2 of 2" in first.content.decode()


def test_sixty_cases_take_a_constant_number_of_queries(
    client, practice, provider, link_worker, django_assert_max_num_queries
):
    statuses = [Status.ACCEPTED, Status.CONTACTING, Status.ENGAGED, Status.ON_HOLD]
    for i in range(60):
        referral = case(
            statuses[i % 4], practice=practice, provider=provider, link_worker=link_worker
        )
        if referral.status == Status.CONTACTING:
            ContactAttempt.objects.create(
                referral=referral,
                by=link_worker,
                at=timezone.now(),
                method="phone",
                outcome=ContactOutcome.NO_ANSWER,
            )
    client.force_login(link_worker)

    with django_assert_max_num_queries(12):
        response = client.get(CASELOAD, {"sort": "due", "overdue": ""})

    assert response.context["page_obj"].paginator.count == 60


def test_referrals_waiting_to_be_accepted_by_the_team_are_listed_to_pick_up(
    client, practice, provider, link_worker, other_provider
):
    waiting = referral_in(Status.ALLOCATED, practice=practice, provider=provider)
    referral_in(Status.ALLOCATED, practice=practice, provider=other_provider)
    client.force_login(link_worker)

    response = client.get(CASELOAD)

    assert list(response.context["waiting"]) == [waiting]
    assert reverse("referrals:accept", args=[waiting.pk]) in response.content.decode()


def test_fifty_waiting_referrals_take_a_constant_number_of_queries(
    client, practice, provider, link_worker, django_assert_max_num_queries
):
    for _ in range(50):
        referral_in(Status.ALLOCATED, practice=practice, provider=provider)
    client.force_login(link_worker)

    with django_assert_max_num_queries(12):
        response = client.get(CASELOAD)

    assert response.context["waiting"].paginator.count == 50
