import pytest

from grants import permissions, selectors, services
from tests.grants import helpers

pytestmark = pytest.mark.django_db


def test_the_group_but_no_other_can_edit_its_draft(round_, applicant, group, other_applicant):
    application = helpers.draft(round_, applicant, group)
    assert permissions.can_edit_application(applicant, application)
    assert not permissions.can_edit_application(other_applicant, application)


def test_a_grant_officer_cannot_see_a_draft(round_, applicant, group, officer):
    application = helpers.draft(round_, applicant, group)
    assert not permissions.can_view_application(officer, application)


def test_only_grant_officers_see_the_round_queue(round_, officer, panel, applicant):
    assert permissions.can_view_round_queue(officer, round_)
    assert not permissions.can_view_round_queue(panel[0], round_)
    assert not permissions.can_view_round_queue(applicant, round_)


def test_the_panel_sees_the_budget_but_groups_do_not(round_, officer, panel, applicant):
    assert permissions.can_view_round_budget(panel[0], round_)
    assert permissions.can_view_round_budget(officer, round_)
    assert not permissions.can_view_round_budget(applicant, round_)


def test_details_wait_for_a_declaration_of_no_conflict(round_, applicant, group, officer, panel):
    application = helpers.at_panel(round_, applicant, group, officer)
    assert permissions.can_view_application(panel[0], application)
    assert not permissions.can_view_application_details(panel[0], application, None)
    declaration = services.conflict_declare(
        application=application, by=panel[0], has_conflict=False
    )
    assert permissions.can_view_application_details(panel[0], application, declaration)


def test_someone_elses_declaration_opens_nothing(round_, applicant, group, officer, panel):
    application = helpers.at_panel(round_, applicant, group, officer)
    declaration = services.conflict_declare(
        application=application, by=panel[0], has_conflict=False
    )
    assert not permissions.can_view_application_details(panel[1], application, declaration)
    assert not permissions.can_score_application(panel[1], application, declaration)


def test_a_conflicted_officer_cannot_decide(round_, applicant, group, officer, panel):
    application = helpers.at_panel(round_, applicant, group, officer)
    round_.panel_members.add(officer)
    declaration = services.conflict_declare(application=application, by=officer, has_conflict=True)
    assert permissions.can_decide_application(officer, application)
    assert not permissions.can_decide_application(officer, application, declaration)


def test_a_group_representative_may_apply_only_while_the_round_is_open(round_, applicant, panel):
    assert permissions.can_apply_to_round(applicant, round_)
    assert not permissions.can_apply_to_round(panel[0], round_)


def test_permission_checks_ask_the_database_nothing_when_the_panel_is_prefetched(
    round_, applicant, group, officer, panel, django_assert_num_queries
):
    application = helpers.at_panel(round_, applicant, group, officer)
    application = selectors.application_get(user=officer, application_id=application.pk)
    member = panel[0]
    member.active_memberships  # noqa: B018 - loaded once per request in real use
    with django_assert_num_queries(0):
        permissions.can_declare_conflict(member, application)
        permissions.can_view_decision_record(member, application)
        permissions.can_decide_application(officer, application)
