"""Bad input never breaks it: the referral form and the API refuse malformed data with a
message that says what is wrong, never a 500, and store names in any script exactly.

The field-by-field rules have their own tests beside each app (tests/referrals/test_submit.py,
tests/referrals/test_api.py); these are the hostile cases across them.
"""

import json
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from referrals.models import Referral, ReferralReason

pytestmark = pytest.mark.django_db

SUBMIT_URL = reverse("referrals:submit")
API_URL = reverse("api:referrals")
ONE_MEGABYTE = "x" * (1024 * 1024)

NAMES = {
    "urdu": "عائشہ",
    "bengali": "রহিম",
    "polish": "Wiśniewska",
    "welsh": "Siân ap Gwilym",
    "apostrophe-and-hyphen": "O'Brien-Smith",
}
SCRIPT = "<script>alert(1)</script>"


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
        "town": "Oldham",
        "postcode": "OL1 1AA",
        "phone": "0161 555 0100",
        "preferred_contact_method": "phone",
        "language": "English",
        "consent_to_referral": "on",
        "reasons": [str(ReferralReason.objects.get(code="loneliness").pk)],
        "urgency": "routine",
    }
    data.update(overrides)
    return data


def payload(**overrides) -> dict:
    born = timezone.localdate() - timedelta(days=365 * 70)
    data = {
        "nhs_number": "943 476 5919",
        "given_name": "Zofia",
        "family_name": "Kowalczyk",
        "date_of_birth": born.isoformat(),
        "address_line_1": "12 Yorkshire Street",
        "postcode": "OL1 1AA",
        "phone": "0161 555 0100",
        "consent_to_referral": True,
        "reasons": ["loneliness"],
    }
    data.update(overrides)
    return data


def _form_errors(response, field: str) -> list[str]:
    assert response.status_code == 200, response.status_code
    return [str(e) for e in response.context["form"].errors.get(field, [])]


def _api_errors(response, field: str) -> str:
    assert response.status_code == 400, (response.status_code, response.content[:300])
    return " ".join(str(e) for e in response.json()[field])


# ------------------------------------------------------------------------------------------
# Names in any script, through the form and the API
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES.values(), ids=NAMES.keys())
def test_a_name_typed_in_the_form_is_stored_exactly(gp_client, name):
    gp_client.post(SUBMIT_URL, form_data(given_name=name, family_name=name))

    referral = Referral.objects.get()
    assert (referral.given_name, referral.family_name) == (name, name)


@pytest.mark.parametrize("name", NAMES.values(), ids=NAMES.keys())
def test_a_name_typed_in_the_form_is_shown_exactly_on_the_referral(gp_client, name):
    response = gp_client.post(SUBMIT_URL, form_data(given_name=name), follow=True)

    assert response.status_code == 200
    assert escape(name) in response.content.decode()


@pytest.mark.parametrize("name", NAMES.values(), ids=NAMES.keys())
def test_a_name_sent_to_the_api_is_stored_and_returned_exactly(gp_api, name):
    created = gp_api.post(API_URL, payload(given_name=name, family_name=name), format="json")

    assert created.status_code == 201, created.content
    detail = gp_api.get(reverse("api:referral_detail", args=[created.json()["id"]])).json()
    assert (detail["given_name"], detail["family_name"]) == (name, name)
    assert Referral.objects.get().given_name == name


# ------------------------------------------------------------------------------------------
# Script tags are text: stored as typed, escaped wherever they are shown
# ------------------------------------------------------------------------------------------


def test_a_script_tag_as_a_name_is_stored_as_text(gp_client):
    gp_client.post(SUBMIT_URL, form_data(given_name=SCRIPT))

    assert Referral.objects.get().given_name == SCRIPT


def test_a_script_tag_as_a_name_is_shown_escaped_on_the_referral(gp_client):
    response = gp_client.post(SUBMIT_URL, form_data(given_name=SCRIPT), follow=True)

    html = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert SCRIPT not in html


def test_a_script_tag_as_a_name_is_shown_escaped_in_the_coordinators_inbox(
    client, gp_client, coordinator
):
    gp_client.post(SUBMIT_URL, form_data(family_name=SCRIPT))
    client.force_login(coordinator)

    # The inbox shows family names in capitals, as NHS lists do.
    html = client.get(reverse("referrals:inbox")).content.decode().lower()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert SCRIPT not in html


def test_a_script_tag_sent_to_the_api_comes_back_as_the_same_text(gp_api):
    created = gp_api.post(API_URL, payload(given_name=SCRIPT), format="json")

    assert created.status_code == 201
    assert created["Content-Type"] == "application/json"
    assert created.json()["given_name"] == SCRIPT


def test_a_script_tag_typed_back_into_the_form_is_escaped_in_the_error_page(gp_client):
    response = gp_client.post(SUBMIT_URL, form_data(given_name=SCRIPT, postcode="nowhere"))

    html = response.content.decode()
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert SCRIPT not in html


# ------------------------------------------------------------------------------------------
# Huge strings, control characters, invalid Unicode
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["given_name", "address_line_1", "reason_details", "risk_notes"])
def test_a_megabyte_in_a_form_field_is_refused_with_a_message(gp_client, field):
    response = gp_client.post(SUBMIT_URL, form_data(**{field: ONE_MEGABYTE}))

    assert any("characters" in e for e in _form_errors(response, field))
    assert not Referral.objects.exists()


