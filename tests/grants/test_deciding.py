from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from grants import selectors, services
from grants.workflow import Decision, Status, TransitionNotAllowed
from tests.factories import user_with_role
from tests.grants import helpers
from tests.grants.factories import AwardedApplicationFactory
from thriving.accounts.roles import Role
from thriving.notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(round_, applicant, group, officer):
    return helpers.at_panel(round_, applicant, group, officer, amount_requested="400.00")


def decide(application, by, decision=Decision.APPROVE, amount=None, rationale="Good project."):
    return services.application_decide(
        application=application, by=by, decision=decision, rationale=rationale, amount=amount
    )


# ------------------------------------------------------------------------------------------
# Quorum
# ------------------------------------------------------------------------------------------


def test_a_decision_waits_for_the_quorum(application, panel, officer):
    helpers.declare_and_score(application, panel[:2])
    with pytest.raises(TransitionNotAllowed) as err:
        decide(application, officer)
    assert str(err.value) == (
        "The panel has not reached its quorum: 2 of the 3 complete scores needed from "
        "members without a conflict of interest are in."
    )


def test_conflicted_members_do_not_count_towards_the_quorum(application, panel, officer):
    helpers.declare_and_score(application, panel[:3], conflicted=[panel[0]])
    assert selectors.quorum_status(application).complete == 2
    with pytest.raises(TransitionNotAllowed):
        decide(application, officer)


def test_scores_of_someone_no_longer_on_the_panel_do_not_count(application, panel, officer):
    helpers.declare_and_score(application, panel[:3])
    application.round.panel_members.remove(panel[0])
    assert not selectors.quorum_status(application).met


def test_with_the_quorum_in_the_officer_approves_in_full(application, panel, officer):
    helpers.declare_and_score(application, panel[:3], conflicted=[])
    decided = decide(application, officer)
    assert decided.status == Status.APPROVED
    assert decided.amount_awarded == Decimal("400.00")
    assert decided.decided_by == officer
    assert decided.decision_rationale == "Good project."


def test_deferring_also_needs_the_quorum(application, panel, officer):
    helpers.declare_and_score(application, panel[:1])
    with pytest.raises(TransitionNotAllowed):
        decide(application, officer, decision=Decision.DEFER)


# ------------------------------------------------------------------------------------------
# Who decides
# ------------------------------------------------------------------------------------------


@pytest.fixture
def quorate(application, panel):
    helpers.declare_and_score(application, panel[:3])
    return application


def test_the_chair_can_decide(quorate, panel):
    quorate.round.chair = panel[3]
    quorate.round.save()
    assert decide(quorate, panel[3], decision=Decision.DECLINE).status == Status.DECLINED


def test_a_chair_with_a_conflict_cannot_decide(quorate, panel):
    quorate.round.chair = panel[3]
    quorate.round.save()
    services.conflict_declare(application=quorate, by=panel[3], has_conflict=True)
    with pytest.raises(PermissionDenied) as err:
        decide(quorate, panel[3])
    assert "so you cannot decide it" in str(err.value)


def test_a_panel_member_who_is_not_the_chair_cannot_decide(quorate, panel):
    with pytest.raises(PermissionDenied):
        decide(quorate, panel[0])


def test_the_applicant_cannot_decide(quorate, applicant):
    with pytest.raises(PermissionDenied):
        decide(quorate, applicant)


def test_a_decision_needs_a_rationale(quorate, officer):
    with pytest.raises(ValidationError) as err:
        decide(quorate, officer, rationale=" ")
    assert err.value.message_dict["rationale"] == [
        "Write the reason for the decision. The group will see it."
    ]


def test_the_group_is_told_the_decision_and_its_rationale(quorate, officer, applicant):
    decide(quorate, officer, amount="250.00", rationale="Strong reach into Coldhurst.")
    email = OutboundEmail.objects.get(subject__startswith="A decision on your application")
    assert email.to == applicant.email
    assert "£250.00" in email.body
    assert "Strong reach into Coldhurst." in email.body


