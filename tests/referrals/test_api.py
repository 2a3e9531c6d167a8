import json
import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from referrals import services
from referrals.models import CaseNote, Referral, ReferralReason
from referrals.workflow import CloseReason, Status
from tests.factories import (
    GPPracticeFactory,
    OrganisationFactory,
    ReferralFactory,
    postcode,
    user_with_role,
)
from thriving.accounts.models import Membership
from thriving.accounts.roles import OrganisationKind, Role
from thriving.accounts.services import api_token_create
from thriving.audit.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db

REFERRALS_URL = reverse("api:referrals")
CASELOAD_URL = reverse("api:caseload")
REASONS_URL = reverse("api:reasons")
MISSING = object()


def detail_url(referral) -> str:
    return reverse("api:referral_detail", args=[referral.pk])


def payload(**overrides) -> dict:
    born = timezone.localdate() - timedelta(days=365 * 70)
    data = {
        "nhs_number": "943 476 5919",
        "given_name": "Zofia",
        "family_name": "Kowalczyk",
        "date_of_birth": born.isoformat(),
        "address_line_1": "12 Yorkshire Street",
        "town": "Oldham",
        "postcode": "ol1 1aa",
        "phone": "0161 555 0100",
        "preferred_contact_method": "phone",
        "language": "Polish",
        "interpreter_needed": True,
        "accessibility_needs": "Uses a walking frame",
        "consent_to_referral": True,
        "consent_to_share": True,
        "reasons": ["loneliness"],
        "reason_details": "Recently widowed, rarely leaves the house.",
        "urgency": "routine",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not MISSING}


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def gp_api(referrer):
    return api_as(referrer)


def submit(client, data=None, **headers):
    return client.post(REFERRALS_URL, data or payload(), format="json", headers=headers)


def case(provider, link_worker, **kwargs):
    kwargs.setdefault("status", Status.ENGAGED)
    return ReferralFactory(
        provider=provider,
        link_worker=link_worker,
        accepted_at=timezone.now() - timedelta(days=3),
        **kwargs,
    )


# ------------------------------------------------------------------------------------------
# Submitting a referral
# ------------------------------------------------------------------------------------------


def test_referrer_submits_a_referral(gp_api, referrer, practice):
    response = submit(gp_api)

    assert response.status_code == 201
    referral = Referral.objects.get()
    assert referral.referrer == referrer
    assert referral.referring_organisation == practice
    assert referral.status == Status.SUBMITTED
    assert [r.code for r in referral.reasons.all()] == ["loneliness"]


def test_submission_returns_the_referral_and_its_location(gp_api):
    response = submit(gp_api)

    referral = Referral.objects.get()
    body = response.json()
    assert body["id"] == str(referral.pk)
    assert body["reference"] == referral.reference
    assert body["status"] == "submitted"
    assert body["reasons"] == [{"code": "loneliness", "label": "Loneliness and isolation"}]
    assert response["Location"] == detail_url(referral)


def test_submission_normalises_nhs_number_and_postcode(gp_api):
    submit(gp_api)

    referral = Referral.objects.get()
    assert referral.nhs_number == "9434765919"
    assert referral.postcode == "OL1 1AA"


def test_submission_to_a_ward_with_a_rule_is_allocated(gp_api, provider):
    from referrals.models import AllocationRule

    known = postcode("OL1 3AA", "Coldhurst")
    AllocationRule.objects.create(ward=known.ward, provider=provider)

    response = submit(gp_api, payload(postcode="OL1 3AA"))

    assert response.json()["status"] == "allocated"
    assert response.json()["provider"] == {"id": str(provider.pk), "name": provider.name}


def test_names_in_any_script_are_stored_exactly(gp_api):
    submit(gp_api, payload(given_name="عائشہ", family_name="O'Brien-Wyn ap Siân"))

    referral = Referral.objects.get()
    assert (referral.given_name, referral.family_name) == ("عائشہ", "O'Brien-Wyn ap Siân")