@pytest.mark.parametrize("field", ["given_name", "reason_details", "accessibility_needs"])
def test_a_megabyte_in_an_api_field_is_refused_with_a_message(gp_api, field):
    response = gp_api.post(API_URL, payload(**{field: ONE_MEGABYTE}), format="json")

    assert "no more than" in _api_errors(response, field)


def test_a_request_body_larger_than_django_takes_is_refused_not_a_crash(gp_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

    response = gp_client.post(SUBMIT_URL, form_data(reason_details="x" * (2 * 1024 * 1024)))

    assert response.status_code == 400


@pytest.mark.parametrize("text", ["Ann\x00e", "Ann\x07e", "Ann\x1b[31me", "Ann\x7fe"])
def test_control_characters_in_the_form_are_refused_with_a_message(gp_client, text):
    response = gp_client.post(SUBMIT_URL, form_data(given_name=text))

    errors = _form_errors(response, "given_name")
    assert any("control characters" in e or "Null characters" in e for e in errors), errors


def test_control_characters_in_free_text_are_refused_but_line_breaks_are_kept(gp_client):
    refused = gp_client.post(SUBMIT_URL, form_data(reason_details="Lives alone\x1b since May"))
    kept = gp_client.post(SUBMIT_URL, form_data(reason_details="Lives alone.\r\n\tSince May."))

    assert any("control characters" in e for e in _form_errors(refused, "reason_details"))
    assert kept.status_code == 302
    assert Referral.objects.get().reason_details == "Lives alone.\r\n\tSince May."


@pytest.mark.parametrize("field", ["given_name", "address_line_1", "reason_details", "language"])
def test_a_lone_surrogate_sent_to_the_api_is_a_400_with_a_message(gp_api, field):
    body = json.dumps(payload(**{field: "Sm\ud800ith"}))

    response = gp_api.post(API_URL, body, content_type="application/json")

    assert _api_errors(response, field)
    assert not Referral.objects.exists()


def test_bytes_that_are_not_utf8_in_the_form_do_not_break_it(gp_client):
    body = (
        "&".join(
            f"{key}={value}"
            for key, value in form_data(
                reasons=ReferralReason.objects.get(code="loneliness").pk
            ).items()
            if key != "given_name"
        ).encode()
        + b"&given_name=Ann%FF%FEe"
    )

    response = gp_client.post(SUBMIT_URL, body, content_type="application/x-www-form-urlencoded")

    assert response.status_code in (200, 302)


def test_a_control_character_sent_to_the_api_is_refused_with_a_message(gp_api):
    response = gp_api.post(API_URL, payload(family_name="Smi\u0000th"), format="json")

    assert "control characters" in _api_errors(response, "family_name")


# ------------------------------------------------------------------------------------------
# Wrong types
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("given_name", {"first": "Ann"}),
        ("given_name", ["Ann"]),
        ("date_of_birth", 19510314),
        ("date_of_birth", "14/03/1951"),
        ("consent_to_referral", "perhaps"),
        ("reasons", "loneliness"),
        ("reasons", [{"code": "loneliness"}]),
        ("organisation", "not-a-uuid"),
        ("interpreter_needed", [True]),
        ("urgency", 3),
    ],
)
def test_a_wrong_type_sent_to_the_api_is_a_400_naming_the_field(gp_api, field, value):
    response = gp_api.post(API_URL, payload(**{field: value}), format="json")

    assert _api_errors(response, field)
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("reasons", ["not-a-number"]),
        ("reasons", ["999999999"]),
        ("reasons", ["99999999999999999999999999"]),
        ("preferred_contact_method", "pigeon"),
        ("date_of_birth_year", "nineteen fifty"),
        ("date_of_birth_day", "-1"),
    ],
)
def test_a_wrong_type_typed_in_the_form_is_refused_with_a_message(gp_client, field, value):
    response = gp_client.post(SUBMIT_URL, form_data(**{field: value}))

    form_field = field.removesuffix("_year").removesuffix("_day")
    assert _form_errors(response, form_field)
    assert not Referral.objects.exists()


def test_a_submission_token_that_is_not_a_uuid_does_not_break_the_form(gp_client):
    response = gp_client.post(SUBMIT_URL, form_data(submission_token="not-a-uuid"))

    assert response.status_code in (200, 302)


def test_a_query_string_of_the_wrong_type_is_a_400_in_the_api(gp_api):
    response = gp_api.get(API_URL, {"page": "x" * 5000, "status": "\x00"})

    assert response.status_code in (200, 400, 404)


# ------------------------------------------------------------------------------------------
# Dates out of range
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["0", "0000", "10000", "99999999999999999999", "-1950"])
def test_a_date_of_birth_out_of_range_in_the_form_is_refused_with_a_message(gp_client, year):
    response = gp_client.post(SUBMIT_URL, form_data(date_of_birth_year=year))

    assert _form_errors(response, "date_of_birth") == ["Date of birth must be a real date"]


@pytest.mark.parametrize("value", ["0000-01-01", "10000-01-01", "1950-13-01", "-1950-01-01"])
def test_a_date_of_birth_out_of_range_in_the_api_is_refused_with_a_message(gp_api, value):
    response = gp_api.post(API_URL, payload(date_of_birth=value), format="json")

    assert "Date of birth must be a real date" in _api_errors(response, "date_of_birth")
