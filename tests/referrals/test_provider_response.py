"""How providers usually respond, for referrers: median working days from submission to the
first contact attempt, and the share of decisions that were acceptances, over 90 days; small
numbers shown as "<5" and figures on fewer than 5 referrals withheld.

The known data set runs up to 30 June 2026 (the window is 2 April to 30 June) and crosses the
Spring Bank Holiday (Monday 25 May 2026).
"""

from datetime import date, datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from referrals import provider_response
from referrals.models import ReferralEvent
from referrals.presenters import provider_response_row, small_number
from referrals.views import referrer as referrer_views
from referrals.workflow import Status
from tests.factories import ProviderFactory, ReferralFactory, user_with_role
from thriving.accounts.roles import Role

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 30)


def london(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def contacted(provider, practice, link_worker, submitted: datetime, first_contact: datetime):
    return ReferralFactory(
        referring_organisation=practice,
        status=Status.ENGAGED,
        provider=provider,
        link_worker=link_worker,
        submitted_at=submitted,
        allocated_at=submitted,
        accepted_at=submitted,
        first_contact_at=first_contact,
    )


@pytest.fixture
def known(practice, provider, other_provider, link_worker, coordinator, other_link_worker):
    a, b = provider, other_provider
    # Action Together: six referrals first contacted in the window.
    #   Fri 22 May 16:00 -> Tue 26 May: Sat, Sun, bank holiday Mon, Tue = 1 working day
    #   Mon 1 June 09:00 -> Mon 1 June 15:00 = 0
    #   Wed 3 June -> Fri 5 June = 2
    #   Thu 11 June -> Wed 17 June: Fri, Mon, Tue, Wed = 4
    #   Mon 15 June 23:30 -> Tue 16 June 00:30 (the same day in UTC; London days count) = 1
    #   Mon 22 June -> Thu 25 June = 3
    # Sorted 0, 1, 1, 2, 3, 4: the median is (1 + 2) / 2 = 1.5 working days.
    for submitted, first in [
        (london(2026, 5, 22, 16), london(2026, 5, 26, 10)),
        (london(2026, 6, 1, 9), london(2026, 6, 1, 15)),
        (london(2026, 6, 3, 10), london(2026, 6, 5, 10)),
        (london(2026, 6, 11, 10), london(2026, 6, 17, 10)),
        (london(2026, 6, 15, 23, 30), london(2026, 6, 16, 0, 30)),
        (london(2026, 6, 22, 10), london(2026, 6, 25, 10)),
    ]:
        contacted(a, practice, link_worker, submitted, first)
    # First contacted (and accepted) before the window: not counted at all.
    contacted(a, practice, link_worker, london(2026, 3, 20, 10), london(2026, 4, 1, 10))
    # Two rejected by Action Together in the window, one before it.
    for closed in [london(2026, 5, 5, 10), london(2026, 6, 2, 10), london(2026, 3, 30, 10)]:
        ReferralFactory(
            referring_organisation=practice,
            status=Status.REJECTED,
            provider=a,
            submitted_at=london(2026, 3, 1),
            allocated_at=london(2026, 3, 2),
            closed_at=closed,
            close_reason="not_suitable",
        )
    # One returned to the inbox by Action Together's coordinator in the window.
    returned = ReferralFactory(referring_organisation=practice, submitted_at=london(2026, 6, 1))
    ReferralEvent.objects.create(
        referral=returned,
        at=london(2026, 6, 2, 11),
        actor=coordinator,
        from_status=Status.ALLOCATED,
        to_status=Status.SUBMITTED,
        reason="Closer to the other team",
    )
    # Still waiting for a decision: not counted.
    ReferralFactory(
        referring_organisation=practice,
        status=Status.ALLOCATED,
        provider=a,
        submitted_at=london(2026, 6, 29),
        allocated_at=london(2026, 6, 29),
    )
    # Age UK Oldham: four, each contacted the next working day.
    for day in (1, 2, 3, 4):
        contacted(b, practice, other_link_worker, london(2026, 6, day, 9), london(2026, 6, day + 1))
    # A provider with nothing yet.
    ProviderFactory(name="Positive Steps")
    return a, b


def by_name(results):
    return {r.name: r for r in results}


def test_median_working_days_and_share_accepted_on_a_known_data_set(known):
    results = by_name(provider_response.provider_responses(today=TODAY))

    action = results["Action Together"]
    assert (action.contacted, action.median_working_days) == (6, 1.5)
    # Decisions: 6 acceptances + 2 rejections + 1 return = 9; 6 of 9 accepted.
    assert (action.decided, action.accepted) == (9, 6)
    age_uk = results["Age UK Oldham"]
    assert (age_uk.contacted, age_uk.median_working_days, age_uk.decided) == (4, 1.0, 4)
    steps = results["Positive Steps"]
    assert (steps.contacted, steps.median_working_days, steps.decided) == (0, None, 0)


def test_the_median_without_percentile_cont_is_the_same(known, monkeypatch):
    """The median is counted the same way whatever the database (no percentile_cont)."""
    monkeypatch.setattr(connection, "vendor", "sqlite")
    results = by_name(provider_response.provider_responses(today=TODAY))
    assert results["Action Together"].median_working_days == 1.5
    assert results["Age UK Oldham"].median_working_days == 1.0


def test_the_rows_show_small_numbers_as_under_5_and_withhold_their_figures(known):
    rows = {
        row["name"]: row
        for row in map(provider_response_row, provider_response.provider_responses(today=TODAY))
    }
    assert rows["Action Together"] == {
        "name": "Action Together",
        "contacted": 6,
        "median": "1.5 working days",
        "decided": 9,
        "share_accepted": "67%",
    }
    assert rows["Age UK Oldham"] == {
        "name": "Age UK Oldham",
        "contacted": "<5",
        "median": "Too few to show",
        "decided": "<5",
        "share_accepted": "Too few to show",
    }
    assert rows["Positive Steps"]["contacted"] == 0
    assert rows["Positive Steps"]["median"] == "None yet"


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, "<5"), (4, "<5"), (5, 5), (12, 12)])
def test_small_number(count, shown):
    assert small_number(count) == shown


