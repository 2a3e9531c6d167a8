"""Retention: closed referrals and grant applications that came to nothing lose what
identifies people once their period has run; the figures stay."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from grants import services as grant_services
from grants.models import Application, ApplicationEvent, BudgetLine
from grants.workflow import Status as GrantStatus
from referrals.models import Referral, ReferralEvent
from referrals.retention import ANONYMISED_NHS_NUMBER
from referrals.workflow import Status
from tests.grants.helpers import approved
from tests.grants.helpers import submitted as submitted_application
from tests.privacy.people import ZOFIA_DETAILS, closed_case, everything_about, worked_case
from thriving.audit.models import AuditAction, AuditEntry
from thriving.core.validators import nhs_number_is_valid
from thriving.privacy import services
from thriving.privacy.models import Anonymisation, AnonymisationCause
from thriving.privacy.tasks import retention_apply

pytestmark = pytest.mark.django_db

REFERRALS = "referrals.referral"
APPLICATIONS = "grants.application"


def line(lines, kind):
    return next(item for item in lines if item.kind == kind)


@pytest.fixture
def old_case(case_people):
    return closed_case(closed_years_ago=9, **case_people)


# ------------------------------------------------------------------------------------------
# Referrals
# ------------------------------------------------------------------------------------------


def test_the_report_counts_closed_referrals_past_the_period_and_the_oldest(case_people):
    older = closed_case(closed_years_ago=10, **case_people)
    closed_case(closed_years_ago=9, nhs_number="9434765870", **case_people)
    closed_case(closed_years_ago=2, nhs_number="9990003874", **case_people)

    report = line(services.retention_report(), REFERRALS)

    assert report.count == 2
    assert report.oldest == older.closed_at
    assert report.period == "8 years after closing"


def test_the_report_changes_nothing(old_case):
    before = everything_about(old_case)

    services.retention_report()

    assert everything_about(old_case) == before
    assert Referral.objects.get(pk=old_case.pk).anonymised_at is None
    assert not Anonymisation.objects.exists()


def test_applying_removes_everything_that_identifies_the_person(old_case):
    assert "Zofia" in everything_about(old_case)

    services.retention_apply()

    held = everything_about(old_case)
    for detail in ZOFIA_DETAILS:
        assert detail not in held


def test_an_anonymised_referral_keeps_a_valid_placeholder_nhs_number_and_the_birth_year(
    old_case,
):
    services.retention_apply()

    referral = Referral.objects.get(pk=old_case.pk)
    assert referral.nhs_number == ANONYMISED_NHS_NUMBER
    assert nhs_number_is_valid(referral.nhs_number)
    assert referral.date_of_birth == date(1956, 1, 1)
    assert referral.postcode == "OL1"
    referral.full_clean(exclude=["reasons"])


def test_an_anonymised_referral_keeps_its_figures(old_case):
    before = Referral.objects.get(pk=old_case.pk)
    events_before = list(old_case.events.values_list("at", "kind", "from_status", "to_status"))
    reasons_before = list(old_case.reasons.values_list("code", flat=True))

    services.retention_apply()

    after = Referral.objects.get(pk=old_case.pk)
    for field in [
        "reference",
        "status",
        "close_reason",
        "urgency",
        "language",
        "interpreter_needed",
        "ward_id",
        "provider_id",
        "link_worker_id",
        "referrer_id",
        "referring_organisation_id",
        "submitted_at",
        "allocated_at",
        "accepted_at",
        "first_contact_at",
        "closed_at",
        "what_matters_recorded_at",
    ]:
        assert getattr(after, field) == getattr(before, field), field
    assert list(after.events.values_list("at", "kind", "from_status", "to_status")) == events_before
    assert list(after.reasons.values_list("code", flat=True)) == reasons_before
    assert after.contact_attempts.get().outcome == "spoke"
    assert after.goals.get().status == "active"
    assert after.connections.get().status == "contacted"
    assert after.notes.count() == 1


def test_applying_leaves_open_and_recently_closed_referrals_alone(case_people, old_case):
    open_case = worked_case(nhs_number="9434765870", **case_people)
    recent = closed_case(closed_years_ago=7, nhs_number="9990003874", **case_people)

    services.retention_apply()

    assert Referral.objects.get(pk=old_case.pk).anonymised_at is not None
    assert Referral.objects.get(pk=open_case.pk).given_name == "Zofia"
    assert Referral.objects.get(pk=recent.pk).given_name == "Zofia"


def test_applying_twice_anonymises_once(old_case):
    first = line(services.retention_apply(), REFERRALS)
    anonymised_at = Referral.objects.get(pk=old_case.pk).anonymised_at

    second = line(services.retention_apply(), REFERRALS)

    assert (first.count, second.count) == (1, 0)
    assert Referral.objects.get(pk=old_case.pk).anonymised_at == anonymised_at
    assert Anonymisation.objects.filter(object_id=old_case.pk).count() == 1


def test_applying_records_the_anonymisation_in_the_register_and_the_audit_trail(old_case):
    services.retention_apply()

    record = Anonymisation.objects.get(object_id=old_case.pk)
    assert record.object_type == REFERRALS
    assert record.cause == AnonymisationCause.RETENTION
    assert record.by is None
    entry = AuditEntry.objects.get(action=AuditAction.CHANGE, object_id=str(old_case.pk))
    assert entry.detail == "Anonymised after the retention period (8 years after closing)"


def test_applying_never_touches_the_audit_trail(old_case):
    entries = list(AuditEntry.objects.values_list("pk", "detail", "object_id"))

    services.retention_apply()

    kept = AuditEntry.objects.filter(pk__in=[pk for pk, _, _ in entries])
    assert list(kept.values_list("pk", "detail", "object_id")) == entries


def test_the_period_is_configurable(settings, case_people):
    settings.RETENTION_REFERRAL_YEARS = 1
    case = closed_case(closed_years_ago=2, **case_people)

    services.retention_apply()

    assert Referral.objects.get(pk=case.pk).anonymised_at is not None


def test_the_nightly_task_applies(old_case):
    assert retention_apply() == {REFERRALS: 1, APPLICATIONS: 0}

    assert Referral.objects.get(pk=old_case.pk).anonymised_at is not None


def test_the_report_command_prints_counts_and_the_oldest_date(old_case, capsys):
    call_command("retention_report")

    out = capsys.readouterr().out
    assert "dry run" in out
    assert "Closed referrals (8 years after closing): 1 due for anonymising" in out
    assert f"oldest due since {timezone.localtime(old_case.closed_at):%d %b %Y}" in out
    assert Referral.objects.get(pk=old_case.pk).anonymised_at is None


def test_the_apply_command_anonymises(old_case, capsys):
    call_command("retention_apply")

    assert "Anonymised 1 record(s)." in capsys.readouterr().out
    assert Referral.objects.get(pk=old_case.pk).status == Status.CLOSED
    assert Referral.objects.get(pk=old_case.pk).anonymised_at is not None


def test_dashboard_figures_are_the_same_after_anonymising(case_people, old_case):
    closed_case(closed_years_ago=1, nhs_number="9434765870", **case_people)

    def figures():
        return (
            Referral.objects.closed().count(),
            sorted(Referral.objects.values_list("ward_id", "status", "close_reason")),
            ReferralEvent.objects.filter(to_status=Status.CLOSED).count(),
        )

    before = figures()

    services.retention_apply()

    assert figures() == before


# ------------------------------------------------------------------------------------------
# Grant applications
# ------------------------------------------------------------------------------------------


def ended_years_ago(application: Application, years: float) -> None:
    moment = timezone.now() - timedelta(days=round(365.25 * years))
    ApplicationEvent.objects.filter(application=application).update(at=moment)
    Application.objects.filter(pk=application.pk).update(decided_at=moment, updated_at=moment)


@pytest.fixture
def withdrawn(round_, applicant, group):
    application = submitted_application(
        round_,
        applicant,
        group,
        project_title="Aisha's tea mornings",
        project_description="Aisha Rahman runs tea mornings at 4 Park Road.",
        budget_lines=[("Hall hire from Mr Jones", Decimal("200.00")), ("Tea", "100.00")],
    )
    grant_services.application_withdraw(
        application=application, by=applicant, reason="Aisha moved to Leeds"
    )
    ended_years_ago(application, 3)
    return Application.objects.get(pk=application.pk)


def test_withdrawn_applications_past_the_period_are_due(withdrawn):
    report = line(services.retention_report(), APPLICATIONS)

    assert report.count == 1
    assert report.period == "2 years after withdrawal or decision"


def test_an_anonymised_application_loses_its_text_and_keeps_its_figures(withdrawn):
    services.retention_apply()

    application = Application.objects.get(pk=withdrawn.pk)
    assert application.project_title == "Anonymised application"
    assert application.project_description == ""
    assert not BudgetLine.objects.filter(description__contains="Jones").exists()
    assert not ApplicationEvent.objects.filter(reason__contains="Aisha").exists()
    assert application.status == GrantStatus.WITHDRAWN
    assert application.amount_requested == Decimal("300.00")
    assert application.people_reached == withdrawn.people_reached
    assert sorted(application.budget_lines.values_list("amount", flat=True)) == [
        Decimal("100.00"),
        Decimal("200.00"),
    ]
    assert list(application.wards.all()) == list(withdrawn.wards.all())


def test_a_recently_withdrawn_application_is_kept(withdrawn):
    ended_years_ago(withdrawn, 1)

    services.retention_apply()

    assert Application.objects.get(pk=withdrawn.pk).project_title == "Aisha's tea mornings"


def test_an_application_is_anonymised_once(withdrawn):
    first = line(services.retention_apply(), APPLICATIONS)
    second = line(services.retention_apply(), APPLICATIONS)

    assert (first.count, second.count) == (1, 0)
    assert Anonymisation.objects.filter(object_type=APPLICATIONS).count() == 1


def test_awarded_applications_are_never_due(round_, applicant, group, officer, panel):
    application = approved(round_, applicant, group, officer, panel)
    ended_years_ago(application, 5)

    assert line(services.retention_report(), APPLICATIONS).count == 0
