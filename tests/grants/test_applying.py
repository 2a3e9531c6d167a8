from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from grants import services
from grants.models import Application, BudgetLine
from grants.workflow import Status, TransitionNotAllowed
from tests.factories import ward
from tests.grants import helpers
from tests.grants.factories import RoundFactory
from thriving.notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db


def errors_of(err) -> dict:
    return err.value.message_dict


def test_a_draft_can_be_saved_incomplete_and_finished_later(round_, applicant, group):
    application = services.application_create_draft(
        by=applicant, round=round_, organisation=group, project_title="Seed swap"
    )
    assert application.status == Status.DRAFT
    assert application.reference is None
    services.application_update_draft(
        application=application, by=applicant, project_description="Swapping seeds."
    )
    application.refresh_from_db()
    assert application.project_title == "Seed swap"
    assert application.project_description == "Swapping seeds."


def test_a_draft_takes_the_groups_registration_numbers_when_not_given(round_, applicant, group):
    group.charity_number = "1123456"
    group.save()
    application = services.application_create_draft(by=applicant, round=round_, organisation=group)
    assert application.charity_number == "1123456"


def test_someone_who_does_not_represent_the_group_cannot_apply_for_it(
    round_, other_applicant, group
):
    with pytest.raises(PermissionDenied):
        services.application_create_draft(by=other_applicant, round=round_, organisation=group)


def test_another_groups_representative_cannot_change_a_draft(
    round_, applicant, group, other_applicant
):
    application = helpers.draft(round_, applicant, group)
    with pytest.raises(PermissionDenied):
        services.application_update_draft(
            application=application, by=other_applicant, project_title="Mine now"
        )


def test_a_submitted_application_cannot_be_changed(round_, applicant, group):
    application = helpers.submitted(round_, applicant, group)
    with pytest.raises(TransitionNotAllowed):
        services.application_update_draft(
            application=application, by=applicant, project_title="Changed"
        )


def test_a_closed_round_takes_no_new_applications(applicant, group):
    closed = RoundFactory(closes_on=timezone.localdate() - timedelta(days=1))
    closed.opens_on = closed.closes_on - timedelta(days=30)
    closed.save()
    with pytest.raises(TransitionNotAllowed):
        services.application_create_draft(by=applicant, round=closed, organisation=group)


# ------------------------------------------------------------------------------------------
# Budget lines
# ------------------------------------------------------------------------------------------


def test_budget_lines_that_do_not_add_up_to_the_amount_are_refused_at_submission(
    round_, applicant, group
):
    application = helpers.draft(
        round_,
        applicant,
        group,
        amount_requested="300.00",
        budget_lines=[("Room hire", "150.00"), ("Tea", "100.00")],
    )
    with pytest.raises(ValidationError) as err:
        services.application_submit(application=application, by=applicant)
    assert errors_of(err)["budget_lines"] == [
        "Your budget lines add up to £250 but you are asking for £300. Make them match."
    ]


def test_budget_lines_that_add_up_exactly_to_the_pence_are_accepted(round_, applicant, group):
    application = helpers.draft(
        round_,
        applicant,
        group,
        amount_requested="300.50",
        budget_lines=[("Room hire", "150.25"), ("Tea", "150.25")],
    )
    services.application_submit(application=application, by=applicant)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_saving_budget_lines_replaces_the_old_ones(round_, applicant, group):
    application = helpers.draft(round_, applicant, group)
    services.application_update_draft(
        application=application, by=applicant, budget_lines=[("Everything", "300.00")]
    )
    assert list(application.budget_lines.values_list("description", "amount")) == [
        ("Everything", Decimal("300.00"))
    ]


def test_a_budget_line_without_an_amount_is_refused_with_its_line_number(round_, applicant, group):
    application = helpers.draft(round_, applicant, group)
    with pytest.raises(ValidationError) as err:
        services.application_update_draft(
            application=application,
            by=applicant,
            budget_lines=[("Room hire", "100"), ("Tea", "")],
        )
    assert errors_of(err)["budget_lines"] == [
        "Budget line 2: enter an amount in pounds and pence, more than £0."
    ]


def test_blank_budget_rows_from_a_form_are_ignored(round_, applicant, group):
    application = helpers.draft(round_, applicant, group)
    services.application_update_draft(
        application=application,
        by=applicant,
        budget_lines=[{"description": "Hall", "amount": "300"}, {"description": "", "amount": ""}],
    )
    assert application.budget_lines.count() == 1


def test_the_database_refuses_a_negative_budget_line(round_, applicant, group):
    application = helpers.draft(round_, applicant, group)
    with pytest.raises(IntegrityError):
        BudgetLine.objects.create(application=application, description="Refund", amount=-5)


# ------------------------------------------------------------------------------------------
# Submission
# ------------------------------------------------------------------------------------------


def test_submission_gives_a_reference_in_sequence_for_the_year(round_, applicant, group):
    first = helpers.submitted(round_, applicant, group)
    second = helpers.submitted(round_, applicant, group, project_title="Second")
    year = timezone.localdate().year
    assert first.reference == f"FA-{year}-0001"
    assert second.reference == f"FA-{year}-0002"
    assert first.submitted_at is not None


