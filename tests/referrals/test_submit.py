import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from referrals.models import AllocationRule, Referral, ReferralReason
from referrals.workflow import Status
from tests.factories import GPPracticeFactory, ReferralFactory, postcode
from thriving.accounts.models import Membership
from thriving.accounts.roles import Role

pytestmark = pytest.mark.django_db

SUBMIT_URL = reverse("referrals:submit")


def form_data(**overrides) -> dict:
    born = timezone.localdate() - timedelta(days=365 * 70)
    data = {
        "submission_token": str(uuid.uuid4()),
        "nhs_number": "943 476 5919",
        "given_name": "Zofia",
        "family_name": "Kowalczyk",
        "date_of_birth_day": str(born.day),
        "date_of_birth_month": str(born.month),
        "date_of_birth_year": str(born.year),
        "address_line_1": "12 Yorkshire Street",
        "address_line_2": "",
        "town": "Oldham",
        "postcode": "ol1 1aa",
        "phone": "0161 555 0100",
        "email": "",
        "preferred_contact_method": "phone",
        "language": "Polish",
        "interpreter_needed": "on",
        "accessibility_needs": "Uses a walking frame",
        "consent_to_referral": "on",
        "consent_to_share": "on",
        "reasons": [str(ReferralReason.objects.get(code="loneliness").pk)],
        "reason_details": "Recently widowed, rarely leaves the house.",
        "risk_notes": "",
        "urgency": "routine",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def gp_client(client, referrer):
    client.force_login(referrer)
    return client


def html_of(response) -> str:
    return response.content.decode()


# ------------------------------------------------------------------------------------------
# Who may use the page
# ------------------------------------------------------------------------------------------


def test_anonymous_user_is_sent_to_sign_in(client):
    response = client.get(SUBMIT_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role_fixture", ["link_worker", "coordinator"])
def test_provider_staff_cannot_open_the_submit_form(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(SUBMIT_URL).status_code == 403


def test_provider_staff_cannot_post_a_referral(client, link_worker):
    client.force_login(link_worker)
    assert client.post(SUBMIT_URL, form_data()).status_code == 403
    assert Referral.objects.count() == 0


def test_form_carries_a_fresh_submission_token(gp_client):
    first = gp_client.get(SUBMIT_URL).context["form"]["submission_token"].value()
    second = gp_client.get(SUBMIT_URL).context["form"]["submission_token"].value()
    assert uuid.UUID(str(first)) != uuid.UUID(str(second))


# ------------------------------------------------------------------------------------------
# The happy path
# ------------------------------------------------------------------------------------------


def test_submitting_creates_a_referral_with_its_first_event(gp_client, referrer, practice):
    gp_client.post(SUBMIT_URL, form_data())

    referral = Referral.objects.get()
    assert referral.nhs_number == "9434765919"
    assert referral.postcode == "OL1 1AA"
    assert referral.referrer == referrer
    assert referral.referring_organisation == practice
    assert referral.language == "Polish"
    assert referral.interpreter_needed is True
    assert referral.consent_to_share is True
    assert [r.code for r in referral.reasons.all()] == ["loneliness"]
    assert referral.status == Status.SUBMITTED
    assert [(e.actor, e.to_status) for e in referral.events.all()] == [(referrer, Status.SUBMITTED)]


def test_submitting_redirects_to_the_referral_with_its_reference(gp_client):
    response = gp_client.post(SUBMIT_URL, form_data())

    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("referrals:detail", args=[referral.pk])
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [f"Referral sent. Its reference is {referral.reference}."]


def test_a_known_postcode_gives_the_referral_its_ward(gp_client):
    postcode("OL1 1AA", "Coldhurst")
    gp_client.post(SUBMIT_URL, form_data())
    assert Referral.objects.get().ward.name == "Coldhurst"


def test_a_postcode_we_do_not_know_is_accepted_without_a_ward(gp_client):
    response = gp_client.post(SUBMIT_URL, form_data(postcode="m1 1ae"))
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.postcode, referral.ward) == ("M1 1AE", None)


# ------------------------------------------------------------------------------------------
# Submitting twice
# ------------------------------------------------------------------------------------------


def test_posting_the_same_form_twice_creates_one_referral(gp_client):
    data = form_data()
    first = gp_client.post(SUBMIT_URL, data)
    second = gp_client.post(SUBMIT_URL, data)

    referral = Referral.objects.get()
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == reverse("referrals:detail", args=[referral.pk])


def test_a_form_that_lost_its_token_still_submits(gp_client):
    response = gp_client.post(SUBMIT_URL, form_data(submission_token="not-a-token"))
    assert response.status_code == 302
    assert Referral.objects.get().submission_token is not None


# ------------------------------------------------------------------------------------------
# Validation: what the referrer is told
# ------------------------------------------------------------------------------------------


def _years_ago(years: int, days: int = 0) -> dict:
    day = timezone.localdate()
    day = day.replace(year=day.year - years, day=min(day.day, 28)) - timedelta(days=days)
    return {
        "date_of_birth_day": str(day.day),
        "date_of_birth_month": str(day.month),
        "date_of_birth_year": str(day.year),
    }


def _tomorrow() -> dict:
    day = timezone.localdate() + timedelta(days=1)
    return {
        "date_of_birth_day": str(day.day),
        "date_of_birth_month": str(day.month),
        "date_of_birth_year": str(day.year),
    }


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"nhs_number": "943 476 5918"}, "nhs_number", "Enter a valid NHS number"),
        ({"nhs_number": "12345"}, "nhs_number", "Enter an NHS number with 10 digits"),
        ({"nhs_number": ""}, "nhs_number", "Enter the person's NHS number"),
        ({"postcode": "OL1"}, "postcode", "Enter a full UK postcode, like OL1 1AA"),
        ({"postcode": ""}, "postcode", "Enter the person's postcode"),
        ("tomorrow", "date_of_birth", "Date of birth must be in the past"),
        ("121 years ago", "date_of_birth", "Date of birth must be less than 120 years ago"),
        (
            {"date_of_birth_day": "31", "date_of_birth_month": "2", "date_of_birth_year": "1950"},
            "date_of_birth",
            "Date of birth must be a real date",
        ),
        ({"date_of_birth_month": ""}, "date_of_birth", "Date of birth must include a month"),
        (
            {"date_of_birth_day": "", "date_of_birth_month": "", "date_of_birth_year": ""},
            "date_of_birth",
            "Enter the person's date of birth",
        ),
        (
            {"consent_to_referral": None},
            "consent_to_referral",
            "The person must agree to the referral before you submit it",
        ),
        ({"reasons": None}, "reasons", "Choose at least one reason for the referral"),
        ({"given_name": ""}, "given_name", "Enter the person's first name"),
        ({"phone": "call me"}, "phone", "Enter a phone number, like 0161 770 3000"),
        (
            {"phone": "", "preferred_contact_method": "text"},
            "phone",
            "Enter a phone number, or choose another way to contact the person",
        ),
        (
            {"preferred_contact_method": "email"},
            "email",
            "Enter an email address, or choose another way to contact the person",
        ),
    ],
    ids=[
        "nhs-number-check-digit",
        "nhs-number-too-short",
        "nhs-number-missing",
        "postcode-bad",
        "postcode-missing",
        "dob-in-future",
        "dob-over-120-years",
        "dob-not-a-real-date",
        "dob-incomplete",
        "dob-missing",
        "no-consent",
        "no-reason",
        "no-first-name",
        "phone-not-a-number",
        "text-without-phone",
        "email-without-address",
    ],
)
def test_invalid_input_is_refused_with_a_message(gp_client, overrides, field, message):
    if overrides == "tomorrow":
        overrides = _tomorrow()
    elif overrides == "121 years ago":
        overrides = _years_ago(121)

    response = gp_client.post(SUBMIT_URL, form_data(**overrides))

    assert response.status_code == 200
    assert Referral.objects.count() == 0
    errors = response.context["form"].errors[field]
    assert any(message in e for e in errors), errors
    assert escape(message) in html_of(response)


