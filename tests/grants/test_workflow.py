import pytest
from django.core.exceptions import PermissionDenied

from grants import services
from grants.workflow import (
    ACTIONS,
    FINAL_STATUSES,
    Status,
    TransitionNotAllowed,
    actions_from,
    can_transition,
    target_status,
)
from tests.grants import helpers

pytestmark = pytest.mark.django_db

# ------------------------------------------------------------------------------------------
# The table itself
# ------------------------------------------------------------------------------------------


def test_every_status_can_be_reached_from_draft():
    reached, frontier = {Status.DRAFT}, [Status.DRAFT]
    while frontier:
        status = frontier.pop()
        for action in actions_from(status):
            if action.target not in reached:
                reached.add(action.target)
                frontier.append(action.target)
    assert reached == set(Status)


def test_final_statuses_allow_no_action():
    for status in FINAL_STATUSES:
        assert actions_from(status) == []


def test_withdrawal_is_possible_only_before_a_decision():
    withdraw = ACTIONS["withdraw"]
    assert Status.PANEL_REVIEW in withdraw.sources
    assert Status.DEFERRED in withdraw.sources
    for decided in [Status.APPROVED, Status.DECLINED, Status.OFFER_ACCEPTED, Status.PAID]:
        assert not can_transition(decided, "withdraw")


def test_more_information_goes_back_to_the_eligibility_check():
    assert target_status(Status.ELIGIBILITY_CHECK, "request_information") == (
        Status.MORE_INFORMATION
    )
    assert target_status(Status.MORE_INFORMATION, "answer_information") == (
        Status.ELIGIBILITY_CHECK
    )


def test_a_forbidden_transition_says_why_in_words_for_people():
    with pytest.raises(TransitionNotAllowed) as err:
        target_status(Status.DECLINED, "accept_offer")
    assert str(err.value) == "This application is declined, so you cannot accept the offer."


def test_a_refusal_reads_naturally_whatever_the_status():
    with pytest.raises(TransitionNotAllowed) as err:
        target_status(Status.MORE_INFORMATION, "request_information")
    assert str(err.value) == (
        "This application is waiting for more information from the group, so you cannot ask "
        "the group for more information."
    )


def test_only_the_officer_or_the_chair_decide():
    for name in ["approve", "decline", "defer"]:
        assert ACTIONS[name].actors == {"grant_officer", "chair"}


# ------------------------------------------------------------------------------------------
# Services refuse what the table forbids
# ------------------------------------------------------------------------------------------


def test_submitting_twice_is_refused(round_, applicant, group):
    application = helpers.submitted(round_, applicant, group)
    with pytest.raises(TransitionNotAllowed):
        services.application_submit(application=application, by=applicant)


def test_accepting_an_offer_before_a_decision_is_refused(round_, applicant, group, officer):
    application = helpers.at_panel(round_, applicant, group, officer)
    with pytest.raises(TransitionNotAllowed):
        services.offer_accept(application=application, by=applicant)


def test_passing_eligibility_while_waiting_for_an_answer_is_refused(
    round_, applicant, group, officer
):
    application = helpers.submitted(round_, applicant, group)
    services.information_request(application=application, by=officer, question="Who leads it?")
    with pytest.raises(TransitionNotAllowed):
        services.eligibility_pass(application=application, by=officer)


def test_withdrawing_after_approval_is_refused(round_, applicant, group, officer, panel):
    application = helpers.approved(round_, applicant, group, officer, panel)
    with pytest.raises(TransitionNotAllowed):
        services.application_withdraw(application=application, by=applicant)


def test_recording_a_payment_before_the_offer_is_accepted_is_refused(
    round_, applicant, group, officer, panel
):
    application = helpers.approved(round_, applicant, group, officer, panel)
    with pytest.raises(TransitionNotAllowed) as err:
        services.payment_record(
            application=application,
            by=officer,
            paid_on=application.decided_at.date(),
            amount=application.amount_awarded,
            reference="PAY-1",
        )
    assert "accepted the offer" in str(err.value)


def test_the_applicant_cannot_pass_eligibility(round_, applicant, group):
    application = helpers.submitted(round_, applicant, group)
    with pytest.raises(PermissionDenied):
        services.eligibility_pass(application=application, by=applicant)


def test_every_status_change_is_an_event_with_who_from_and_to(round_, applicant, group, officer):
    application = helpers.at_panel(round_, applicant, group, officer)
    moves = [
        (e.actor, e.from_status, e.to_status)
        for e in application.events.filter(kind="status").order_by("at", "pk")
    ]
    assert moves == [
        (applicant, Status.DRAFT, Status.SUBMITTED),
        (officer, Status.SUBMITTED, Status.ELIGIBILITY_CHECK),
        (officer, Status.ELIGIBILITY_CHECK, Status.PANEL_REVIEW),
    ]
