import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from grants import services
from grants.workflow import Status, TransitionNotAllowed
from tests.grants import helpers
from thriving.notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db


def test_passing_eligibility_sends_the_application_to_the_panel(
    round_, applicant, group, officer, panel
):
    application = helpers.submitted(round_, applicant, group)
    services.eligibility_pass(application=application, by=officer)
    application.refresh_from_db()
    assert application.status == Status.PANEL_REVIEW
    told = set(
        OutboundEmail.objects.filter(subject__contains="ready for the panel").values_list(
            "to", flat=True
        )
    )
    assert told == {m.email for m in panel}


def test_failing_eligibility_needs_a_reason_the_group_will_see(round_, applicant, group, officer):
    application = helpers.submitted(round_, applicant, group)
    with pytest.raises(ValidationError) as err:
        services.eligibility_fail(application=application, by=officer, reason="  ")
    assert err.value.message_dict["reason"] == [
        "Say why the application is not eligible. The group will see this."
    ]


def test_failing_eligibility_tells_the_group_why(round_, applicant, group, officer):
    application = helpers.submitted(round_, applicant, group)
    services.eligibility_fail(application=application, by=officer, reason="Not in Oldham.")
    application.refresh_from_db()
    assert application.status == Status.INELIGIBLE
    email = OutboundEmail.objects.get(subject__contains="is not eligible")
    assert "Not in Oldham." in email.body


def test_asking_for_more_information_pauses_the_check_and_emails_the_group(
    round_, applicant, group, officer
):
    application = helpers.submitted(round_, applicant, group)
    request = services.information_request(
        application=application, by=officer, question="Who holds the keys to the hall?"
    )
    application.refresh_from_db()
    assert application.status == Status.MORE_INFORMATION
    assert request.is_open
    email = OutboundEmail.objects.get(subject__startswith="A question about")
    assert "Who holds the keys to the hall?" in email.body


def test_the_groups_answer_returns_the_application_to_the_check(round_, applicant, group, officer):
    application = helpers.submitted(round_, applicant, group)
    request = services.information_request(application=application, by=officer, question="Who?")
    services.information_answer(information_request=request, by=applicant, answer="Our chair.")
    application.refresh_from_db()
    request.refresh_from_db()
    assert application.status == Status.ELIGIBILITY_CHECK
    assert request.answer == "Our chair."
    assert request.answered_by == applicant


def test_a_question_cannot_be_answered_twice(round_, applicant, group, officer):
    application = helpers.submitted(round_, applicant, group)
    request = services.information_request(application=application, by=officer, question="Who?")
    services.information_answer(information_request=request, by=applicant, answer="Our chair.")
    with pytest.raises(TransitionNotAllowed):
        services.information_answer(information_request=request, by=applicant, answer="Again")


def test_another_group_cannot_answer_the_question(
    round_, applicant, group, officer, other_applicant
):
    application = helpers.submitted(round_, applicant, group)
    request = services.information_request(application=application, by=officer, question="Who?")
    with pytest.raises(PermissionDenied):
        services.information_answer(information_request=request, by=other_applicant, answer="Me")


def test_an_empty_answer_is_refused(round_, applicant, group, officer):
    application = helpers.submitted(round_, applicant, group)
    request = services.information_request(application=application, by=officer, question="Who?")
    with pytest.raises(ValidationError) as err:
        services.information_answer(information_request=request, by=applicant, answer="")
    assert err.value.message_dict["answer"] == ["Write your answer to the question."]


def test_a_panel_member_cannot_check_eligibility(round_, applicant, group, panel):
    application = helpers.submitted(round_, applicant, group)
    with pytest.raises(PermissionDenied):
        services.eligibility_check_start(application=application, by=panel[0])
