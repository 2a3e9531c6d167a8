"""The panel member's pages: the applications before their panels, declaring an interest,
scoring, and whose scores they see."""

import pytest
from django.urls import reverse

from grants import services
from grants.models import ConflictDeclaration, Score
from grants.workflow import Status
from tests.factories import ward
from tests.grants import helpers
from tests.grants.factories import ApplicationFactory, RoundFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("grants:panel_list")
DESCRIPTION = "Weekly mornings for people who live alone."


def html_of(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def page_url(application) -> str:
    return reverse("grants:panel_application", args=[application.pk])


@pytest.fixture
def at_panel(round_, applicant, group, officer):
    return helpers.at_panel(round_, applicant, group, officer)


@pytest.fixture
def member(panel):
    return panel[0]


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def _declare(client, application, has_conflict, note=""):
    return client.post(
        reverse("grants:declare", args=[application.pk]),
        {"declaration-has_conflict": has_conflict, "declaration-note": note},
    )


def _score_data(application, value="4", comment="Good"):
    data = {}
    for criterion in application.round.criteria.all():
        data[f"score-criterion_{criterion.pk}"] = value
        data[f"score-comment_{criterion.pk}"] = comment
    return data


# ------------------------------------------------------------------------------------------
# Who may use the pages
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["applicant", "officer", "link_worker"])
def test_other_roles_cannot_open_the_panel_list(client, request, person):
    client.force_login(request.getfixturevalue(person))
    assert client.get(LIST_URL).status_code == 403


def test_the_group_cannot_open_the_panel_page_of_its_application(client, applicant, at_panel):
    client.force_login(applicant)
    assert client.get(page_url(at_panel)).status_code == 403


def test_a_panel_member_of_another_round_gets_404(client, outsider, at_panel):
    client.force_login(outsider)
    assert client.get(page_url(at_panel)).status_code == 404
    assert _declare(client, at_panel, "no").status_code == 404
    assert ConflictDeclaration.objects.count() == 0


def test_an_application_still_being_checked_is_not_before_the_panel(
    member_client, round_, applicant, group
):
    application = helpers.submitted(round_, applicant, group)
    assert member_client.get(page_url(application)).status_code == 404


def test_grants_start_page_sends_the_panel_member_to_the_panel_list(member_client):
    assert member_client.get(reverse("grants:index")).url == LIST_URL


# ------------------------------------------------------------------------------------------
# The list
# ------------------------------------------------------------------------------------------


def test_list_shows_the_members_part_on_each_application(member_client, at_panel, member):
    html = html_of(member_client.get(LIST_URL))
    assert at_panel.reference in html
    assert "Declare your interest" in html
    services.conflict_declare(application=at_panel, by=member, has_conflict=False)
    assert "To score" in html_of(member_client.get(LIST_URL))


def test_list_leaves_out_other_rounds(member_client, at_panel):
    other = ApplicationFactory(round=RoundFactory(), status=Status.PANEL_REVIEW)
    html = html_of(member_client.get(LIST_URL))
    assert other.reference not in html


def test_list_costs_the_same_queries_for_sixty_applications(
    member_client, round_, django_assert_max_num_queries
):
    for _ in range(60):
        ApplicationFactory(round=round_, status=Status.PANEL_REVIEW, wards=[ward("Shaw")])
    with django_assert_max_num_queries(10):
        response = member_client.get(LIST_URL)
    assert response.context["page_obj"].paginator.count == 60
    assert len(response.context["page_obj"].object_list) == 25


# ------------------------------------------------------------------------------------------
# Declaring an interest
# ------------------------------------------------------------------------------------------


def test_before_declaring_only_the_summary_is_shown(member_client, at_panel):
    response = member_client.get(page_url(at_panel))
    html = html_of(response)
    assert at_panel.project_title in html
    assert "Coldhurst" in html
    assert DESCRIPTION not in html
    assert "Room hire" not in html
    assert response.context["score_form"] is None
    assert "Do you have a conflict of interest" in html


def test_declaring_no_conflict_opens_the_details_and_the_scoring(member_client, at_panel, member):
    response = _declare(member_client, at_panel, "no")
    assert response.url == page_url(at_panel)
    assert not ConflictDeclaration.objects.get(member=member).has_conflict
    page = member_client.get(page_url(at_panel))
    assert DESCRIPTION in html_of(page)
    assert page.context["score_form"] is not None


def test_a_conflict_needs_saying_what_it_is(member_client, at_panel):
    response = _declare(member_client, at_panel, "yes")
    assert "Say what your conflict of interest is" in html_of(response)
    assert ConflictDeclaration.objects.count() == 0


def test_choosing_nothing_is_refused(member_client, at_panel):
    response = _declare(member_client, at_panel, "")
    assert "Choose whether you have a conflict of interest" in html_of(response)