def test_a_date_of_birth_just_under_120_years_ago_is_accepted(gp_client):
    response = gp_client.post(SUBMIT_URL, form_data(**_years_ago(120, days=-1)))
    assert response.status_code == 302


def test_errors_show_an_error_summary_linking_to_each_field(gp_client):
    response = gp_client.post(SUBMIT_URL, form_data(postcode="nope", reasons=None))
    html = html_of(response)
    assert 'class="nhsuk-error-summary"' in html
    assert '<a href="#id_postcode">Enter a full UK postcode, like OL1 1AA</a>' in html
    assert '<a href="#id_reasons">Choose at least one reason for the referral</a>' in html
    assert "<title>Refer someone for social prescribing – Error –" in html


def test_an_error_keeps_everything_that_was_typed(gp_client):
    response = gp_client.post(SUBMIT_URL, form_data(postcode="nope"))
    html = html_of(response)
    for typed in [
        'value="943 476 5919"',
        'value="Zofia"',
        'value="Kowalczyk"',
        'value="12 Yorkshire Street"',
        'value="nope"',
        'value="Polish"',
        "Recently widowed, rarely leaves the house.",
        "Uses a walking frame",
    ]:
        assert typed in html, typed
    form = response.context["form"]
    assert form["consent_to_referral"].value() is True
    assert form["reasons"].value() == form_data()["reasons"]
    assert form["date_of_birth"].value()[2] == form_data()["date_of_birth_year"]


