"""The grant officer's pages: rounds, the queue with the budget, decision times, one
application (eligibility, payment, monitoring) and the decision page (officer or chair)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from grants import services
from grants.workflow import Status
from tests.factories import ward
from tests.grants import helpers
from tests.grants.factories import ApplicationFactory, AwardedApplicationFactory
from thriving.audit.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db

ROUNDS_URL = reverse("grants:officer_rounds")


def html_of(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def page_url(application) -> str:
    return reverse("grants:officer_application", args=[application.pk])


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def submitted(round_, applicant, group):
    return helpers.submitted(round_, applicant, group)


@pytest.fixture
def ready(round_, applicant, group, officer, panel):
    return helpers.ready_to_decide(round_, applicant, group, officer, panel)


# ------------------------------------------------------------------------------------------
# Who may use the pages
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["applicant", "outsider", "link_worker"])
def test_other_roles_cannot_open_the_rounds(client, request, person):
    client.force_login(request.getfixturevalue(person))
    assert client.get(ROUNDS_URL).status_code == 403


@pytest.mark.parametrize("person", ["applicant", "outsider"])
def test_other_roles_cannot_open_a_rounds_queue_or_times(client, request, person, round_):
    client.force_login(request.getfixturevalue(person))
    assert client.get(reverse("grants:round_queue", args=[round_.pk])).status_code == 403
    assert client.get(reverse("grants:round_times", args=[round_.pk])).status_code == 403


def test_the_group_cannot_open_the_officers_page_of_its_application(client, applicant, submitted):
    client.force_login(applicant)
    assert client.get(page_url(submitted)).status_code == 403


def test_a_panel_member_cannot_check_eligibility(client, panel, submitted):
    client.force_login(panel[0])
    response = client.post(
        reverse("grants:eligibility", args=[submitted.pk]), {"eligibility-outcome": "pass"}
    )
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_a_draft_is_not_found_by_the_officer(officer_client, round_, applicant, group):
    draft = helpers.draft(round_, applicant, group)
    assert officer_client.get(page_url(draft)).status_code == 404


def test_an_unknown_round_is_not_found(officer_client):
    assert officer_client.get(reverse("grants:round_queue", args=[999999])).status_code == 404


def test_grants_start_page_sends_the_officer_to_the_rounds(officer_client):
    assert officer_client.get(reverse("grants:index")).url == ROUNDS_URL


# ------------------------------------------------------------------------------------------
# Rounds, the queue and its budget
# ------------------------------------------------------------------------------------------


def test_rounds_page_lists_the_rounds(officer_client, round_):
    html = html_of(officer_client.get(ROUNDS_URL))
    assert round_.name in html
    assert reverse("grants:round_queue", args=[round_.pk]) in html


def test_queue_shows_the_budget_awarded_committed_and_remaining(officer_client, round_):
    AwardedApplicationFactory(
        round=round_, amount_requested=Decimal("400.00"), amount_awarded=Decimal("400.00")
    )
    AwardedApplicationFactory(
        round=round_,
        status=Status.OFFER_ACCEPTED,
        amount_requested=Decimal("250.00"),
        amount_awarded=Decimal("250.00"),
    )
    response = officer_client.get(reverse("grants:round_queue", args=[round_.pk]))
    budget = response.context["budget"]
    assert (budget.committed, budget.awarded, budget.remaining) == (
        Decimal("650.00"),
        Decimal("250.00"),
        Decimal("59350.00"),
    )
    html = html_of(response)
    assert "£59,350" in html
    assert "£650" in html


def test_queue_lists_submitted_applications_but_not_drafts(
    officer_client, round_, applicant, group
):
    ApplicationFactory(round=round_, project_title="Community fridge")
    helpers.draft(round_, applicant, group, project_title="Secret draft")
    html = html_of(officer_client.get(reverse("grants:round_queue", args=[round_.pk])))
    assert "Community fridge" in html
    assert "Secret draft" not in html


def test_queue_costs_the_same_queries_for_sixty_applications(
    officer_client, round_, django_assert_max_num_queries
):
    for _ in range(60):
        ApplicationFactory(round=round_, wards=[ward("Coldhurst"), ward("Werneth")])
    with django_assert_max_num_queries(15):
        response = officer_client.get(reverse("grants:round_queue", args=[round_.pk]))
    assert response.context["page_obj"].paginator.count == 60
    assert len(response.context["page_obj"].object_list) == 25


def test_rounds_page_costs_the_same_queries_for_many_rounds(
    officer_client, django_assert_max_num_queries
):
    from tests.grants.factories import RoundFactory

    for _ in range(55):
        RoundFactory()
    with django_assert_max_num_queries(10):
        response = officer_client.get(ROUNDS_URL)
    assert response.context["page_obj"].paginator.count == 55


# ------------------------------------------------------------------------------------------
# Days to decision
# ------------------------------------------------------------------------------------------


def test_times_page_shows_each_applications_days_the_median_and_the_share(
    officer_client, round_, applicant, group, officer, panel
):
    helpers.approved(round_, applicant, group, officer, panel)
    helpers.submitted(round_, applicant, group, project_title="Still waiting")
    response = officer_client.get(reverse("grants:round_times", args=[round_.pk]))
    times = response.context["times"]
    assert len(times.rows) == 2
    assert times.median_working_days == 0
    assert times.share_within_target == 1
    html = html_of(response)
    assert "0 working days" in html
    assert "100% decided within 10 working days" in html


# ------------------------------------------------------------------------------------------
# The eligibility check
# ------------------------------------------------------------------------------------------


def _check(client, application, outcome, note=""):
    return client.post(
        reverse("grants:eligibility", args=[application.pk]),
        {"eligibility-outcome": outcome, "eligibility-note": note},
    )


def test_officer_page_offers_the_eligibility_check(officer_client, submitted):
    html = html_of(officer_client.get(page_url(submitted)))
    assert "Is the application eligible?" in html
    assert submitted.reference in html


def test_passing_eligibility_sends_it_to_the_panel(officer_client, submitted):
    response = _check(officer_client, submitted, "pass")
    submitted.refresh_from_db()
    assert submitted.status == Status.PANEL_REVIEW
    assert messages_of(response) == [
        f"{submitted.reference} is eligible and has gone to the panel."
    ]


def test_officer_viewing_an_application_is_audited(officer_client, submitted):
    officer_client.get(page_url(submitted))

    entry = AuditEntry.objects.get(action=AuditAction.VIEW, object_id=str(submitted.pk))
    assert entry.detail == f"Application {submitted.reference}"


def test_an_eligibility_decision_is_audited_as_a_change(officer_client, submitted):
    _check(officer_client, submitted, "pass")

    entry = AuditEntry.objects.get(action=AuditAction.CHANGE, object_id=str(submitted.pk))
    assert entry.detail == f"Application {submitted.reference}: eligibility"


def test_failing_eligibility_needs_a_reason(officer_client, submitted):
    response = _check(officer_client, submitted, "fail")
    assert "Say why the application is not eligible. The group will see this" in html_of(response)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_failing_eligibility_with_a_reason(officer_client, submitted):
    _check(officer_client, submitted, "fail", "The group is based in Rochdale.")
    submitted.refresh_from_db()
    assert submitted.status == Status.INELIGIBLE
    assert submitted.decision_rationale == "The group is based in Rochdale."


def test_asking_for_more_information(officer_client, submitted):
    _check(officer_client, submitted, "ask", "Who are your trustees?")
    submitted.refresh_from_db()
    assert submitted.status == Status.MORE_INFORMATION
    assert submitted.information_requests.get().question == "Who are your trustees?"


def test_asking_without_a_question_is_refused(officer_client, submitted):
    response = _check(officer_client, submitted, "ask")
    assert "Write the question for the group" in html_of(response)


def test_choosing_no_outcome_is_refused(officer_client, submitted):
    response = _check(officer_client, submitted, "")
    assert "Choose whether the application is eligible" in html_of(response)


def test_checking_an_application_already_with_the_panel_is_a_message(
    officer_client, round_, applicant, group, officer
):
    application = helpers.at_panel(round_, applicant, group, officer)
    response = _check(officer_client, application, "pass")
    assert response.url == page_url(application)
    assert messages_of(response) == ["This application is panel review, so you cannot do that now."]


def test_eligibility_answers_an_eligible_group_would_not_give_are_flagged(
    officer_client, round_, applicant, group
):
    question = round_.eligibility_questions.first()
    application = helpers.submitted(
        round_,
        applicant,
        group,
        eligibility_answers={q.pk: q.pk != question.pk for q in round_.eligibility_questions.all()},
    )
    html = html_of(officer_client.get(page_url(application)))
    assert "Not the answer an eligible group gives" in html


# ------------------------------------------------------------------------------------------
# The decision
# ------------------------------------------------------------------------------------------


def _decide(client, application, **data):
    payload = {f"decision-{k}": v for k, v in data.items()}
    return client.post(reverse("grants:decide", args=[application.pk]), payload)


def test_decision_page_shows_the_budget_and_the_record(officer_client, ready):
    response = officer_client.get(reverse("grants:decide", args=[ready.pk]))
    html = html_of(response)
    assert 'data-testid="round-budget"' in html
    assert "3 of the 3 complete scores needed" in html
    assert "Panel Member 1" in html


def test_approving_in_full(officer_client, ready):
    response = _decide(officer_client, ready, decision="approve", rationale="Strong local need.")
    ready.refresh_from_db()
    assert ready.status == Status.APPROVED
    assert ready.amount_awarded == Decimal("300.00")
    assert response.url == page_url(ready)
    assert messages_of(response) == [
        f"{ready.reference} is approved: £300. The group has been told."
    ]


def test_approving_in_part(officer_client, ready):
    _decide(officer_client, ready, decision="approve", amount="200", rationale="Partly.")
    ready.refresh_from_db()
    assert ready.amount_awarded == Decimal("200.00")


def test_awarding_more_than_was_asked_for_is_refused(officer_client, ready):
    response = _decide(officer_client, ready, decision="approve", amount="350", rationale="Yes.")
    assert "The award cannot be more than the £300 the group asked for." in html_of(response)
    ready.refresh_from_db()
    assert ready.status == Status.PANEL_REVIEW


def test_awarding_more_than_is_left_in_the_budget_is_refused(officer_client, ready, round_):
    AwardedApplicationFactory(
        round=round_, amount_requested=Decimal("59900.00"), amount_awarded=Decimal("59900.00")
    )
    response = _decide(officer_client, ready, decision="approve", rationale="Yes.")
    assert "Only £100 is left in this round&#x27;s budget, so the award cannot be £300." in html_of(
        response
    )


def test_deciding_before_the_quorum_is_refused_with_a_clear_message(
    officer_client, round_, applicant, group, officer, panel
):
    application = helpers.at_panel(round_, applicant, group, officer)
    helpers.declare_and_score(application, panel[:2])
    response = _decide(officer_client, application, decision="approve", rationale="Yes.")
    assert response.status_code == 200
    assert "The panel has not reached its quorum: 2 of the 3 complete scores" in html_of(response)
    application.refresh_from_db()
    assert application.status == Status.PANEL_REVIEW


def test_a_decision_needs_a_rationale(officer_client, ready):
    response = _decide(officer_client, ready, decision="decline", rationale="")
    assert "Write the reason for the decision. The group will see it" in html_of(response)


def test_an_amount_is_refused_when_declining(officer_client, ready):
    response = _decide(officer_client, ready, decision="decline", amount="100", rationale="No.")
    assert "Give an amount only when approving" in html_of(response)


def test_declining(officer_client, ready):
    _decide(officer_client, ready, decision="decline", rationale="Not a priority this round.")
    ready.refresh_from_db()
    assert ready.status == Status.DECLINED


def test_deferring_then_returning_to_the_panel(officer_client, ready):
    _decide(officer_client, ready, decision="defer", rationale="Need the group's accounts.")
    ready.refresh_from_db()
    assert ready.status == Status.DEFERRED
    officer_client.post(reverse("grants:return_to_panel", args=[ready.pk]), {"return-reason": ""})
    ready.refresh_from_db()
    assert ready.status == Status.PANEL_REVIEW


def test_the_chair_can_decide(client, ready, round_, panel):
    round_.chair = panel[3]
    round_.save()
    client.force_login(panel[3])
    response = _decide(client, ready, decision="approve", rationale="Agreed by the panel.")
    ready.refresh_from_db()
    assert ready.status == Status.APPROVED
    assert response.url == reverse("grants:panel_application", args=[ready.pk])


def test_a_panel_member_who_is_not_the_chair_cannot_decide(client, ready, panel):
    client.force_login(panel[0])
    assert client.get(reverse("grants:decide", args=[ready.pk])).status_code == 403
    assert _decide(client, ready, decision="approve", rationale="Yes.").status_code == 403


def test_a_conflicted_chair_cannot_decide(client, round_, applicant, group, officer, panel):
    application = helpers.at_panel(round_, applicant, group, officer)
    round_.chair = panel[3]
    round_.save()
    services.conflict_declare(application=application, by=panel[3], has_conflict=True, note="x")
    helpers.declare_and_score(application, panel[:3])
    client.force_login(panel[3])
    assert client.get(reverse("grants:decide", args=[application.pk])).status_code == 403


def test_deciding_an_application_not_before_the_panel_is_a_message(officer_client, submitted):
    response = officer_client.get(reverse("grants:decide", args=[submitted.pk]))
    assert response.url == page_url(submitted)
    assert messages_of(response) == ["This application is submitted, so it cannot be decided now."]


def test_the_decision_record_lists_the_declarations(
    officer_client, round_, applicant, group, officer, panel
):
    application = helpers.at_panel(round_, applicant, group, officer)
    helpers.declare_and_score(application, panel, conflicted=[panel[3]])
    services.conflict_declare(application=application, by=panel[3], has_conflict=True)
    html = html_of(officer_client.get(page_url(application)))
    assert "Declarations of interest" in html
    assert "Conflict of interest" in html
    assert html.count("No conflict of interest") == 3


# ------------------------------------------------------------------------------------------
# Payment and monitoring
# ------------------------------------------------------------------------------------------


@pytest.fixture
def accepted(round_, applicant, group, officer, panel):
    application = helpers.approved(round_, applicant, group, officer, panel)
    return services.offer_accept(application=application, by=applicant)


def _pay(client, application, **overrides):
    data = {
        "payment-paid_on": timezone.localdate().isoformat(),
        "payment-amount": "300",
        "payment-reference": "BACS-0042",
        **overrides,
    }
    return client.post(reverse("grants:payment", args=[application.pk]), data)


def test_recording_a_payment(officer_client, accepted):
    response = _pay(officer_client, accepted)
    accepted.refresh_from_db()
    assert accepted.status == Status.PAID
    assert accepted.payments.get().reference == "BACS-0042"
    assert messages_of(response) == ["Payment of £300 recorded."]


def test_a_payment_in_the_future_is_refused(officer_client, accepted):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = _pay(officer_client, accepted, **{"payment-paid_on": tomorrow})
    assert "The payment date cannot be in the future" in html_of(response)


def test_paying_more_than_the_award_is_refused(officer_client, accepted):
    response = _pay(officer_client, accepted, **{"payment-amount": "301"})
    assert "This would pay £301 in total, more than the £300 awarded." in html_of(response)
    assert accepted.payments.count() == 0


def test_a_payment_needs_a_reference(officer_client, accepted):
    response = _pay(officer_client, accepted, **{"payment-reference": ""})
    assert "Enter the finance system&#x27;s payment reference" in html_of(response)


def test_a_payment_before_the_offer_is_accepted_is_a_message(officer_client, ready):
    response = _pay(officer_client, ready)
    assert response.url == page_url(ready)
    assert ready.payments.count() == 0


def test_completing_the_monitoring(officer_client, round_, applicant, group, officer, panel):
    application = helpers.paid(round_, applicant, group, officer, panel)
    services.monitoring_report_submit(
        application=application,
        by=applicant,
        what_happened="It went well.",
        people_reached=30,
        amount_spent=Decimal("300"),
        spend_explanation="As planned.",
    )
    page = html_of(officer_client.get(page_url(application)))
    assert "It went well." in page
    response = officer_client.post(
        reverse("grants:complete_monitoring", args=[application.pk]), {"complete-note": ""}
    )
    application.refresh_from_db()
    assert application.status == Status.COMPLETED
    assert messages_of(response) == [
        f"The monitoring report is accepted and {application.reference} is complete."
    ]


def test_a_round_id_too_large_for_the_database_is_not_found(officer_client):
    url = reverse("grants:round_queue", args=[10**20])
    assert officer_client.get(url).status_code == 404


def test_the_decision_form_names_the_limits_that_apply(officer_client, ready):
    html = html_of(officer_client.get(reverse("grants:decide", args=[ready.pk])))
    assert "Leave empty to award the £300 asked for." in html
    assert "the round&#x27;s maximum of £500 or the £60,000 left in the budget" in html
