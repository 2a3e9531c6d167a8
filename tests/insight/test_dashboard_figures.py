"""Each dashboard figure on the small programme of dashboard_world.py, worked out by hand.

Most tests read the whole programme without suppression (the arithmetic); the tests at the
end check what the programme lead (suppressed) and a coordinator (their own organisation)
are given.
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ReferralFactory, user_with_role, ward
from tests.grants.factories import CouncilFactory
from tests.insight.dashboard_world import FILTERS, TODAY, at, build_world, swemwbs
from thriving.accounts.roles import Role
from thriving.core.calendar import ensure_calendar
from thriving.insight.dashboard.build import FigureBuilder
from thriving.insight.dashboard.figures import DashboardFilters
from thriving.insight.dashboard.scope import Scope
from thriving.insight.dashboard.selectors import (
    dashboard_figure,
    default_filters,
    programme_dashboard,
)
from thriving.insight.facts import refresh_referral_facts

pytestmark = pytest.mark.django_db

WHOLE = Scope(whole_programme=True, provider_ids=frozenset(), suppressed=False)


@pytest.fixture
def world(provider, other_provider, practice, other_practice, link_worker):
    return build_world(
        provider=provider,
        other_provider=other_provider,
        practice=practice,
        other_practice=other_practice,
        link_worker=link_worker,
    )


@pytest.fixture
def lead(db):
    return user_with_role(Role.PROGRAMME_LEAD, CouncilFactory(name="Oldham Council"))


def figure(name, *, scope=WHOLE, filters=FILTERS):
    return FigureBuilder(scope, filters, TODAY).figure(name)


def by_first_column(fig) -> dict:
    key = fig.columns[0].key
    return {row[key]: row for row in fig.rows}


def column(fig, key) -> list:
    return [row[key] for row in fig.rows]


# ------------------------------------------------------------------------------------------
# Referrals over time, by practice, reason and ward
# ------------------------------------------------------------------------------------------


def test_referrals_by_week_counts_every_monday_week_of_the_range(world):
    fig = figure("referrals_by_week")

    # 1 March 2025 is a Saturday: the first week starts on Monday 24 February; the last,
    # Monday 28 April, holds 30 April. Week of 3 March: R1 (Mon), R6 (Wed), R2 (Fri) = 3;
    # 10 March: R4, R8 = 2; 14 April: R3 (Thursday 17th) = 1; 28 April: R5 = 1.
    # R7 (15 February) is before the range.
    assert [(row["week"], row["referrals"]) for row in fig.rows] == [
        (date(2025, 2, 24), 0),
        (date(2025, 3, 3), 3),
        (date(2025, 3, 10), 2),
        (date(2025, 3, 17), 0),
        (date(2025, 3, 24), 0),
        (date(2025, 3, 31), 0),
        (date(2025, 4, 7), 0),
        (date(2025, 4, 14), 1),
        (date(2025, 4, 21), 0),
        (date(2025, 4, 28), 1),
    ]


def test_a_late_evening_in_summer_time_is_the_next_days_week_in_london(world, practice):
    # 23:30 UTC on Sunday 30 March 2025 is 00:30 on Monday 31 March in London (BST).
    from datetime import UTC, datetime

    ReferralFactory(
        referring_organisation=practice, submitted_at=datetime(2025, 3, 30, 23, 30, tzinfo=UTC)
    )
    refresh_referral_facts()  # on commit, outside a test (dashboard_world.py says why)
    weeks = {row["week"]: row["referrals"] for row in figure("referrals_by_week").rows}

    assert weeks[date(2025, 3, 31)] == 1
    assert weeks[date(2025, 3, 24)] == 0


def test_referrals_by_practice_most_first(world):
    fig = figure("referrals_by_practice")

    # P1 Werneth Surgery: R1, R2, R5, R6 = 4; P2 Royton Medical Centre: R3, R4, R8 = 3.
    assert [(r["practice"], r["referrals"]) for r in fig.rows] == [
        ("Werneth Surgery", 4),
        ("Royton Medical Centre", 3),
    ]


def test_referrals_by_reason_count_a_referral_under_each_of_its_reasons(world):
    rows = by_first_column(figure("referrals_by_reason"))

    # Loneliness: R1, R2, R4, R5, R6 = 5; low mood: R2, R3 = 2; inactivity: R8 = 1.
    assert rows["Loneliness and isolation"]["referrals"] == 5
    assert rows["Low mood or anxiety"]["referrals"] == 2
    assert rows["Physical inactivity"]["referrals"] == 1
    assert rows["Housing"]["referrals"] == 0
    assert sum(r["referrals"] for r in rows.values()) == 8  # 7 referrals, R2 twice


def test_referrals_by_ward_lists_every_ward_and_the_unknown(world):
    rows = by_first_column(figure("referrals_by_ward"))

    # Coldhurst: R1, R2, R5 = 3; Werneth: R3, R6, R8 = 3; R4 has no ward.
    assert rows["Coldhurst"]["referrals"] == 3
    assert rows["Werneth"]["referrals"] == 3
    assert rows["Ward not known"]["referrals"] == 1
    assert rows["Alexandra"]["referrals"] == 0
    assert len(rows) == 21  # Oldham's 20 wards and "not known"


def test_the_ward_filter_keeps_that_wards_referrals(world):
    coldhurst = DashboardFilters(FILTERS.date_from, FILTERS.date_to, ward_id=ward("Coldhurst").pk)

    fig = figure("referrals_by_ward", filters=coldhurst)
    practices = figure("referrals_by_practice", filters=coldhurst)

    assert [(r["ward"], r["referrals"]) for r in fig.rows] == [("Coldhurst", 3)]
    assert [(r["practice"], r["referrals"]) for r in practices.rows] == [("Werneth Surgery", 3)]


# ------------------------------------------------------------------------------------------
# The funnel
# ------------------------------------------------------------------------------------------


def test_funnel_counts_each_stage_ever_reached(world):
    fig = figure("funnel")

    # Submitted 7 (R1-R6, R8). Allocated: R1, R2, R3, R4, R8 = 5 (R5 waits, R6 was rejected
    # at triage). Accepted: the same 5. Engaged (an engaged event): R1, R2, R3, R8 = 4.
    # Closed with a connection taken up: R1 (R3 is closed but its connection is only
    # suggested) = 1. Shares of 7: 71.4%, 71.4%, 57.1%, 14.3%.
    assert [(r["stage"], r["referrals"], r["share"]) for r in fig.rows] == [
        ("Submitted", 7, 100.0),
        ("Allocated to a provider", 5, 71.4),
        ("Accepted by a link worker", 5, 71.4),
        ("Engaged", 4, 57.1),
        ("Closed with a connection taken up", 1, 14.3),
    ]


# ------------------------------------------------------------------------------------------
# Days to allocation and to first contact
# ------------------------------------------------------------------------------------------


def test_days_to_allocation_in_working_days_with_bank_holidays(world):
    allocation = figure("timeliness").rows[0]

    # R1 Mon->Mon 0; R2 Fri->Mon 1; R3 Thu 17 Apr->Tue 22 Apr 1 (Good Friday and Easter
    # Monday do not count); R4 Mon->Thu 3; R8 Wed->Wed 0. Sorted 0,0,1,1,3: median 1.
    # Within 1 working day: 4. Still waiting: R5, unallocated since Tue 29 April: Wed 30,
    # Thu 1 May = 2 working days by today, past the target. Share: 4 of (5 + 1) = 66.7%.
    assert allocation["completed"] == 5
    assert allocation["median"] == 1
    assert allocation["within_target"] == 4
    assert allocation["waiting_past_target"] == 1
    assert allocation["share_within_target"] == 66.7


def test_days_to_first_contact_median_between_the_middle_two(world):
    contact = figure("timeliness").rows[1]

    # Accepted to first contact: R1 Tue->Thu 2; R2 Mon->Fri 4; R3 Tue->Wed 1; R8 Wed->Thu 1.
    # Sorted 1,1,2,4: median (1 + 2) / 2 = 1.5. Within 2 working days: 3. R4, accepted Fri
    # 14 March and never contacted, is waiting well past the target. Share: 3 of 5 = 60%.
    assert contact["completed"] == 4
    assert contact["median"] == 1.5
    assert contact["within_target"] == 3
    assert contact["waiting_past_target"] == 1
    assert contact["share_within_target"] == 60.0


def test_a_referral_waiting_within_its_target_is_not_counted_as_missed(world):
    # On Wednesday 30 April, R5 (submitted Tuesday 29th) has waited 1 working day: in time.
    allocation = FigureBuilder(WHOLE, FILTERS, date(2025, 4, 30)).figure("timeliness").rows[0]

    assert allocation["waiting_past_target"] == 0
    assert allocation["share_within_target"] == 80.0  # 4 of 5


# ------------------------------------------------------------------------------------------
# Caseloads
# ------------------------------------------------------------------------------------------


def test_caseload_counts_open_cases_per_link_worker_whenever_referred(world):
    fig = figure("caseload")

    # Open (accepted, contacting, engaged, on hold): a1 has R2 and R7 (R7 was referred in
    # February: caseloads are today's); a2 none (R3 closed); b1 R4 and R8.
    assert [(r["provider"], r["link_worker"], r["open_cases"]) for r in fig.rows] == [
        ("Action Together", "Asha Second", 0),
        ("Action Together", "Lee Linkworker", 2),
        ("Age UK Oldham", "Ben Other", 2),
    ]


# ------------------------------------------------------------------------------------------
# Wellbeing
# ------------------------------------------------------------------------------------------


def test_wellbeing_change_distribution_in_meaningful_bands(world):
    fig = figure("wellbeing_change")

    # Changes: R1 24.11 - 20.73 = +3.38; R2 16.88 - 17.43 = -0.55; R3 uses its latest end
    # (30 April), 18.59 - 22.35 = -3.76. R8 has no end measure. 3 referrals.
    assert [(r["referrals"], r["share"]) for r in fig.rows] == [
        (1, 33.3),  # -3 or less: R3
        (1, 33.3),  # above -3, below 0: R2
        (0, 0.0),  # no change
        (0, 0.0),  # above 0, below 3
        (1, 33.3),  # 3 or more: R1
    ]


def test_mean_wellbeing_change_by_provider_and_by_reason(world):
    by_provider = by_first_column(figure("wellbeing_by_provider"))
    by_reason = by_first_column(figure("wellbeing_by_reason"))

    # All (and Action Together, which had all three): (3.38 - 0.55 - 3.76) / 3 = -0.31.
    assert by_provider["All referrals shown"]["referrals"] == 3
    assert by_provider["All referrals shown"]["mean_change"] == -0.31
    assert by_provider["Action Together"]["mean_change"] == -0.31
    assert "Age UK Oldham" not in by_provider  # R8 has a start measure only
    # Loneliness: R1, R2: (3.38 - 0.55) / 2 = 1.415, shown 1.42. Low mood: R2, R3:
    # (-0.55 - 3.76) / 2 = -2.155, shown -2.16.
    assert by_reason["Loneliness and isolation"]["mean_change"] == 1.42
    assert by_reason["Low mood or anxiety"]["mean_change"] == -2.16
    assert by_reason["Low mood or anxiety"]["referrals"] == 2


def test_ons4_mean_change_question_by_question(world):
    rows = by_first_column(figure("ons4_change"))

    # R1 5,6,5,6 -> 7,7,6,3 (its review is ignored); R2 4,4,4,8 -> 5,5,5,6. Means at start:
    # 4.5, 5, 4.5, 7; at the end: 6, 6, 5.5, 4.5. Never summed across questions.
    assert [(r["referrals"], r["start"], r["end"], r["change"]) for r in rows.values()] == [
        (2, 4.5, 6.0, 1.5),
        (2, 5.0, 6.0, 1.0),
        (2, 4.5, 5.5, 1.0),
        (2, 7.0, 4.5, -2.5),
    ]


def test_an_earlier_start_measure_is_the_start(world):
    # A second start on R1, dated before its first: the change is from the earlier one.
    swemwbs(world.referrals["R1"], "start", date(2025, 3, 5), "14.08", world.lw_a1)
    refresh_referral_facts()  # on commit, outside a test (dashboard_world.py says why)

    rows = by_first_column(figure("wellbeing_by_provider"))

    # R1 becomes 24.11 - 14.08 = 10.03: (10.03 - 0.55 - 3.76) / 3 = 1.9066..., shown 1.91.
    assert rows["All referrals shown"]["mean_change"] == 1.91


# ------------------------------------------------------------------------------------------
# Grants
# ------------------------------------------------------------------------------------------


def test_grants_by_ward_split_equally_between_wards(world):
    fig = figure("grants_by_ward")

    # G1 £300 Coldhurst; G2 £500 over Coldhurst and Werneth, £250 each; G3 £120 names no
    # ward. G4 was declined and G5 decided before the range.
    assert [(r["ward"], r["grants"], str(r["amount"])) for r in fig.rows] == [
        ("Coldhurst", 2, "550.00"),
        ("Werneth", 1, "250.00"),
        ("No ward given", 1, "120.00"),
    ]


def test_grants_by_category_is_the_groups_type(world):
    fig = figure("grants_by_category")

    # Constituted group: G1 £300. Registered charity: G2 £500 + G3 £120 = £620.
    assert [(r["category"], r["grants"], str(r["amount"])) for r in fig.rows] == [
        ("Constituted group (with a written constitution)", 1, "300.00"),
        ("Registered charity", 2, "620.00"),
    ]


def test_grants_in_one_ward_take_that_wards_share(world):
    werneth = DashboardFilters(FILTERS.date_from, FILTERS.date_to, ward_id=ward("Werneth").pk)

    by_ward = figure("grants_by_ward", filters=werneth)
    by_category = figure("grants_by_category", filters=werneth)

    # Only G2 serves Werneth; Werneth's share of its £500 is £250.
    assert [(r["ward"], r["grants"], str(r["amount"])) for r in by_ward.rows] == [
        ("Werneth", 1, "250.00")
    ]
    assert [(r["category"], r["grants"], str(r["amount"])) for r in by_category.rows] == [
        ("Registered charity", 1, "250.00")
    ]


# ------------------------------------------------------------------------------------------
# Who sees what
# ------------------------------------------------------------------------------------------


def test_the_programme_lead_sees_the_whole_programme_suppressed(world, lead):
    board = programme_dashboard(user=lead, filters=FILTERS, today=TODAY)

    assert board.whole_programme and board.suppressed
    funnel = [(r["referrals"], r["share"]) for r in board.funnel.rows]
    # 7 and 5 stay; 4 and 1 are small. A share whose count is hidden is withheld too.
    assert funnel == [(7, 100.0), (5, 71.4), (5, 71.4), ("<5", "<5 cases"), ("<5", "<5 cases")]
    allocation, contact = board.timeliness.rows
    # Allocation: 5 referrals, so the median (1) stands; within target 4 is hidden, and so is
    # the share it would give back. First contact: 4 referrals, so the median is withheld.
    assert (allocation["completed"], allocation["median"]) == (5, 1)
    assert (allocation["within_target"], allocation["share_within_target"]) == ("<5", "<5 cases")
    assert (contact["completed"], contact["median"]) == ("<5", "<5 cases")
    assert column(board.caseload, "open_cases") == [0, "<5", "<5"]
    assert board.wellbeing_by_provider.rows[0]["mean_change"] == "<5 cases"
    # Grants are published openly: not suppressed.
    assert column(board.grants_by_ward, "grants") == [2, 1, 1]


def test_the_lead_can_look_at_one_provider(world, lead):
    only_b = DashboardFilters(FILTERS.date_from, FILTERS.date_to, provider_id=world.provider_b.pk)

    board = programme_dashboard(user=lead, filters=only_b, today=TODAY)

    # B has R4 and R8; the lead still sees them suppressed.
    assert board.provider_names == ["Age UK Oldham"]
    assert board.funnel.rows[0]["referrals"] == "<5"
    assert [r["link_worker"] for r in board.caseload.rows] == ["Ben Other"]


def test_a_coordinator_sees_their_own_organisation_unsuppressed(world, coordinator):
    board = programme_dashboard(user=coordinator, filters=FILTERS, today=TODAY)

    # Action Together's referrals in the range: R1, R2, R3.
    assert not board.whole_programme and not board.suppressed
    assert board.provider_names == ["Action Together"]
    assert [r["referrals"] for r in board.funnel.rows] == [3, 3, 3, 3, 1]
    allocation, contact = board.timeliness.rows
    # Allocation 0, 1, 1: median 1, all within. First contact 2, 4, 1: median 2, 2 of 3.
    assert (allocation["median"], allocation["share_within_target"]) == (1, 100.0)
    assert (contact["median"], contact["within_target"], contact["share_within_target"]) == (
        2,
        2,
        66.7,
    )
    assert [r["link_worker"] for r in board.caseload.rows] == ["Asha Second", "Lee Linkworker"]


def test_a_coordinator_asking_for_another_provider_still_gets_their_own(world, coordinator):
    other = DashboardFilters(FILTERS.date_from, FILTERS.date_to, provider_id=world.provider_b.pk)

    board = programme_dashboard(user=coordinator, filters=other, today=TODAY)

    assert board.provider_names == ["Action Together"]
    assert board.funnel.rows[0]["referrals"] == 3
    assert "Ben Other" not in column(board.caseload, "link_worker")


@pytest.mark.parametrize("role", [Role.REFERRER, Role.LINK_WORKER, Role.GRANT_OFFICER])
def test_anyone_else_is_refused(world, role, provider):
    user = user_with_role(role, provider)

    with pytest.raises(PermissionDenied):
        programme_dashboard(user=user, filters=FILTERS, today=TODAY)


def test_one_figure_runs_without_the_others(world, lead):
    ensure_calendar()
    with CaptureQueriesContext(connection) as queries:
        board, fig = dashboard_figure(user=lead, slug="grants-by-ward", filters=FILTERS)

    assert fig.slug == "grants-by-ward" and board.funnel is None
    assert len(queries) <= 4  # memberships, names, and the two grant queries


def test_an_unknown_figure_is_none(lead):
    assert dashboard_figure(user=lead, slug="nothing-here", filters=FILTERS) is None


def test_default_filters_are_the_last_12_months():
    assert default_filters(today=date(2025, 5, 1)) == DashboardFilters(
        date(2024, 5, 2), date(2025, 5, 1)
    )
    assert default_filters(today=date(2024, 2, 29)).date_from == date(2023, 3, 1)


# ------------------------------------------------------------------------------------------
# A constant number of queries
# ------------------------------------------------------------------------------------------


def _count_queries(user) -> int:
    with CaptureQueriesContext(connection) as queries:
        programme_dashboard(user=user, filters=FILTERS, today=TODAY)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_data(world, lead, other_practice):
    ensure_calendar()
    before = _count_queries(lead)
    lead.forget_memberships()
    # Ten more referrals from a new practice, with measures, in other wards.
    for n in range(10):
        referral = ReferralFactory(
            referring_organisation=other_practice,
            submitted_at=at(date(2025, 4, 1 + n)),
            ward=ward("Alexandra"),
        )
        swemwbs(referral, "start", date(2025, 4, 1 + n), "17.98", world.lw_a1)
        swemwbs(referral, "end", date(2025, 4, 20), "21.54", world.lw_a1)
    after = _count_queries(lead)

    assert before == after
    assert after <= 20
