import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from grants import selectors, services
from grants.models import Score
from grants.workflow import TransitionNotAllowed
from tests.grants import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(round_, applicant, group, officer):
    return helpers.at_panel(round_, applicant, group, officer)


# ------------------------------------------------------------------------------------------
# Conflicts of interest
# ------------------------------------------------------------------------------------------


def test_a_member_must_declare_before_scoring(application, panel):
    with pytest.raises(TransitionNotAllowed) as err:
        helpers.score(application, panel[0])
    assert str(err.value) == (
        "Declare whether you have a conflict of interest before scoring this application."
    )


def test_a_conflicted_member_cannot_score(application, panel):
    services.conflict_declare(application=application, by=panel[0], has_conflict=True)
    with pytest.raises(PermissionDenied) as err:
        helpers.score(application, panel[0])
    assert "declared a conflict of interest" in str(err.value)


def test_someone_not_on_the_rounds_panel_cannot_declare(application, outsider):
    with pytest.raises(PermissionDenied):
        services.conflict_declare(application=application, by=outsider, has_conflict=False)


def test_someone_not_on_the_rounds_panel_cannot_score(application, outsider):
    with pytest.raises(PermissionDenied) as err:
        helpers.score(application, outsider)
    assert str(err.value) == "Only members of this round's panel can score its applications."


def test_declaring_the_same_again_changes_nothing(application, panel):
    first = services.conflict_declare(application=application, by=panel[0], has_conflict=False)
    again = services.conflict_declare(application=application, by=panel[0], has_conflict=False)
    assert again.pk == first.pk
    assert application.conflict_declarations.count() == 1


def test_a_late_conflict_removes_the_members_scores(application, panel):
    helpers.declare_and_score(application, [panel[0]])
    services.conflict_declare(
        application=application, by=panel[0], has_conflict=True, note="My sister runs it"
    )
    assert not Score.objects.filter(application=application, member=panel[0]).exists()
    assert "scores were removed" in application.events.last().reason


def test_a_declared_conflict_cannot_be_taken_back(application, panel):
    services.conflict_declare(application=application, by=panel[0], has_conflict=True)
    with pytest.raises(TransitionNotAllowed):
        services.conflict_declare(application=application, by=panel[0], has_conflict=False)


def test_the_database_allows_one_declaration_per_member(application, panel):
    services.conflict_declare(application=application, by=panel[0], has_conflict=False)
    declaration = application.conflict_declarations.get()
    declaration.pk = None
    with pytest.raises(IntegrityError):
        declaration.save()


# ------------------------------------------------------------------------------------------
# Scores
# ------------------------------------------------------------------------------------------


def test_every_criterion_must_be_scored(application, panel):
    services.conflict_declare(application=application, by=panel[0], has_conflict=False)
    first = application.round.criteria.first()
    with pytest.raises(ValidationError) as err:
        services.score_submit(application=application, by=panel[0], scores={first.pk: (4, "")})
    assert len(err.value.message_dict) == 2
    assert "Give a score for Reach." in err.value.messages


def test_a_score_outside_one_to_five_is_refused_with_a_message(application, panel):
    services.conflict_declare(application=application, by=panel[0], has_conflict=False)
    criteria = list(application.round.criteria.all())
    scores = {c.pk: (6, "") for c in criteria}
    with pytest.raises(ValidationError) as err:
        services.score_submit(application=application, by=panel[0], scores=scores)
    assert err.value.message_dict[f"criterion_{criteria[0].pk}"] == [
        "Score Community benefit from 1 to 5."
    ]


def test_the_database_refuses_a_score_of_six(application, panel):
    helpers.declare_and_score(application, [panel[0]])
    with pytest.raises(IntegrityError):
        Score.objects.filter(member=panel[0]).update(score=6)


def test_scores_can_be_revised_while_with_the_panel(application, panel):
    helpers.declare_and_score(application, [panel[0]], value=2)
    helpers.score(application, panel[0], value=5)
    assert set(Score.objects.filter(member=panel[0]).values_list("score", flat=True)) == {5}
    assert Score.objects.filter(member=panel[0]).count() == 3


def test_scores_are_refused_once_the_application_is_decided(application, panel, officer):
    helpers.declare_and_score(application, panel[:3])
    services.application_decide(
        application=application, by=officer, decision="decline", rationale="Not this time."
    )
    with pytest.raises(TransitionNotAllowed):
        helpers.score(application, panel[0])


# ------------------------------------------------------------------------------------------
# Who sees which scores
# ------------------------------------------------------------------------------------------


def test_a_member_who_has_not_scored_sees_only_their_own(application, panel):
    helpers.declare_and_score(application, panel[:2])
    services.conflict_declare(application=application, by=panel[2], has_conflict=False)
    assert list(selectors.scores_visible_to(panel[2], application)) == []


def test_a_member_sees_the_others_scores_after_scoring(application, panel):
    helpers.declare_and_score(application, panel[:3])
    visible = selectors.scores_visible_to(panel[2], application)
    assert {s.member_id for s in visible} == {m.pk for m in panel[:3]}


def test_a_conflicted_member_never_sees_the_others_scores(application, panel):
    services.conflict_declare(application=application, by=panel[3], has_conflict=True)
    helpers.declare_and_score(application, panel[:3])
    assert list(selectors.scores_visible_to(panel[3], application)) == []


def test_a_member_who_turned_conflicted_no_longer_sees_the_scores(application, panel):
    helpers.declare_and_score(application, panel[:3])
    services.conflict_declare(application=application, by=panel[0], has_conflict=True)
    assert list(selectors.scores_visible_to(panel[0], application)) == []


def test_before_declaring_a_member_gets_the_summary_only(application, panel):
    seen = selectors.panel_application_get(member=panel[0], application_id=application.pk)
    assert seen.application is None
    assert seen.summary.project_title == "Tea and chat mornings"
    assert seen.summary.organisation_name == "Greenacres Community Garden"
    assert not seen.may_score


def test_after_declaring_no_conflict_a_member_gets_the_details(application, panel):
    services.conflict_declare(application=application, by=panel[0], has_conflict=False)
    seen = selectors.panel_application_get(member=panel[0], application_id=application.pk)
    assert seen.application.project_description.startswith("Weekly mornings")
    assert seen.may_score


def test_a_conflicted_member_keeps_the_summary_only(application, panel):
    services.conflict_declare(application=application, by=panel[0], has_conflict=True)
    seen = selectors.panel_application_get(member=panel[0], application_id=application.pk)
    assert seen.application is None
    assert not seen.may_score


def test_the_decision_record_lists_every_declaration(application, panel, officer):
    services.conflict_declare(application=application, by=panel[3], has_conflict=True)
    helpers.declare_and_score(application, panel[:3])
    record = selectors.decision_record(user=officer, application=application)
    assert [(d.member, d.has_conflict) for d in record.declarations] == [
        (panel[0], False),
        (panel[1], False),
        (panel[2], False),
        (panel[3], True),
    ]
    assert record.quorum.met
    assert record.weighted_average == 4


def test_the_decision_record_shows_a_conflicted_member_no_scores(application, panel):
    services.conflict_declare(application=application, by=panel[3], has_conflict=True)
    helpers.declare_and_score(application, panel[:3])
    record = selectors.decision_record(user=panel[3], application=application)
    assert not record.scores_visible
    assert all(result.scores == [] for result in record.criteria)
    assert len(record.declarations) == 4
