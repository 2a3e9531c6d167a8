"""The grants' reminder rules, either side of each deadline."""

from datetime import date, timedelta

import pytest

from grants import services
from grants.models import ApplicationEvent, MonitoringReport
from grants.workflow import Decision, Status
from tests.grants import helpers
from tests.notifications.support import due, london, recipients

pytestmark = pytest.mark.django_db


def _with_the_panel_since(application, moment):
    ApplicationEvent.objects.filter(application=application, to_status=Status.PANEL_REVIEW).update(
        at=moment
    )


# ------------------------------------------------------------------------------------------
# Waiting for a panel member's score for 3 working days -> that member
# ------------------------------------------------------------------------------------------


@pytest.fixture
def at_panel(round_, applicant, group, officer, panel):
    application = helpers.at_panel(round_, applicant, group, officer)
    helpers.declare_and_score(application, panel[:1])
    services.conflict_declare(application=application, by=panel[1], has_conflict=True)
    _with_the_panel_since(application, london(2026, 4, 1, 14))
    return application


def test_panel_score_is_not_due_after_two_working_days(at_panel):
    assert due("grant_panel_score", london(2026, 4, 7, 23)) == []


def test_panel_score_is_due_after_three_working_days(at_panel, panel):
    rows = due("grant_panel_score", london(2026, 4, 8, 8))
    assert {row.recipient_id for row in rows} == {panel[2].pk, panel[3].pk}
    assert {row.due_on for row in rows} == {date(2026, 4, 8)}


def test_panel_member_who_has_scored_or_is_conflicted_is_not_reminded(at_panel, panel):
    assert not recipients("grant_panel_score", london(2026, 4, 20)) & {panel[0].pk, panel[1].pk}


def test_declared_but_unscored_member_is_still_reminded(at_panel, panel):
    services.conflict_declare(application=at_panel, by=panel[2], has_conflict=False)
    assert panel[2].pk in recipients("grant_panel_score", london(2026, 4, 20))


def test_panel_reminder_names_the_application_reference(at_panel, panel):
    row = due("grant_panel_score", london(2026, 4, 20))[0]
    assert at_panel.reference in row.title
    assert row.link == f"/grants/panel/applications/{at_panel.pk}/"


# ------------------------------------------------------------------------------------------
# A decision target 2 working days away with the decision pending -> grant officers
# ------------------------------------------------------------------------------------------


@pytest.fixture
def submitted(round_, applicant, group, officer):
    round_.decision_target_working_days = 10
    round_.save()
    application = helpers.submitted(round_, applicant, group)
    type(application).objects.filter(pk=application.pk).update(submitted_at=london(2026, 4, 1, 10))
    return application


def test_decision_target_is_not_due_three_working_days_before(submitted):
    # Target: 10 working days after Wednesday 1 April = Friday 17 April.
    assert due("grant_decision_target", london(2026, 4, 14, 18)) == []


def test_decision_target_is_due_two_working_days_before(submitted, officer):
    [row] = due("grant_decision_target", london(2026, 4, 15, 7))
    assert (row.recipient_id, row.due_on) == (officer.pk, date(2026, 4, 17))
    assert "17 April 2026" in row.title


def test_decided_application_has_no_decision_reminder(round_, applicant, group, officer, panel):
    application = helpers.ready_to_decide(round_, applicant, group, officer, panel)
    services.application_decide(
        application=application, by=officer, decision=Decision.APPROVE, rationale="Good."
    )
    type(application).objects.filter(pk=application.pk).update(submitted_at=london(2026, 4, 1))
    assert due("grant_decision_target", london(2026, 5, 1)) == []


# ------------------------------------------------------------------------------------------
# Monitoring report due in 7 days -> the group; overdue -> the group, then the officers
# ------------------------------------------------------------------------------------------


@pytest.fixture
def report(round_, applicant, group, officer, panel):
    application = helpers.paid(round_, applicant, group, officer, panel)
    report = application.monitoring_report
    MonitoringReport.objects.filter(pk=report.pk).update(due_on=date(2026, 6, 30))
    report.refresh_from_db()
    return report


def test_monitoring_report_is_not_due_eight_days_before(report):
    assert due("grant_monitoring_due", london(2026, 6, 22)) == []


def test_monitoring_report_reminds_the_group_seven_days_before(report, applicant):
    [row] = due("grant_monitoring_due", london(2026, 6, 23))
    assert (row.recipient_id, row.due_on) == (applicant.pk, date(2026, 6, 30))
    assert row.link == f"/grants/applications/{report.application_id}/monitoring/"


def test_monitoring_report_is_not_overdue_on_its_due_date(report):
    assert due("grant_monitoring_overdue", london(2026, 6, 30, 23)) == []


def test_overdue_report_goes_to_the_group_and_the_officers(report, applicant, officer):
    assert recipients("grant_monitoring_overdue", london(2026, 7, 1, 0, 5)) == {
        applicant.pk,
        officer.pk,
    }


def test_overdue_report_is_no_longer_reminded_as_due_soon(report):
    assert due("grant_monitoring_due", london(2026, 7, 1)) == []


def test_submitted_report_is_not_reminded(report, applicant):
    MonitoringReport.objects.filter(pk=report.pk).update(
        submitted_at=london(2026, 6, 20), submitted_by=applicant
    )
    assert due("grant_monitoring_overdue", london(2026, 7, 10)) == []
    assert due("grant_monitoring_due", london(2026, 6, 25)) == []


def test_due_date_reminder_on_a_date_seven_days_away(report):
    [row] = due("grant_monitoring_due", london(2026, 6, 30) - timedelta(days=7))
    assert "30 June 2026" in row.title
