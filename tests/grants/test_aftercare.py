from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from grants import services, tasks
from grants.models import MonitoringReport
from grants.workflow import Status, TransitionNotAllowed
from tests.grants import helpers
from thriving.notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(round_, applicant, group, officer, panel):
    return helpers.approved(round_, applicant, group, officer, panel)


@pytest.fixture
def paid(round_, applicant, group, officer, panel):
    return helpers.paid(round_, applicant, group, officer, panel)


def report(application, by, **overrides):
    data = {
        "what_happened": "Forty people came to six mornings.",
        "people_reached": 40,
        "amount_spent": "300.00",
        "spend_explanation": "As budgeted.",
    }
    data.update(overrides)
    return services.monitoring_report_submit(application=application, by=by, **data)


# ------------------------------------------------------------------------------------------
# Offer and payment
# ------------------------------------------------------------------------------------------


def test_the_group_accepts_the_offer(approved, applicant):
    services.offer_accept(application=approved, by=applicant)
    approved.refresh_from_db()
    assert approved.status == Status.OFFER_ACCEPTED
    assert approved.offer_accepted_at is not None


def test_only_the_group_can_accept_its_offer(approved, officer):
    with pytest.raises(PermissionDenied):
        services.offer_accept(application=approved, by=officer)


def test_the_first_payment_makes_the_grant_paid_and_sets_the_report_due_date(paid, round_):
    assert paid.status == Status.PAID
    due = paid.monitoring_report.due_on
    assert due == paid.end_date + timedelta(weeks=round_.monitoring_weeks)
    email = OutboundEmail.objects.get(subject__contains="has been paid")
    assert f"{due:%-d %B %Y}" in email.body


def test_the_report_due_date_follows_the_rounds_setting(round_, applicant, group, officer, panel):
    round_.monitoring_weeks = 4
    round_.save()
    application = helpers.paid(round_, applicant, group, officer, panel)
    assert application.monitoring_report.due_on == application.end_date + timedelta(weeks=4)


def test_payments_cannot_add_up_to_more_than_the_award(paid, officer):
    with pytest.raises(ValidationError) as err:
        services.payment_record(
            application=paid,
            by=officer,
            paid_on=timezone.localdate(),
            amount="0.01",
            reference="PAY-2",
        )
    assert err.value.message_dict["amount"] == [
        "This would pay £300.01 in total, more than the £300 awarded."
    ]


def test_a_grant_can_be_paid_in_instalments(approved, applicant, officer):
    services.offer_accept(application=approved, by=applicant)
    for reference in ["PAY-1", "PAY-2"]:
        services.payment_record(
            application=approved,
            by=officer,
            paid_on=timezone.localdate(),
            amount="150.00",
            reference=reference,
        )
    approved.refresh_from_db()
    assert approved.status == Status.PAID
    assert sum(p.amount for p in approved.payments.all()) == Decimal("300.00")


def test_a_payment_dated_in_the_future_is_refused(approved, applicant, officer):
    services.offer_accept(application=approved, by=applicant)
    with pytest.raises(ValidationError) as err:
        services.payment_record(
            application=approved,
            by=officer,
            paid_on=timezone.localdate() + timedelta(days=1),
            amount="300.00",
            reference="PAY-1",
        )
    assert err.value.message_dict["paid_on"] == ["The payment date cannot be in the future."]


def test_only_a_grant_officer_records_payments(approved, applicant):
    services.offer_accept(application=approved, by=applicant)
    with pytest.raises(PermissionDenied):
        services.payment_record(
            application=approved,
            by=applicant,
            paid_on=timezone.localdate(),
            amount="300.00",
            reference="PAY-1",
        )


# ------------------------------------------------------------------------------------------
# Monitoring
# ------------------------------------------------------------------------------------------


def test_the_sweep_asks_for_the_report_once_the_project_has_ended(paid):
    type(paid).objects.filter(pk=paid.pk).update(
        start_date=timezone.localdate() - timedelta(days=20),
        end_date=timezone.localdate() - timedelta(days=1),
    )
    assert services.monitoring_open_due() == 1
    paid.refresh_from_db()
    assert paid.status == Status.MONITORING_DUE
    assert paid.events.last().actor is None
    assert OutboundEmail.objects.filter(subject__contains="monitoring report").count() == 1


def test_the_sweep_run_twice_asks_once(paid):
    type(paid).objects.filter(pk=paid.pk).update(
        start_date=timezone.localdate() - timedelta(days=20),
        end_date=timezone.localdate() - timedelta(days=1),
    )
    services.monitoring_open_due()
    assert services.monitoring_open_due() == 0


def test_the_daily_task_runs_the_sweep(paid):
    type(paid).objects.filter(pk=paid.pk).update(
        start_date=timezone.localdate() - timedelta(days=20),
        end_date=timezone.localdate() - timedelta(days=1),
    )
    assert tasks.monitoring_open_due() == 1


def test_the_sweep_leaves_projects_still_running(paid):
    assert services.monitoring_open_due() == 0


def test_the_group_can_report_early_which_starts_monitoring(paid, applicant):
    report(paid, applicant)
    paid.refresh_from_db()
    assert paid.status == Status.MONITORING_DUE
    assert paid.monitoring_report.people_reached == 40


def test_a_report_is_sent_once(paid, applicant):
    report(paid, applicant)
    with pytest.raises(TransitionNotAllowed):
        report(paid, applicant)


def test_an_incomplete_report_is_refused_with_messages(paid, applicant):
    with pytest.raises(ValidationError) as err:
        report(paid, applicant, what_happened="", people_reached=None, spend_explanation="")
    assert err.value.message_dict == {
        "what_happened": ["Tell us what happened in your project."],
        "people_reached": ["Enter how many people the project reached."],
        "spend_explanation": ["Tell us how the money was spent compared with your budget."],
    }


def test_the_officer_cannot_complete_before_the_report_is_in(paid, officer):
    services.monitoring_open(application=paid, by=officer)
    with pytest.raises(TransitionNotAllowed) as err:
        services.monitoring_complete(application=paid, by=officer)
    assert str(err.value) == "The group has not sent its monitoring report yet."


def test_the_officer_completes_the_grant_after_the_report(paid, applicant, officer):
    report(paid, applicant)
    services.monitoring_complete(application=paid, by=officer, note="Lovely photos.")
    paid.refresh_from_db()
    assert paid.status == Status.COMPLETED
    assert paid.completed_at is not None
    monitoring = MonitoringReport.objects.get(application=paid)
    assert monitoring.completed_by == officer
    assert monitoring.officer_note == "Lovely photos."


def test_the_group_cannot_complete_its_own_grant(paid, applicant):
    report(paid, applicant)
    with pytest.raises(PermissionDenied):
        services.monitoring_complete(application=paid, by=applicant)