def test_a_referrer_of_several_organisations_names_one(referrer, practice):
    second = GPPracticeFactory()
    Membership.objects.create(user=referrer, organisation=second, role=Role.REFERRER)

    response = submit(api_as(referrer), payload(organisation=str(second.pk)))

    assert response.status_code == 201
    assert Referral.objects.get().referring_organisation == second


def test_a_referrer_of_several_organisations_must_name_one(referrer, practice):
    Membership.objects.create(user=referrer, organisation=GPPracticeFactory(), role=Role.REFERRER)

    response = submit(api_as(referrer))

    assert response.status_code == 400
    assert response.json() == {"organisation": ["Choose the organisation you are referring for"]}


def test_an_organisation_the_referrer_does_not_belong_to_is_refused(gp_api, other_practice):
    response = submit(gp_api, payload(organisation=str(other_practice.pk)))

    assert response.status_code == 400
    assert response.json() == {"organisation": ["Choose an organisation you are a referrer for"]}
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"nhs_number": "943 476 5918"}, "nhs_number", "its last digit does not match"),
        ({"nhs_number": "12345"}, "nhs_number", "Enter an NHS number with 10 digits"),
        ({"nhs_number": MISSING}, "nhs_number", "Enter the person's NHS number"),
        ({"given_name": ""}, "given_name", "This field may not be blank."),
        ({"family_name": MISSING}, "family_name", "Enter the person's last name"),
        ({"address_line_1": MISSING}, "address_line_1", "Enter the first line"),
        ({"postcode": "OL1"}, "postcode", "Enter a full UK postcode, like OL1 1AA"),
        ({"postcode": MISSING}, "postcode", "Enter the person's postcode"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth", "Date of birth must be in the past"),
        ({"date_of_birth": "1890-01-01"}, "date_of_birth", "less than 120 years ago"),
        ({"date_of_birth": "2001-02-30"}, "date_of_birth", "Date of birth must be a real date"),
        ({"date_of_birth": MISSING}, "date_of_birth", "Enter the person's date of birth"),
        ({"consent_to_referral": False}, "consent_to_referral", "must agree to the referral"),
        ({"consent_to_referral": MISSING}, "consent_to_referral", "must agree to the referral"),
        ({"reasons": []}, "reasons", "Choose at least one reason for the referral"),
        ({"reasons": MISSING}, "reasons", "Choose at least one reason for the referral"),
        ({"reasons": ["not-a-reason"]}, "reasons", "These are not reason codes: not-a-reason"),
        ({"phone": ""}, "phone", "Enter a phone number, or choose another way"),
        ({"phone": "call me"}, "phone", "Enter a phone number, like 0161 770 3000"),
        (
            {"preferred_contact_method": "email", "email": ""},
            "email",
            "Enter an email address, or choose another way",
        ),
        ({"email": "not an email"}, "email", "Enter an email address in the correct format"),
        ({"preferred_contact_method": "pigeon"}, "preferred_contact_method", "not a valid choice"),
        ({"urgency": "whenever"}, "urgency", "not a valid choice"),
        ({"given_name": "Ann\x00e"}, "given_name", "Remove the hidden control characters"),
        ({"given_name": "x" * 101}, "given_name", "no more than 100 characters"),
        ({"reason_details": "x" * 5001}, "reason_details", "no more than 5000 characters"),
        ({"interpreter_needed": "perhaps"}, "interpreter_needed", "Must be a valid boolean"),
    ],
)
def test_invalid_field_is_a_400_naming_the_field(gp_api, overrides, field, message):
    response = submit(gp_api, payload(**overrides))

    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    assert not Referral.objects.exists()


@pytest.mark.parametrize("field", ["family_name", "urgency"])
def test_a_lone_surrogate_is_a_400_not_a_crash(gp_api, field):
    # json.dumps writes it as the escape \ud800: valid JSON that no UTF-8 text can hold.
    body = json.dumps(payload(**{field: "Sm\ud800ith"}))

    response = gp_api.post(REFERRALS_URL, body, content_type="application/json")

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_a_body_that_is_not_json_is_a_400(gp_api):
    response = gp_api.post(REFERRALS_URL, "{not json", content_type="application/json")

    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_a_body_that_is_not_an_object_is_a_400(gp_api):
    response = gp_api.post(REFERRALS_URL, ["a", "list"], format="json")

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Invalid data. Expected a dictionary, but got list."]
    }