def test_the_figures_take_a_fixed_number_of_queries(known, django_assert_max_num_queries):
    # The calendar check, medians, decisions, returns, providers: 5.
    with django_assert_max_num_queries(5):
        provider_response.provider_responses(today=TODAY)


def test_referrers_see_the_table_on_their_referral_list(client, referrer, known, monkeypatch):
    monkeypatch.setattr(
        referrer_views,
        "provider_responses",
        lambda: provider_response.provider_responses(today=TODAY),
    )
    client.force_login(referrer)

    page = client.get(reverse("referrals:referrer_list")).content.decode()

    assert "How providers usually respond (last 90 days)" in page
    table = page.split('data-testid="provider-response"')[1].split("</table>")[0]
    assert "1.5 working days" in table
    assert "67%" in table
    assert "&lt;5" in table
    assert "How these figures are worked out" in page


def test_provider_staff_do_not_get_the_referrer_list(client, link_worker):
    client.force_login(link_worker)
    assert client.get(reverse("referrals:referrer_list")).status_code == 403


def test_another_practices_referrals_count_too(other_practice, provider, link_worker):
    """The figures are the provider's, whichever practice referred: a GP learns how the
    provider responds, not only to them."""
    lw = user_with_role(Role.LINK_WORKER, provider, email="lw-x@test.example.org")
    for day in (1, 2, 3, 4, 5):
        contacted(provider, other_practice, lw, london(2026, 6, day, 9), london(2026, 6, day, 15))
    [row] = provider_response.provider_responses(today=TODAY)
    assert (row.contacted, row.median_working_days) == (5, 0.0)