def test_submission_queues_an_acknowledgement_email_with_the_reference(round_, applicant, group):
    application = helpers.submitted(round_, applicant, group)
    email = OutboundEmail.objects.get(to=applicant.email)
    assert email.subject == f"We have received your application {application.reference}"
    assert application.reference in email.body
    assert "Tea and chat mornings" in email.body


def test_the_acknowledgement_is_queued_for_sending_only_when_the_submission_commits(
    round_, applicant, group, django_capture_on_commit_callbacks
):
    application = helpers.draft(round_, applicant, group)
    with django_capture_on_commit_callbacks() as callbacks:
        services.application_submit(application=application, by=applicant)
    assert len(callbacks) == 1


def test_an_incomplete_draft_is_refused_with_every_problem_at_once(round_, applicant, group):
    application = services.application_create_draft(by=applicant, round=round_, organisation=group)
    with pytest.raises(ValidationError) as err:
        services.application_submit(application=application, by=applicant)
    errors = errors_of(err)
    assert errors["project_title"] == ["Enter a title for your project."]
    assert errors["wards"] == ["Choose at least one ward your project serves."]
    assert errors["amount_requested"] == ["Enter the amount you are asking for."]
    assert errors["eligibility_answers"] == ["Answer every eligibility question."]
    assert errors["declaration_accurate"] == [
        "Confirm this declaration to submit your application."
    ]
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_a_charity_must_give_its_charity_number(round_, applicant, group):
    application = helpers.draft(round_, applicant, group, group_type="charity")
    with pytest.raises(ValidationError) as err:
        services.application_submit(application=application, by=applicant)
    assert errors_of(err)["charity_number"] == [
        "Enter your charity number. Registered charities and CIOs have one."
    ]


def test_a_cic_must_give_its_company_number(round_, applicant, group):
    application = helpers.draft(round_, applicant, group, group_type="cic")
    with pytest.raises(ValidationError) as err:
        services.application_submit(application=application, by=applicant)
    assert "company_number" in errors_of(err)


def test_a_malformed_company_number_is_refused_when_saved(round_, applicant, group):
    with pytest.raises(ValidationError) as err:
        helpers.draft(round_, applicant, group, group_type="company", company_number="AB12")
    assert errors_of(err)["company_number"] == [
        "Enter a company number of 8 characters, like 01234567 or SC123456"
    ]


def test_a_short_company_number_is_padded_to_eight_digits(round_, applicant, group):
    application = helpers.draft(round_, applicant, group, company_number="123456")
    assert application.company_number == "00123456"


def test_an_amount_outside_the_rounds_limits_is_refused(round_, applicant, group):
    application = helpers.draft(round_, applicant, group, amount_requested="600.00")
    with pytest.raises(ValidationError) as err:
        services.application_submit(application=application, by=applicant)
    assert errors_of(err)["amount_requested"] == ["Ask for between £50 and £500."]


def test_a_project_that_has_already_started_is_refused(round_, applicant, group):
    application = helpers.draft(
        round_, applicant, group, start_date=timezone.localdate() - timedelta(days=1)
    )
    with pytest.raises(ValidationError) as err:
        services.application_submit(application=application, by=applicant)
    assert "already done" in errors_of(err)["start_date"][0]


def test_an_end_date_before_the_start_is_refused_when_saved(round_, applicant, group):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as err:
        helpers.draft(
            round_,
            applicant,
            group,
            start_date=today + timedelta(days=10),
            end_date=today + timedelta(days=5),
        )
    assert errors_of(err)["end_date"] == [
        "The end date must be the same as or after the start date."
    ]


def test_answers_to_another_rounds_questions_are_refused(round_, applicant, group):
    other = RoundFactory()
    question = other.eligibility_questions.create(text="Elsewhere?", expected_answer=True)
    with pytest.raises(ValidationError):
        helpers.draft(round_, applicant, group, eligibility_answers={question.pk: True})


def test_submission_records_the_wards_served(round_, applicant, group):
    application = helpers.submitted(
        round_, applicant, group, wards=[ward("Coldhurst"), ward("Werneth")]
    )
    assert {w.ons_code for w in application.wards.all()} == {"E05000874", "E05000889"}


# ------------------------------------------------------------------------------------------
# Withdrawal
# ------------------------------------------------------------------------------------------


def test_the_group_can_withdraw_before_a_decision_with_a_reason(round_, applicant, group):
    application = helpers.submitted(round_, applicant, group)
    services.application_withdraw(application=application, by=applicant, reason="Other funder")
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    assert application.events.last().reason == "Other funder"


def test_someone_else_cannot_withdraw_a_groups_application(
    round_, applicant, group, other_applicant
):
    application = helpers.submitted(round_, applicant, group)
    with pytest.raises(PermissionDenied):
        services.application_withdraw(application=application, by=other_applicant)


def test_the_database_refuses_a_submitted_application_without_a_reference(round_, applicant, group):
    application = helpers.draft(round_, applicant, group)
    with pytest.raises(IntegrityError):
        Application.objects.filter(pk=application.pk).update(status=Status.SUBMITTED)