# ------------------------------------------------------------------------------------------
# Amount and budget
# ------------------------------------------------------------------------------------------


def test_an_award_in_part_is_recorded(quorate, officer):
    decided = decide(quorate, officer, amount="250.00")
    assert decided.amount_awarded == Decimal("250.00")
    assert "Awarded £250" in decided.events.last().reason


def test_an_award_above_the_amount_asked_for_is_refused(quorate, officer):
    with pytest.raises(ValidationError) as err:
        decide(quorate, officer, amount="450.00")
    assert err.value.message_dict["amount"] == [
        "The award cannot be more than the £400 the group asked for."
    ]


def test_an_award_above_the_rounds_maximum_is_refused(quorate, officer):
    quorate.round.max_award = Decimal("300.00")
    quorate.round.save()
    with pytest.raises(ValidationError) as err:
        decide(quorate, officer, amount="350.00")
    assert err.value.message_dict["amount"] == [
        "The award cannot be more than the round's maximum of £300."
    ]


def test_an_award_below_the_rounds_minimum_is_refused(quorate, officer):
    with pytest.raises(ValidationError) as err:
        decide(quorate, officer, amount="20.00")
    assert err.value.message_dict["amount"] == [
        "The award must be at least the round's minimum of £50."
    ]


def test_an_award_above_what_is_left_in_the_budget_is_refused(quorate, officer, round_):
    round_.budget = Decimal("1000.00")
    round_.save()
    AwardedApplicationFactory(round=round_, amount_requested=500, amount_awarded=500)
    AwardedApplicationFactory(round=round_, amount_requested=300, amount_awarded=300)
    with pytest.raises(ValidationError) as err:
        decide(quorate, officer)
    assert err.value.message_dict["amount"] == [
        "Only £200 is left in this round's budget, so the award cannot be £400."
    ]
    quorate.refresh_from_db()
    assert quorate.status == Status.PANEL_REVIEW


def test_an_award_that_uses_exactly_what_is_left_is_allowed(quorate, officer, round_):
    round_.budget = Decimal("900.00")
    round_.save()
    AwardedApplicationFactory(round=round_, amount_requested=500, amount_awarded=500)
    assert decide(quorate, officer).status == Status.APPROVED
    assert selectors.round_budget(round_).remaining == 0


def test_declined_and_withdrawn_applications_do_not_use_the_budget(quorate, officer, round_):
    round_.budget = Decimal("400.00")
    round_.save()
    AwardedApplicationFactory(round=round_, status=Status.DECLINED, amount_awarded=None)
    AwardedApplicationFactory(round=round_, status=Status.WITHDRAWN, amount_awarded=None)
    assert decide(quorate, officer).status == Status.APPROVED


def test_an_amount_is_refused_when_declining(quorate, officer):
    with pytest.raises(ValidationError):
        decide(quorate, officer, decision=Decision.DECLINE, amount="100")


# ------------------------------------------------------------------------------------------
# Deferral
# ------------------------------------------------------------------------------------------


def test_a_deferred_application_can_return_to_the_panel_with_its_scores(quorate, officer):
    decide(quorate, officer, decision=Decision.DEFER, rationale="Confirm the venue first.")
    quorate.refresh_from_db()
    assert quorate.decided_at is None
    services.application_return_to_panel(application=quorate, by=officer, reason="Venue booked")
    quorate.refresh_from_db()
    assert quorate.status == Status.PANEL_REVIEW
    assert selectors.quorum_status(quorate).met


def test_a_panel_member_cannot_return_a_deferred_application(quorate, officer, panel):
    decide(quorate, officer, decision=Decision.DEFER)
    with pytest.raises(PermissionDenied):
        services.application_return_to_panel(application=quorate, by=panel[0])


def test_a_grant_officer_of_any_council_team_may_decide(quorate, council):
    colleague = user_with_role(Role.GRANT_OFFICER, council, email="colleague@test.example.org")
    assert decide(quorate, colleague).status == Status.APPROVED
