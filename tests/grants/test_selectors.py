from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from grants import selectors, services
from grants.models import Application, ApplicationEvent, Payment
from grants.workflow import Status
from tests.grants import helpers
from tests.grants.factories import ApplicationFactory, AwardedApplicationFactory, RoundFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


# ------------------------------------------------------------------------------------------
# Scope
# ------------------------------------------------------------------------------------------


def test_a_group_sees_its_own_applications_and_drafts(round_, applicant, group, other_group):
    mine = helpers.draft(round_, applicant, group)
    ApplicationFactory(round=round_, organisation=other_group)
    assert list(selectors.applications_for(applicant)) == [mine]


def test_another_groups_application_is_not_found(round_, applicant, group, other_applicant):
    application = helpers.submitted(round_, applicant, group)
    with pytest.raises(Application.DoesNotExist):
        selectors.application_get(user=other_applicant, application_id=application.pk)


def test_a_grant_officer_does_not_see_drafts(round_, applicant, group, officer):
    helpers.draft(round_, applicant, group)
    submitted = helpers.submitted(round_, applicant, group)
    assert list(selectors.applications_for(officer)) == [submitted]


def test_the_panel_sees_applications_only_once_passed_to_it(
    round_, applicant, group, officer, panel
):
    helpers.submitted(round_, applicant, group)
    at_panel = helpers.at_panel(round_, applicant, group, officer)
    assert list(selectors.applications_for(panel[0])) == [at_panel]


def test_a_panel_member_of_another_round_sees_nothing(round_, applicant, group, officer, outsider):
    helpers.at_panel(round_, applicant, group, officer)
    assert list(selectors.applications_for(outsider)) == []
    assert list(selectors.panel_queue(member=outsider)) == []


def test_the_panel_queue_shows_the_members_own_position(round_, applicant, group, officer, panel):
    application = helpers.at_panel(round_, applicant, group, officer)
    helpers.declare_and_score(application, [panel[0]])
    services.conflict_declare(application=application, by=panel[1], has_conflict=True)
    rows = {m.pk: selectors.panel_queue(member=m).get() for m in panel[:3]}
    assert (rows[panel[0].pk].my_declared, rows[panel[0].pk].my_scores) == (True, 3)
    assert rows[panel[1].pk].my_conflict
    assert not rows[panel[2].pk].my_declared


def test_the_round_queue_is_for_grant_officers_only(round_, applicant, group, officer, panel):
    helpers.submitted(round_, applicant, group)
    assert selectors.round_queue(user=officer, round_=round_).count() == 1
    assert selectors.round_queue(user=panel[0], round_=round_).count() == 0


def test_the_round_queue_is_ordered_by_stage(round_, applicant, group, officer):
    at_panel = helpers.at_panel(round_, applicant, group, officer)
    submitted = helpers.submitted(round_, applicant, group, project_title="Later")
    queue = list(selectors.round_queue(user=officer, round_=round_))
    assert queue == [submitted, at_panel]


def test_the_round_queue_flags_an_open_question(round_, applicant, group, officer):
    application = helpers.submitted(round_, applicant, group)
    services.information_request(application=application, by=officer, question="Who?")
    assert selectors.round_queue(user=officer, round_=round_).get().has_open_question


def test_the_round_queue_costs_the_same_queries_for_50_rows(
    round_, officer, django_assert_max_num_queries
):
    ApplicationFactory.create_batch(55, round=round_)
    with django_assert_max_num_queries(3):
        rows = list(selectors.round_queue(user=officer, round_=round_)[:50])
        assert [w.name for row in rows for w in row.wards.all()] == []
        assert rows[0].organisation.name


def test_the_applicant_timeline_hides_the_panels_deliberations(
    round_, applicant, group, officer, panel
):
    application = helpers.at_panel(round_, applicant, group, officer)
    helpers.declare_and_score(application, panel[:1])
    applicant_kinds = {
        e.kind for e in selectors.application_timeline(user=applicant, application=application)
    }
    officer_kinds = {
        e.kind for e in selectors.application_timeline(user=officer, application=application)
    }
    assert "conflict" not in applicant_kinds and "score" not in applicant_kinds
    assert {"conflict", "score"} <= officer_kinds