def test_an_open_referral_for_the_same_nhs_number_is_refused_as_a_likely_duplicate(
    gp_api, referrer, practice
):
    earlier = ReferralFactory(
        nhs_number="9434765919", referring_organisation=practice, referrer=referrer
    )

    response = submit(gp_api)

    assert response.status_code == 400
    messages = response.json()["nhs_number"]
    assert messages[0] == "This person may already have an open referral."
    assert f"referral {earlier.reference} is submitted" in messages[1]
    assert Referral.objects.count() == 1


def test_a_duplicate_made_by_another_organisation_is_not_described(gp_api, other_practice):
    earlier = ReferralFactory(nhs_number="9434765919", referring_organisation=other_practice)

    response = submit(gp_api)

    text = " ".join(response.json()["nhs_number"])
    assert "Another organisation has an open referral for this NHS number" in text
    assert earlier.reference not in text


def test_refer_anyway_submits_despite_an_open_referral(gp_api, other_practice):
    ReferralFactory(nhs_number="9434765919", referring_organisation=other_practice)

    response = submit(gp_api, payload(refer_anyway=True))

    assert response.status_code == 201
    assert Referral.objects.count() == 2


def test_a_service_validation_error_is_a_400_on_its_field(gp_api, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({"postcode": "We do not serve this postcode."})

    monkeypatch.setattr(services, "referral_submit", refuse)

    response = submit(gp_api)

    assert response.status_code == 400
    assert response.json() == {"postcode": ["We do not serve this postcode."]}


def test_a_service_refusal_of_permission_is_a_403(gp_api, monkeypatch):
    def refuse(**kwargs):
        raise PermissionDenied("You can only refer on behalf of your own organisation.")

    monkeypatch.setattr(services, "referral_submit", refuse)

    response = submit(gp_api)

    assert response.status_code == 403
    assert response.json() == {"detail": "You can only refer on behalf of your own organisation."}


@pytest.mark.parametrize("role_fixture", ["link_worker", "coordinator"])
def test_provider_staff_cannot_submit(request, role_fixture):
    response = submit(api_as(request.getfixturevalue(role_fixture)))

    assert response.status_code == 403
    assert response.json() == {"detail": "Only referrers can submit referrals."}
    assert not Referral.objects.exists()


# ------------------------------------------------------------------------------------------
# Idempotency-Key
# ------------------------------------------------------------------------------------------


def test_a_replayed_idempotency_key_creates_one_referral(gp_api):
    key = str(uuid.uuid4())

    submit(gp_api, **{"Idempotency-Key": key})
    submit(gp_api, **{"Idempotency-Key": key})

    assert Referral.objects.count() == 1


def test_a_replay_returns_200_with_the_first_response_body(gp_api):
    key = str(uuid.uuid4())

    first = submit(gp_api, **{"Idempotency-Key": key})
    replay = submit(gp_api, **{"Idempotency-Key": key})

    assert (first.status_code, replay.status_code) == (201, 200)
    assert replay.json() == first.json()


def test_a_replay_returns_the_first_referral_even_if_the_body_changed(gp_api):
    key = str(uuid.uuid4())
    first = submit(gp_api, **{"Idempotency-Key": key})

    replay = submit(gp_api, payload(given_name="Someone else"), **{"Idempotency-Key": key})

    assert replay.json()["id"] == first.json()["id"]
    assert Referral.objects.get().given_name == "Zofia"


def test_a_key_that_is_not_a_uuid_is_idempotent_too(gp_api):
    submit(gp_api, **{"Idempotency-Key": "practice-system-request-81723"})
    replay = submit(gp_api, **{"Idempotency-Key": "practice-system-request-81723"})

    assert replay.status_code == 200
    assert Referral.objects.count() == 1


def test_a_uuid_key_is_the_same_key_in_any_spelling(gp_api):
    key = uuid.uuid4()
    submit(gp_api, **{"Idempotency-Key": str(key)})

    replay = submit(gp_api, **{"Idempotency-Key": "{" + str(key).upper() + "}"})

    assert replay.status_code == 200
    assert Referral.objects.count() == 1


def test_the_same_key_from_another_user_never_returns_their_referral(gp_api, other_practice):
    key = str(uuid.uuid4())
    first = submit(gp_api, **{"Idempotency-Key": key})
    other_gp = user_with_role(Role.REFERRER, other_practice)

    response = submit(
        api_as(other_gp), payload(nhs_number="9434765870"), **{"Idempotency-Key": key}
    )

    assert response.status_code == 201
    assert response.json()["id"] != first.json()["id"]
    assert Referral.objects.count() == 2


def test_a_failed_request_does_not_use_up_its_key(gp_api):
    key = str(uuid.uuid4())
    submit(gp_api, payload(postcode="nowhere"), **{"Idempotency-Key": key})

    response = submit(gp_api, **{"Idempotency-Key": key})

    assert response.status_code == 201


def test_an_overlong_idempotency_key_is_a_400(gp_api):
    response = submit(gp_api, **{"Idempotency-Key": "k" * 256})

    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()
    assert not Referral.objects.exists()


# ------------------------------------------------------------------------------------------
# Listing referrals
# ------------------------------------------------------------------------------------------


def test_referrer_lists_their_organisations_referrals(gp_api, practice, other_practice):
    ours = ReferralFactory(referring_organisation=practice)
    ReferralFactory(referring_organisation=other_practice)

    response = gp_api.get(REFERRALS_URL)

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(ours.pk)]