# ------------------------------------------------------------------------------------------
# Which organisation refers
# ------------------------------------------------------------------------------------------


def test_a_referrer_of_one_organisation_is_not_asked_which(gp_client):
    html = gp_client.get(SUBMIT_URL).content.decode()
    assert "Which organisation are you referring for?" not in html


def test_a_referrer_of_two_organisations_chooses_which(client, referrer, practice):
    second = GPPracticeFactory(name="Hollinwood Health Centre")
    Membership.objects.create(user=referrer, organisation=second, role=Role.REFERRER)
    client.force_login(referrer)

    assert "Which organisation are you referring for?" in client.get(SUBMIT_URL).content.decode()
    client.post(SUBMIT_URL, form_data(referring_organisation=str(second.pk)))
    assert Referral.objects.get().referring_organisation == second


def test_a_referrer_of_two_organisations_must_choose_one(client, referrer, practice):
    Membership.objects.create(user=referrer, organisation=GPPracticeFactory(), role=Role.REFERRER)
    client.force_login(referrer)

    response = client.post(SUBMIT_URL, form_data())

    assert response.context["form"].errors["referring_organisation"] == [
        "Choose the organisation you are referring for"
    ]


def test_a_referrer_cannot_refer_for_an_organisation_they_do_not_belong_to(
    gp_client, other_practice
):
    response = gp_client.post(SUBMIT_URL, form_data(referring_organisation=str(other_practice.pk)))
    assert response.status_code == 200
    assert Referral.objects.count() == 0


# ------------------------------------------------------------------------------------------
# Likely duplicates
# ------------------------------------------------------------------------------------------


def test_an_open_referral_of_ours_for_the_same_person_is_shown_with_a_link(
    gp_client, referrer, practice
):
    existing = ReferralFactory(
        nhs_number="9434765919", referring_organisation=practice, referrer=referrer
    )

    response = gp_client.post(SUBMIT_URL, form_data())

    html = html_of(response)
    assert response.status_code == 200
    assert Referral.objects.count() == 1
    assert "This person may already have an open referral" in html
    assert f'href="{reverse("referrals:detail", args=[existing.pk])}"' in html
    assert existing.reference in html
    assert "Refer anyway" in html
    assert 'value="Kowalczyk"' in html


def test_an_open_referral_elsewhere_is_mentioned_without_its_details(gp_client, other_practice):
    existing = ReferralFactory(nhs_number="9434765919", referring_organisation=other_practice)

    response = gp_client.post(SUBMIT_URL, form_data())

    html = html_of(response)
    assert Referral.objects.count() == 1
    assert "Another organisation has an open referral for this NHS number" in html
    assert existing.reference not in html
    assert str(existing.pk) not in html
    assert other_practice.name not in html


def test_refer_anyway_submits_despite_an_open_referral(gp_client, other_practice):
    ReferralFactory(nhs_number="9434765919", referring_organisation=other_practice)

    response = gp_client.post(SUBMIT_URL, form_data(refer_anyway="on"))

    assert response.status_code == 302
    assert Referral.objects.filter(nhs_number="9434765919").count() == 2


def test_a_closed_referral_for_the_same_person_is_not_a_duplicate(gp_client, practice):
    ReferralFactory(
        nhs_number="9434765919", referring_organisation=practice, status=Status.REJECTED
    )
    assert gp_client.post(SUBMIT_URL, form_data()).status_code == 302


def test_resubmitting_after_success_is_not_flagged_as_a_duplicate(gp_client):
    data = form_data()
    gp_client.post(SUBMIT_URL, data)
    response = gp_client.post(SUBMIT_URL, data)
    assert response.status_code == 302
    assert Referral.objects.count() == 1


def test_a_rule_for_a_closed_provider_leaves_the_referral_in_the_inbox(gp_client, other_provider):
    """An allocation rule pointing at a provider that has since closed is skipped: the
    referral is still made, and waits unallocated for a coordinator."""
    ward = postcode("OL1 1AA", "Coldhurst").ward
    AllocationRule.objects.create(ward=ward, provider=other_provider)
    other_provider.is_active = False
    other_provider.save()

    response = gp_client.post(SUBMIT_URL, form_data())

    referral = Referral.objects.get()
    assert response.status_code == 302
    assert referral.provider is None
    assert referral.status == "submitted"