def test_eligibility_answers_that_differ_from_the_expected_are_flagged(round_, applicant, group):
    first, second = round_.eligibility_questions.all()
    application = helpers.draft(
        round_, applicant, group, eligibility_answers={first.pk: True, second.pk: False}
    )
    rows = selectors.eligibility_rows(application)
    assert [(r.answer, r.meets_expectation) for r in rows] == [(True, True), (False, False)]


# ------------------------------------------------------------------------------------------
# Budget
# ------------------------------------------------------------------------------------------


def test_round_budget_adds_up_offers_awards_payments_and_what_is_left():
    round_ = RoundFactory(budget=Decimal("2000.00"))
    AwardedApplicationFactory(round=round_, amount_awarded=Decimal("100.00"))
    accepted = AwardedApplicationFactory(
        round=round_, status=Status.OFFER_ACCEPTED, amount_awarded=Decimal("200.00")
    )
    paid = AwardedApplicationFactory(
        round=round_, status=Status.PAID, amount_awarded=Decimal("300.00")
    )
    AwardedApplicationFactory(round=round_, status=Status.DECLINED, amount_awarded=None)
    Payment.objects.create(
        application=paid,
        paid_on=timezone.localdate(),
        amount=Decimal("300.00"),
        reference="P1",
        recorded_by=accepted.applicant,
        recorded_at=timezone.now(),
    )
    budget = selectors.round_budget(round_)
    assert budget.committed == Decimal("600.00")
    assert budget.awarded == Decimal("500.00")
    assert budget.offered == Decimal("100.00")
    assert budget.paid == Decimal("300.00")
    assert budget.remaining == Decimal("1400.00")


def test_round_budget_is_one_query(round_, django_assert_num_queries):
    AwardedApplicationFactory.create_batch(3, round=round_)
    with django_assert_num_queries(1):
        assert selectors.round_budget(round_).committed == Decimal("900.00")


# ------------------------------------------------------------------------------------------
# Days to decision
# ------------------------------------------------------------------------------------------


def _timed(round_, submitted_on, decided_on, status=Status.APPROVED):
    application = AwardedApplicationFactory(
        round=round_, status=status, amount_awarded=100 if status == Status.APPROVED else None
    )
    for to_status, day in [(Status.SUBMITTED, submitted_on), (status, decided_on)]:
        if day is not None:
            ApplicationEvent.objects.create(
                application=application,
                at=datetime.combine(day, datetime.min.time(), LONDON) + timedelta(hours=10),
                to_status=to_status,
            )
    return application


def test_days_to_decision_count_working_days_only(round_):
    # Thursday 18 December 2025 to Monday 5 January 2026: Christmas, Boxing Day, New Year's
    # Day and two weekends skipped.
    application = _timed(round_, datetime(2025, 12, 18).date(), datetime(2026, 1, 5).date())
    assert selectors.decision_working_days(application).working_days == 9


def test_the_round_median_and_share_within_target(round_):
    monday = datetime(2026, 3, 2).date()
    _timed(round_, monday, monday + timedelta(days=2))  # 2 working days
    _timed(round_, monday, monday + timedelta(days=14))  # 10
    _timed(round_, monday, monday + timedelta(days=21), Status.DECLINED)  # 15
    _timed(round_, monday, None, Status.PANEL_REVIEW)  # undecided: not counted
    times = selectors.decision_times(round_, today=monday + timedelta(days=28))
    assert [r.working_days for r in times.decided] == [2, 10, 15]
    assert times.median_working_days == 10
    assert times.share_within_target == pytest.approx(2 / 3)
    assert len(times.rows) == 4


def test_a_deferral_does_not_stop_the_clock(round_):
    monday = datetime(2026, 3, 2).date()
    application = _timed(round_, monday, monday + timedelta(days=7))
    ApplicationEvent.objects.create(
        application=application,
        at=datetime.combine(monday + timedelta(days=1), datetime.min.time(), LONDON),
        to_status=Status.DEFERRED,
    )
    assert selectors.decision_working_days(application).working_days == 5