def test_referral_list_is_newest_first(gp_api, referrer, practice):
    now = timezone.now()
    older = ReferralFactory(referring_organisation=practice, submitted_at=now - timedelta(days=2))
    newer = ReferralFactory(referring_organisation=practice, submitted_at=now)

    rows = gp_api.get(REFERRALS_URL).json()["results"]

    assert [row["id"] for row in rows] == [str(newer.pk), str(older.pk)]


def test_link_worker_lists_their_providers_referrals(link_worker, provider, other_provider):
    ours = case(provider, link_worker)
    ReferralFactory(status=Status.ALLOCATED, provider=other_provider)

    rows = api_as(link_worker).get(REFERRALS_URL).json()["results"]

    assert [row["id"] for row in rows] == [str(ours.pk)]


def test_coordinator_lists_unallocated_referrals_too(coordinator):
    waiting = ReferralFactory(status=Status.SUBMITTED)

    rows = api_as(coordinator).get(REFERRALS_URL).json()["results"]

    assert [row["id"] for row in rows] == [str(waiting.pk)]


def test_referral_list_filters_by_status(gp_api, practice, provider):
    ReferralFactory(referring_organisation=practice)
    allocated = ReferralFactory(
        referring_organisation=practice, status=Status.ALLOCATED, provider=provider
    )

    rows = gp_api.get(REFERRALS_URL, {"status": "allocated"}).json()["results"]

    assert [row["id"] for row in rows] == [str(allocated.pk)]


def test_an_unknown_status_filter_is_a_400(gp_api):
    response = gp_api.get(REFERRALS_URL, {"status": "lost"})

    assert response.status_code == 400
    assert "status" in response.json()


def test_referral_list_is_paginated(gp_api, referrer, practice):
    ReferralFactory.create_batch(30, referring_organisation=practice, referrer=referrer)

    body = gp_api.get(REFERRALS_URL).json()

    assert body["count"] == 30
    assert len(body["results"]) == 25
    assert body["next"].endswith("?page=2")


def test_a_page_past_the_end_is_a_404(gp_api):
    assert gp_api.get(REFERRALS_URL, {"page": 9}).status_code == 404


def test_a_user_without_a_referral_role_cannot_list_referrals():
    council = OrganisationFactory(kind=OrganisationKind.COUNCIL)
    officer = user_with_role(Role.GRANT_OFFICER, council)

    assert api_as(officer).get(REFERRALS_URL).status_code == 403


