"""Bad input never breaks it, beyond the referral form and API (test_bad_input.py): money
out of range in a grant application, a "next" address that is not a path, and an API address
that matches nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.models import Application
from referrals.workflow import Status
from tests.community_assets.factories import make_listing, place
from tests.factories import postcode, user_with_role, ward
from tests.grants.factories import CommunityGroupFactory, EligibilityQuestionFactory, RoundFactory
from tests.referrals.case_data import referral_in
from thriving.accounts.roles import Role

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------------------------------
# Money: negative or fractional pence refused where it is not allowed
# ------------------------------------------------------------------------------------------


@pytest.fixture
def round_with_question(db):
    round_ = RoundFactory(name="Fast Action Grants")
    EligibilityQuestionFactory(round=round_, text="Based in Oldham?")
    return round_


@pytest.fixture
def group_client(client):
    client.force_login(user_with_role(Role.GRANT_APPLICANT, CommunityGroupFactory()))
    return client


def _grant_form(round_, amount: str) -> dict:
    today = timezone.localdate()
    data = {
        "group_type": "constituted_group",
        "project_title": "Tea and chat mornings",
        "project_description": "Weekly mornings for people who live alone.",
        "wards": [str(ward("Coldhurst").pk)],
        "people_reached": "40",
        "amount_requested": amount,
        "start_date": (today + timedelta(days=7)).isoformat(),
        "end_date": (today + timedelta(days=60)).isoformat(),
        "declaration_accurate": "on",
        "declaration_use_of_funds": "on",
        "declaration_monitoring": "on",
        "declaration_publication": "on",
        "budget-TOTAL_FORMS": "1",
        "budget-INITIAL_FORMS": "0",
        "budget-MIN_NUM_FORMS": "0",
        "budget-MAX_NUM_FORMS": "20",
        "budget-0-description": "Room hire",
        "budget-0-amount": amount,
        "action": "submit",
    }
    for question in round_.eligibility_questions.all():
        data[f"question_{question.pk}"] = "yes"
    return data


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-50", "Enter an amount of more than £0"),
        ("0", "Enter an amount of more than £0"),
        ("49.999", "no more than 2 digits for the pence"),
        ("0.001", "no more than 2 digits for the pence"),
        ("1e400", "less than £100,000,000"),
        ("1e30", "less than £100,000,000"),
        ("NaN", "Enter an amount"),
        ("Infinity", "Enter an amount"),
        ("99999999999999999999999", "less than £100,000,000"),
        ("three hundred", "Enter an amount"),
    ],
)
def test_money_out_of_range_is_refused_with_a_message(
    group_client, round_with_question, amount, message
):
    response = group_client.post(
        reverse("grants:apply", args=[round_with_question.pk]),
        _grant_form(round_with_question, amount),
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Application.objects.exists()


# ------------------------------------------------------------------------------------------
# An API address that matches nothing answers like the API
# ------------------------------------------------------------------------------------------


def test_an_api_address_with_a_malformed_id_is_a_json_404(gp_api):
    response = gp_api.get("/api/v1/referrals/not-a-uuid/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_a_page_address_that_matches_nothing_is_the_html_404_page(gp_client):
    response = gp_client.get("/referrals/not-a-uuid/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


# ------------------------------------------------------------------------------------------
# A "next" address that is not a path: Django's redirect() would look it up as a view name
# ------------------------------------------------------------------------------------------


@pytest.fixture
def engaged(practice, provider, link_worker):
    return referral_in(
        Status.ENGAGED, practice=practice, provider=provider, link_worker=link_worker
    )


def test_a_case_action_with_a_next_that_is_not_a_path_still_redirects(client, link_worker, engaged):
    client.force_login(link_worker)

    response = client.post(
        reverse("referrals:hold", args=[engaged.pk]), {"hold-reason": "Away", "next": "nowhere"}
    )

    assert response.status_code == 302


def test_suggesting_with_a_next_that_is_not_a_path_still_redirects(client, link_worker, engaged):
    client.force_login(link_worker)

    response = client.post(
        reverse("referrals:connection_suggest", args=[engaged.pk]), {"next": "nowhere"}
    )

    assert response.status_code == 302


def test_verifying_a_listing_with_a_next_that_is_not_a_path_still_redirects(client, db):
    keeper = user_with_role(Role.COMMUNITY_DEVELOPMENT_WORKER, CommunityGroupFactory())
    postcode("OL1 2AT", "Coldhurst")
    listing = make_listing(keeper, name="Walking group", places=[place("OL1 2AT")])
    client.force_login(keeper)

    response = client.post(
        reverse("community_assets:verify", args=[listing.pk]), {"next": "nowhere"}
    )

    assert response.status_code == 302


def test_the_code_page_with_a_next_that_is_not_a_path_still_redirects(client, referrer):
    client.force_login(referrer)

    response = client.get(reverse("accounts:otp_verify"), {"next": "nowhere"})

    assert response.status_code == 302
