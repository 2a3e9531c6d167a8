"""The group's pages: my applications, apply (draft, submit), one application, withdraw,
answer a question, accept the offer, the monitoring report and its files."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from grants import services
from grants.models import Application, EligibilityAnswer, MonitoringAttachment
from grants.workflow import Status
from tests.factories import ward
from tests.grants import helpers
from tests.grants.factories import ApplicationFactory, RoundFactory
from thriving.notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db

LIST_URL = reverse("grants:applicant_list")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def apply_url(round_) -> str:
    return reverse("grants:apply", args=[round_.pk])


def html_of(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def form_data(round_, *, amount="300", lines=(("Room hire", "200"), ("Tea and cake", "100"))):
    today = timezone.localdate()
    data = {
        "group_type": "constituted_group",
        "charity_number": "",
        "company_number": "",
        "project_title": "Tea and chat mornings",
        "project_description": "Weekly mornings for people who live alone.",
        "wards": [str(ward("Coldhurst").pk), str(ward("Werneth").pk)],
        "people_reached": "40",
        "amount_requested": amount,
        "start_date": (today + timedelta(days=7)).isoformat(),
        "end_date": (today + timedelta(days=60)).isoformat(),
        "declaration_accurate": "on",
        "declaration_use_of_funds": "on",
        "declaration_monitoring": "on",
        "declaration_publication": "on",
        "budget-TOTAL_FORMS": "6",
        "budget-INITIAL_FORMS": "0",
        "budget-MIN_NUM_FORMS": "0",
        "budget-MAX_NUM_FORMS": "20",
        "action": "submit",
    }
    for question in round_.eligibility_questions.all():
        data[f"question_{question.pk}"] = "yes"
    for n in range(6):
        description, line_amount = lines[n] if n < len(lines) else ("", "")
        data[f"budget-{n}-description"] = description
        data[f"budget-{n}-amount"] = line_amount
    return data


@pytest.fixture
def group_client(client, applicant):
    client.force_login(applicant)
    return client


# ------------------------------------------------------------------------------------------
# Who may use the pages
# ------------------------------------------------------------------------------------------


def test_anonymous_user_is_sent_to_sign_in(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("person", ["officer", "outsider", "link_worker"])
def test_other_roles_cannot_open_my_applications(client, request, person):
    client.force_login(request.getfixturevalue(person))
    assert client.get(LIST_URL).status_code == 403


def test_other_roles_cannot_start_an_application(client, officer, round_):
    client.force_login(officer)
    assert client.get(apply_url(round_)).status_code == 403
    assert client.post(apply_url(round_), form_data(round_)).status_code == 403
    assert Application.objects.count() == 0


def test_officer_cannot_use_the_groups_application_page(client, officer, applicant, group, round_):
    application = helpers.submitted(round_, applicant, group)
    client.force_login(officer)
    assert client.get(reverse("grants:application_detail", args=[application.pk])).status_code == (
        403
    )


@pytest.mark.parametrize(
    "name", ["application_detail", "application_edit", "withdraw", "monitoring"]
)
def test_another_groups_application_is_not_found(
    client, other_applicant, applicant, group, round_, name
):
    application = helpers.draft(round_, applicant, group)
    client.force_login(other_applicant)
    assert client.get(reverse(f"grants:{name}", args=[application.pk])).status_code == 404


@pytest.mark.parametrize("name", ["answer", "accept_offer", "monitoring_upload"])
def test_another_group_cannot_post_to_an_application(
    client, other_applicant, applicant, group, round_, name
):
    application = helpers.submitted(round_, applicant, group)
    client.force_login(other_applicant)
    assert client.post(reverse(f"grants:{name}", args=[application.pk]), {}).status_code == 404


def test_a_closed_round_cannot_be_applied_to(group_client):
    closed = RoundFactory(
        opens_on=timezone.localdate() - timedelta(days=60),
        closes_on=timezone.localdate() - timedelta(days=1),
    )
    assert group_client.get(apply_url(closed)).status_code == 404


def test_grants_start_page_sends_the_applicant_to_their_applications(group_client):
    response = group_client.get(reverse("grants:index"))
    assert response.url == LIST_URL


# ------------------------------------------------------------------------------------------
# My applications
# ------------------------------------------------------------------------------------------


def test_list_shows_the_groups_applications_and_not_others(
    group_client, round_, group, other_group
):
    ApplicationFactory(round=round_, organisation=group, project_title="Seed swap")
    ApplicationFactory(round=round_, organisation=other_group, project_title="Shed tools")
    html = html_of(group_client.get(LIST_URL))
    assert "Seed swap" in html
    assert "Shed tools" not in html


def test_list_offers_the_open_rounds(group_client, round_):
    html = html_of(group_client.get(LIST_URL))
    assert round_.name in html
    assert apply_url(round_) in html


def test_list_pages_cost_the_same_queries_for_sixty_applications(
    group_client, round_, group, django_assert_max_num_queries
):
    for _ in range(60):
        ApplicationFactory(round=round_, organisation=group, wards=[ward("Coldhurst")])
    with django_assert_max_num_queries(12):
        response = group_client.get(LIST_URL)
    assert response.context["page_obj"].paginator.count == 60
    assert len(response.context["applications"]) == 25


# ------------------------------------------------------------------------------------------
# Applying
# ------------------------------------------------------------------------------------------


def test_application_form_has_six_budget_rows_the_wards_and_the_questions(group_client, round_):
    response = group_client.get(apply_url(round_))
    html = html_of(response)
    assert response.context["formset"].total_form_count() == 6
    assert "Coldhurst" in html
    for question in round_.eligibility_questions.all():
        assert question.text in html


def test_save_as_draft_keeps_a_half_finished_application(group_client, round_, applicant):
    data = {**form_data(round_), "action": "save", "amount_requested": "", "start_date": ""}
    response = group_client.post(apply_url(round_), data)
    application = Application.objects.get()
    assert application.status == Status.DRAFT
    assert application.amount_requested is None
    assert application.applicant == applicant
    assert response.url == reverse("grants:application_edit", args=[application.pk])
    assert "saved as a draft" in messages_of(response)[0]


def test_a_draft_comes_back_with_what_was_saved(group_client, round_, applicant, group):
    application = helpers.draft(round_, applicant, group, project_title="Lantern parade")
    response = group_client.get(reverse("grants:application_edit", args=[application.pk]))
    form = response.context["form"]
    assert form["project_title"].value() == "Lantern parade"
    assert response.context["formset"].forms[0]["description"].value() == "Room hire"


def test_submitting_a_complete_application_gives_its_reference(group_client, round_, applicant):
    response = group_client.post(apply_url(round_), form_data(round_))
    application = Application.objects.get()
    assert application.status == Status.SUBMITTED
    assert response.url == reverse("grants:application_submitted", args=[application.pk])
    confirmation = html_of(group_client.get(response.url))
    assert "Application submitted" in confirmation
    assert application.reference in confirmation
    assert OutboundEmail.objects.filter(to=applicant.email, subject__contains="received").exists()


def test_the_new_application_page_carries_a_submission_token(group_client, round_):
    page = html_of(group_client.get(apply_url(round_)))
    assert 'name="submission_token"' in page


def test_pressing_submit_twice_starts_one_application(group_client, round_):
    data = {**form_data(round_), "submission_token": str(uuid.uuid4())}
    first = group_client.post(apply_url(round_), data)
    second = group_client.post(apply_url(round_), data)
    application = Application.objects.get()
    assert application.status == Status.SUBMITTED
    assert first.url == second.url == reverse("grants:application_submitted", args=[application.pk])


def test_saving_a_new_draft_twice_keeps_one_draft_with_the_latest_answers(group_client, round_):
    token = str(uuid.uuid4())
    data = {**form_data(round_), "action": "save", "submission_token": token}
    group_client.post(apply_url(round_), data)
    second = group_client.post(apply_url(round_), {**data, "project_title": "Lunch club"})
    application = Application.objects.get()
    assert application.status == Status.DRAFT
    assert application.project_title == "Lunch club"
    assert second.url == reverse("grants:application_edit", args=[application.pk])


def test_a_token_only_finds_the_application_its_own_person_started(
    group_client, round_, applicant, other_applicant
):
    token = uuid.uuid4()
    group_client.post(apply_url(round_), {**form_data(round_), "submission_token": str(token)})
    assert services.application_for_token(by=applicant, submission_token=token) is not None
    assert services.application_for_token(by=other_applicant, submission_token=token) is None


def test_submitted_application_records_wards_budget_and_answers(group_client, round_):
    group_client.post(apply_url(round_), form_data(round_))
    application = Application.objects.get()
    assert {w.name for w in application.wards.all()} == {"Coldhurst", "Werneth"}
    assert [(b.description, b.amount) for b in application.budget_lines.all()] == [
        ("Room hire", Decimal("200.00")),
        ("Tea and cake", Decimal("100.00")),
    ]
    assert EligibilityAnswer.objects.filter(application=application, answer=True).count() == 2


def test_budget_lines_that_do_not_add_up_are_refused_with_the_totals(group_client, round_):
    data = form_data(round_, amount="300", lines=[("Room hire", "200"), ("Tea", "50")])
    response = group_client.post(apply_url(round_), data)
    assert response.status_code == 200
    assert (
        "Your budget lines add up to £250 but you are asking for £300. Make them match."
        in html_of(response)
    )
    assert Application.objects.get().status == Status.DRAFT


def test_a_refused_submission_keeps_the_draft_and_what_was_typed(group_client, round_):
    data = form_data(round_, lines=[("Room hire", "200")])
    response = group_client.post(apply_url(round_), data)
    application = Application.objects.get()
    assert response.context["action"] == reverse("grants:application_edit", args=[application.pk])
    assert response.context["form"]["project_title"].value() == "Tea and chat mornings"
    assert "Your answers are saved as a draft" in html_of(response)


def test_submitting_without_the_declarations_asks_for_them(group_client, round_):
    data = form_data(round_)
    del data["declaration_accurate"]
    response = group_client.post(apply_url(round_), data)
    assert response.context["form"].errors["declaration_accurate"] == [
        "Confirm this declaration to submit your application."
    ]


def test_submitting_without_answering_the_questions_asks_for_answers(group_client, round_):
    data = form_data(round_)
    question = round_.eligibility_questions.first()
    del data[f"question_{question.pk}"]
    response = group_client.post(apply_url(round_), data)
    assert response.context["form"].errors[f"question_{question.pk}"] == [
        "Answer this question: choose yes or no"
    ]


def test_an_amount_over_the_rounds_maximum_is_refused_on_submit(group_client, round_):
    data = form_data(round_, amount="600", lines=[("Room hire", "600")])
    response = group_client.post(apply_url(round_), data)
    assert response.context["form"].errors["amount_requested"] == ["Ask for between £50 and £500."]


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("lots", "Enter an amount in pounds and pence, like 350 or 349.99"),
        ("12.345", "Enter the amount with no more than 2 digits for the pence"),
        ("0", "Enter an amount of more than £0"),
    ],
)
def test_an_amount_that_is_not_money_is_refused(group_client, round_, amount, message):
    response = group_client.post(apply_url(round_), form_data(round_, amount=amount))
    assert response.context["form"].errors["amount_requested"] == [message]
    assert Application.objects.count() == 0


def test_an_amount_written_with_a_pound_sign_and_commas_is_understood(group_client, round_):
    group_client.post(apply_url(round_), form_data(round_, amount="£300.00"))
    assert Application.objects.get().amount_requested == Decimal("300.00")


def test_an_end_date_before_the_start_is_refused(group_client, round_):
    data = form_data(round_)
    data["end_date"] = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = group_client.post(apply_url(round_), data)
    assert response.context["form"].errors["end_date"] == [
        "The end date must be the same as or after the start date"
    ]


def test_a_budget_line_without_an_amount_is_refused(group_client, round_):
    data = form_data(round_, lines=[("Room hire", "300"), ("Posters", "")])
    response = group_client.post(apply_url(round_), data)
    row = response.context["formset"].forms[1]
    assert row.errors["amount"] == ["Enter the amount for this line of the budget"]
    assert "Enter the amount for this line of the budget" in html_of(response)


def test_an_invalid_charity_number_is_refused(group_client, round_):
    data = {**form_data(round_), "group_type": "charity", "charity_number": "12"}
    response = group_client.post(apply_url(round_), data)
    assert response.context["form"].errors["charity_number"] == [
        "Enter a charity number of 6 to 8 digits, like 1234567"
    ]


def test_a_charity_without_its_number_is_asked_for_it_on_submit(group_client, round_):
    data = {**form_data(round_), "group_type": "charity"}
    response = group_client.post(apply_url(round_), data)
    assert response.context["form"].errors["charity_number"] == [
        "Enter your charity number. Registered charities and CIOs have one."
    ]


def test_the_error_summary_links_to_each_problem(group_client, round_):
    data = form_data(round_, amount="lots")
    html = html_of(group_client.post(apply_url(round_), data))
    assert "There is a problem" in html
    assert 'href="#id_amount_requested"' in html


def test_updating_a_draft_then_submitting_it(group_client, round_, applicant, group):
    application = helpers.draft(round_, applicant, group)
    url = reverse("grants:application_edit", args=[application.pk])
    response = group_client.post(url, form_data(round_))
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.project_title == "Tea and chat mornings"
    assert response.url == reverse("grants:application_submitted", args=[application.pk])


def test_a_submitted_application_cannot_be_edited(group_client, round_, applicant, group):
    application = helpers.submitted(round_, applicant, group)
    response = group_client.get(reverse("grants:application_edit", args=[application.pk]))
    assert response.url == reverse("grants:application_detail", args=[application.pk])
    assert messages_of(response) == ["This application has been submitted, so it can't be changed."]


# ------------------------------------------------------------------------------------------
# One application
# ------------------------------------------------------------------------------------------


def test_application_page_shows_status_reference_and_history(
    group_client, round_, applicant, group
):
    application = helpers.submitted(round_, applicant, group)
    html = html_of(group_client.get(reverse("grants:application_detail", args=[application.pk])))
    assert application.reference in html
    assert "Submitted" in html
    assert "Application submitted" in html  # the timeline's event


def test_withdrawing_before_a_decision(group_client, round_, applicant, group):
    application = helpers.submitted(round_, applicant, group)
    url = reverse("grants:withdraw", args=[application.pk])
    assert "This cannot be undone" in html_of(group_client.get(url))
    response = group_client.post(url, {"reason": "We found other funding"})
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    assert messages_of(response) == ["Your application has been withdrawn."]


def test_withdrawing_after_a_decision_is_refused(
    group_client, round_, applicant, group, officer, panel
):
    application = helpers.approved(round_, applicant, group, officer, panel)
    response = group_client.post(reverse("grants:withdraw", args=[application.pk]), {})
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert messages_of(response) == ["This application can no longer be withdrawn."]


def _with_question(round_, applicant, group, officer):
    from grants import services

    application = helpers.submitted(round_, applicant, group)
    services.information_request(
        application=application, by=officer, question="Who are your trustees?"
    )
    return application


def test_the_groups_page_shows_the_officers_question(
    group_client, round_, applicant, group, officer
):
    application = _with_question(round_, applicant, group, officer)
    html = html_of(group_client.get(reverse("grants:application_detail", args=[application.pk])))
    assert "Who are your trustees?" in html
    assert reverse("grants:answer", args=[application.pk]) in html


def test_answering_the_question_returns_it_to_the_officer(
    group_client, round_, applicant, group, officer
):
    application = _with_question(round_, applicant, group, officer)
    response = group_client.post(
        reverse("grants:answer", args=[application.pk]), {"answer-answer": "Jo, Sam and Ali"}
    )
    application.refresh_from_db()
    assert application.status == Status.ELIGIBILITY_CHECK
    assert application.information_requests.get().answer == "Jo, Sam and Ali"
    assert messages_of(response) == ["Thank you. Your answer has been sent to the grant officer."]


def test_an_empty_answer_is_refused(group_client, round_, applicant, group, officer):
    application = _with_question(round_, applicant, group, officer)
    response = group_client.post(
        reverse("grants:answer", args=[application.pk]), {"answer-answer": "  "}
    )
    assert response.status_code == 200
    assert "Write your answer to the question" in html_of(response)
    application.refresh_from_db()
    assert application.status == Status.MORE_INFORMATION


def test_accepting_the_offer(group_client, round_, applicant, group, officer, panel):
    application = helpers.approved(round_, applicant, group, officer, panel, amount="250.00")
    detail = html_of(group_client.get(reverse("grants:application_detail", args=[application.pk])))
    assert "You are offered" in detail
    response = group_client.post(
        reverse("grants:accept_offer", args=[application.pk]), {"accept-confirm": "on"}
    )
    application.refresh_from_db()
    assert application.status == Status.OFFER_ACCEPTED
    assert messages_of(response)[0].startswith("You have accepted the grant of £250.")


def test_accepting_without_confirming_is_refused(
    group_client, round_, applicant, group, officer, panel
):
    application = helpers.approved(round_, applicant, group, officer, panel)
    response = group_client.post(reverse("grants:accept_offer", args=[application.pk]), {})
    assert "Confirm that your group accepts the grant" in html_of(response)
    application.refresh_from_db()
    assert application.status == Status.APPROVED


# ------------------------------------------------------------------------------------------
# The monitoring report
# ------------------------------------------------------------------------------------------


REPORT = {
    "report-what_happened": "Twelve mornings, a new friendship group.",
    "report-people_reached": "35",
    "report-amount_spent": "300",
    "report-spend_explanation": "As budgeted.",
}


@pytest.fixture
def paid(round_, applicant, group, officer, panel):
    return helpers.paid(round_, applicant, group, officer, panel)


def test_the_report_opens_only_once_the_grant_is_paid(group_client, round_, applicant, group):
    application = helpers.submitted(round_, applicant, group)
    response = group_client.get(reverse("grants:monitoring", args=[application.pk]))
    assert response.url == reverse("grants:application_detail", args=[application.pk])
    assert messages_of(response) == ["The monitoring report opens once your grant has been paid."]


def test_sending_the_monitoring_report(group_client, paid):
    response = group_client.post(reverse("grants:monitoring", args=[paid.pk]), REPORT)
    paid.refresh_from_db()
    assert paid.status == Status.MONITORING_DUE
    assert paid.monitoring_report.people_reached == 35
    assert "monitoring report has been sent" in messages_of(response)[0]


def test_an_incomplete_report_is_refused_by_its_fields(group_client, paid):
    data = {**REPORT, "report-what_happened": "", "report-amount_spent": "abc"}
    response = group_client.post(reverse("grants:monitoring", args=[paid.pk]), data)
    html = html_of(response)
    assert "Tell us what happened in your project" in html
    assert "Enter an amount in pounds and pence, like 350 or 349.99" in html
    assert response.context["report_form"]["people_reached"].value() == "35"
    assert "As budgeted." in html


def _upload(client, application, name, content, content_type="image/png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("grants:monitoring_upload", args=[application.pk]),
        {"upload-file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def test_uploading_a_photo(group_client, paid):
    response = _upload(group_client, paid, "tea.png", PNG)
    attachment = MonitoringAttachment.objects.get()
    assert attachment.original_name == "tea.png"
    assert messages_of(response) == ["tea.png has been added to your report."]
    page = html_of(group_client.get(reverse("grants:monitoring", args=[paid.pk])))
    assert reverse("grants:attachment_download", args=[attachment.pk]) in page


def test_a_file_that_is_not_a_photo_or_pdf_is_refused(group_client, paid):
    response = _upload(group_client, paid, "notes.png", b"just some text", "image/png")
    assert "The file must be a PNG or JPEG photo, or a PDF." in html_of(response)
    assert MonitoringAttachment.objects.count() == 0


def test_a_file_too_large_is_refused(group_client, paid, settings):
    settings.GRANTS_ATTACHMENT_MAX_BYTES = 1024 * 1024
    response = _upload(group_client, paid, "big.png", PNG + b"\x00" * (1024 * 1024))
    assert "The file must be smaller than 1 MB." in html_of(response)
    assert MonitoringAttachment.objects.count() == 0


def test_uploading_nothing_asks_for_a_file(group_client, paid):
    response = group_client.post(reverse("grants:monitoring_upload", args=[paid.pk]), {})
    assert "Choose a file to upload" in html_of(response)


def test_the_upload_says_which_files_and_how_large(group_client, paid):
    html = html_of(group_client.get(reverse("grants:monitoring", args=[paid.pk])))
    assert "A PNG or JPEG photo, or a PDF, smaller than 5 MB" in html


def test_a_ward_that_is_not_in_the_list_is_refused(group_client, round_):
    data = {**form_data(round_), "wards": ["not-a-ward"]}
    response = group_client.post(apply_url(round_), data)
    assert response.context["form"].errors["wards"] == ["Choose wards from the list"]