def test_referrer_list_query_count_does_not_grow_with_rows(
    gp_api, referrer, practice, provider, link_worker, django_assert_max_num_queries
):
    ReferralFactory.create_batch(30, referring_organisation=practice, referrer=referrer)
    ReferralFactory.create_batch(
        30,
        referring_organisation=practice,
        referrer=referrer,
        status=Status.ENGAGED,
        provider=provider,
        link_worker=link_worker,
    )

    # Session and user, memberships, the session's save (3), count, page, reasons: 9.
    with django_assert_max_num_queries(9):
        response = gp_api.get(REFERRALS_URL, {"page_size": 100})

    assert len(response.json()["results"]) == 60


def test_provider_list_query_count_does_not_grow_with_rows(
    link_worker, provider, referrer, practice, django_assert_max_num_queries
):
    for _ in range(60):
        case(provider, link_worker, referring_organisation=practice, referrer=referrer)
    client = api_as(link_worker)

    # Session and user, memberships, the session's save (3), count, page, reasons: 9.
    with django_assert_max_num_queries(9):
        response = client.get(REFERRALS_URL, {"page_size": 100})

    assert len(response.json()["results"]) == 60


# ------------------------------------------------------------------------------------------
# One referral
# ------------------------------------------------------------------------------------------


def test_referrer_reads_their_organisations_referral(gp_api, practice):
    referral = ReferralFactory(referring_organisation=practice)

    response = gp_api.get(detail_url(referral))

    assert response.status_code == 200
    assert response.json()["reference"] == referral.reference
    assert response.json()["nhs_number"] == referral.nhs_number


def test_referrer_of_another_organisation_gets_404(gp_api, other_practice):
    referral = ReferralFactory(referring_organisation=other_practice)

    assert gp_api.get(detail_url(referral)).status_code == 404


def test_link_worker_of_another_provider_gets_404(other_link_worker, provider, link_worker):
    referral = case(provider, link_worker)

    assert api_as(other_link_worker).get(detail_url(referral)).status_code == 404


def test_an_unknown_referral_is_a_404(gp_api):
    response = gp_api.get(reverse("api:referral_detail", args=[uuid.uuid4()]))

    assert response.status_code == 404


def test_referrer_never_receives_case_notes(gp_api, practice, provider, link_worker):
    referral = case(provider, link_worker, referring_organisation=practice)
    CaseNote.objects.create(
        referral=referral, author=link_worker, text="Lives alone; son visits", shareable=True
    )

    response = gp_api.get(detail_url(referral))

    assert "case_notes" not in response.json()
    assert "Lives alone" not in response.content.decode()


def test_link_worker_of_the_provider_receives_case_notes(provider, link_worker):
    referral = case(provider, link_worker)
    CaseNote.objects.create(referral=referral, author=link_worker, text="Lives alone")

    body = api_as(link_worker).get(detail_url(referral)).json()

    assert [note["text"] for note in body["case_notes"]] == ["Lives alone"]
    assert body["case_notes"][0]["author_name"] == link_worker.full_name


def test_outcome_summary_is_null_until_the_case_closes(gp_api, practice, provider, link_worker):
    referral = case(
        provider, link_worker, referring_organisation=practice, outcome_summary="Drafting"
    )

    assert gp_api.get(detail_url(referral)).json()["outcome_summary"] is None


def test_outcome_summary_is_shown_once_the_case_closes(gp_api, practice, provider, link_worker):
    referral = case(
        provider,
        link_worker,
        referring_organisation=practice,
        status=Status.CLOSED,
        close_reason=CloseReason.CONNECTED,
        closed_at=timezone.now(),
        outcome_summary="Joined a walking group",
    )

    body = gp_api.get(detail_url(referral)).json()

    assert body["outcome_summary"] == "Joined a walking group"
    assert body["close_reason"] == "connected"


def test_reading_a_referral_is_audited(gp_api, referrer, practice):
    referral = ReferralFactory(referring_organisation=practice)

    gp_api.get(detail_url(referral))

    entry = AuditEntry.objects.get(action=AuditAction.VIEW)
    assert (entry.user, entry.object_id) == (referrer, str(referral.pk))