def test_a_conflicted_member_sees_only_the_summary_and_cannot_score(member_client, at_panel):
    _declare(member_client, at_panel, "yes", "I am the group's treasurer")
    response = member_client.get(page_url(at_panel))
    html = html_of(response)
    assert "You declared a conflict of interest" in html
    assert DESCRIPTION not in html
    assert response.context["score_form"] is None
    post = member_client.post(reverse("grants:score", args=[at_panel.pk]), _score_data(at_panel))
    assert messages_of(post) == [
        "You declared a conflict of interest, so you cannot score this application."
    ]
    assert Score.objects.count() == 0


def test_a_conflicted_member_never_sees_the_others_scores(member_client, at_panel, panel):
    _declare(member_client, at_panel, "yes", "My sister runs it")
    helpers.declare_and_score(at_panel, panel[1:], value=5)
    html = html_of(member_client.get(page_url(at_panel)))
    assert "You declared a conflict of interest, so you do not see the panel" in html
    assert "Panel Member 2" in html  # listed among the declarations
    assert "Weighted average" not in html


def test_a_member_who_declared_none_can_later_declare_a_conflict(member_client, at_panel, member):
    _declare(member_client, at_panel, "no")
    member_client.post(reverse("grants:score", args=[at_panel.pk]), _score_data(at_panel))
    response = member_client.post(
        reverse("grants:declare", args=[at_panel.pk]), {"conflict-note": "I now volunteer there"}
    )
    assert "You have declared a conflict of interest" in messages_of(response)[-1]
    assert ConflictDeclaration.objects.get(member=member).has_conflict
    assert Score.objects.filter(member=member).count() == 0


# ------------------------------------------------------------------------------------------
# Scoring
# ------------------------------------------------------------------------------------------


def test_scoring_every_criterion(member_client, at_panel, member):
    _declare(member_client, at_panel, "no")
    response = member_client.post(
        reverse("grants:score", args=[at_panel.pk]), _score_data(at_panel, "5", "Great")
    )
    assert response.url == page_url(at_panel)
    assert sorted(Score.objects.filter(member=member).values_list("score", flat=True)) == [5, 5, 5]


def test_scoring_before_declaring_is_refused(member_client, at_panel):
    response = member_client.post(
        reverse("grants:score", args=[at_panel.pk]), _score_data(at_panel)
    )
    assert messages_of(response) == [
        "Declare whether you have a conflict of interest before scoring."
    ]
    assert Score.objects.count() == 0


def test_a_missing_score_is_named(member_client, at_panel):
    _declare(member_client, at_panel, "no")
    data = _score_data(at_panel)
    reach = at_panel.round.criteria.get(name="Reach")
    del data[f"score-criterion_{reach.pk}"]
    response = member_client.post(reverse("grants:score", args=[at_panel.pk]), data)
    assert "Give a score for Reach" in html_of(response)
    assert Score.objects.count() == 0


def test_a_score_outside_one_to_five_is_refused(member_client, at_panel):
    _declare(member_client, at_panel, "no")
    response = member_client.post(
        reverse("grants:score", args=[at_panel.pk]), _score_data(at_panel, "9")
    )
    assert "Score Reach from 1 to 5" in html_of(response)


def test_others_scores_are_hidden_until_the_member_has_scored(member_client, at_panel, panel):
    helpers.declare_and_score(at_panel, panel[1:2], value=2)
    panel[1].full_name = "Priya Scorer"
    panel[1].save()
    _declare(member_client, at_panel, "no")
    before = html_of(member_client.get(page_url(at_panel)))
    assert "You will see the other panel members&#x27; scores once you have scored" in before
    assert "Priya Scorer" in before  # her declaration is listed, her scores are not
    assert "Weighted average" not in before
    member_client.post(reverse("grants:score", args=[at_panel.pk]), _score_data(at_panel, "4"))
    after = html_of(member_client.get(page_url(at_panel)))
    assert "Weighted average" in after
    assert "average 3.00" in after


def test_the_score_form_comes_back_with_the_members_scores(member_client, at_panel):
    _declare(member_client, at_panel, "no")
    member_client.post(reverse("grants:score", args=[at_panel.pk]), _score_data(at_panel, "3"))
    form = member_client.get(page_url(at_panel)).context["score_form"]
    criterion = at_panel.round.criteria.first()
    assert form[f"criterion_{criterion.pk}"].value() == "3"


def test_scoring_after_the_decision_is_a_message(
    member_client, round_, applicant, group, officer, panel
):
    application = helpers.approved(round_, applicant, group, officer, panel)
    client_member = panel[0]
    assert Score.objects.filter(member=client_member).exists()
    response = member_client.post(
        reverse("grants:score", args=[application.pk]), _score_data(application)
    )
    assert messages_of(response) == [
        "Scores can only be given while the application is with the panel."
    ]