def test_a_refused_read_is_not_audited_as_a_view(gp_api, other_practice):
    gp_api.get(detail_url(ReferralFactory(referring_organisation=other_practice)))

    assert not AuditEntry.objects.filter(action=AuditAction.VIEW).exists()


# ------------------------------------------------------------------------------------------
# Caseload
# ------------------------------------------------------------------------------------------


def test_link_worker_gets_their_own_active_cases(provider, link_worker):
    mine = case(provider, link_worker)
    colleague = user_with_role(Role.LINK_WORKER, provider)
    case(provider, colleague)
    case(
        provider,
        link_worker,
        status=Status.CLOSED,
        close_reason=CloseReason.GOALS_MET,
        closed_at=timezone.now(),
    )

    response = api_as(link_worker).get(CASELOAD_URL)

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(mine.pk)]


def test_caseload_rows_carry_the_next_action(provider, link_worker):
    accepted = case(provider, link_worker, status=Status.ACCEPTED)
    accepted.accepted_at = timezone.now() - timedelta(days=14)
    accepted.save(update_fields=["accepted_at"])

    row = api_as(link_worker).get(CASELOAD_URL).json()["results"][0]

    assert row["next_action"]["label"] == "First contact attempt"
    assert row["next_action"]["overdue"] is True
    assert row["failed_attempts"] == 0


def test_caseload_filters_by_status(provider, link_worker):
    case(provider, link_worker, status=Status.ENGAGED)
    on_hold = case(provider, link_worker, status=Status.ON_HOLD)

    rows = api_as(link_worker).get(CASELOAD_URL, {"status": "on_hold"}).json()["results"]

    assert [row["id"] for row in rows] == [str(on_hold.pk)]


@pytest.mark.parametrize("role_fixture", ["referrer", "coordinator"])
def test_non_link_workers_get_403_for_a_caseload(request, role_fixture):
    response = api_as(request.getfixturevalue(role_fixture)).get(CASELOAD_URL)

    assert response.status_code == 403


def test_caseload_query_count_does_not_grow_with_rows(
    provider, link_worker, referrer, practice, django_assert_max_num_queries
):
    for _ in range(60):
        case(provider, link_worker, referring_organisation=practice, referrer=referrer)
    client = api_as(link_worker)

    # Session and user, memberships, the session's save (3), count, page: 8.
    with django_assert_max_num_queries(8):
        response = client.get(CASELOAD_URL, {"page_size": 100})

    assert len(response.json()["results"]) == 60


# ------------------------------------------------------------------------------------------
# Reasons
# ------------------------------------------------------------------------------------------


def test_reasons_lists_active_codes_and_labels(gp_api):
    ReferralReason.objects.filter(code="other").update(is_active=False)

    rows = gp_api.get(REASONS_URL).json()["results"]

    assert {"code": "loneliness", "label": "Loneliness and isolation"} in rows
    assert "other" not in [row["code"] for row in rows]


# ------------------------------------------------------------------------------------------
# Authentication
# ------------------------------------------------------------------------------------------


def test_token_authentication_works(referrer):
    _token, key = api_token_create(user=referrer, name="GP system")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    assert client.get(REASONS_URL).status_code == 200
    assert submit(client).status_code == 201


def test_session_authentication_works(client, referrer):
    client.force_login(referrer)

    assert client.get(REASONS_URL).status_code == 200


def test_session_authenticated_post_needs_a_csrf_token(referrer):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(referrer)

    response = submit(client)

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_a_wrong_token_is_a_401():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    assert client.get(REASONS_URL).status_code == 401


@pytest.mark.parametrize("url", [REFERRALS_URL, CASELOAD_URL, REASONS_URL])
def test_anonymous_get_is_a_401_asking_for_a_token(url):
    response = APIClient().get(url)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_anonymous_cannot_submit():
    assert submit(APIClient()).status_code == 401
    assert not Referral.objects.exists()


def test_anonymous_cannot_read_a_referral():
    assert APIClient().get(detail_url(ReferralFactory())).status_code == 401
