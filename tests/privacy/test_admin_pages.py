"""Subject access in the admin: find, download, erase with a confirmation step. Only for
verified admins with the permission, and never with the NHS number in a URL."""

import html
import json

import pytest
from django.urls import reverse

from referrals.models import Referral
from tests.factories import UserFactory
from tests.otp_support import verified_login
from tests.privacy.people import closed_case, worked_case
from thriving.audit.models import AuditAction, AuditEntry
from thriving.privacy.models import Anonymisation

pytestmark = pytest.mark.django_db

SEARCH = reverse("admin:privacy_subject_access")
EXPORT = reverse("admin:privacy_subject_access_export")
ERASE = reverse("admin:privacy_subject_access_erase")
NHS_NUMBER = "9434765919"
REASON = "Erasure requested in writing on 3 March 2026; no duty to keep the record."


@pytest.fixture
def case(case_people):
    return closed_case(**case_people)


@pytest.fixture
def signed_in(client, dpo):
    client.force_login(dpo)
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_page_asks_for_an_nhs_number(signed_in):
    page = text(signed_in.get(SEARCH))

    assert 'name="nhs_number"' in page
    assert 'method="post"' in page


def test_finding_a_person_lists_their_records_by_reference(signed_in, case):
    response = signed_in.post(SEARCH, {"nhs_number": "943 476 5919"})

    assert case.reference in text(response)
    assert "Download everything (JSON)" in text(response)


def test_finding_a_person_is_audited_as_a_view_of_each_record(signed_in, dpo, case):
    signed_in.post(SEARCH, {"nhs_number": NHS_NUMBER})

    entry = AuditEntry.objects.get(action=AuditAction.VIEW, object_id=str(case.pk))
    assert entry.user == dpo


def test_an_invalid_nhs_number_is_explained(signed_in):
    response = signed_in.post(SEARCH, {"nhs_number": "123"})

    assert "Enter a valid 10-digit NHS number" in text(response)


def test_nobody_found_is_said_plainly(signed_in):
    response = signed_in.post(SEARCH, {"nhs_number": NHS_NUMBER})

    assert "Nothing is held about this person." in text(response)


def test_the_download_is_one_json_file_named_without_the_nhs_number(signed_in, case):
    response = signed_in.post(EXPORT, {"nhs_number": NHS_NUMBER})

    assert response["Content-Type"].startswith("application/json")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="subject-access-')
    assert NHS_NUMBER not in disposition
    assert "no-store" in response["Cache-Control"]
    document = json.loads(response.content)
    assert document["records"][0]["reference"] == case.reference


def test_the_download_is_audited_as_an_export(signed_in, dpo, case):
    signed_in.post(EXPORT, {"nhs_number": NHS_NUMBER}, REMOTE_ADDR="192.0.2.8")

    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert (entry.user, entry.object_id, entry.ip_address) == (dpo, str(case.pk), "192.0.2.8")


def test_erasing_first_asks_for_a_reason_and_a_confirmation(signed_in, case):
    response = signed_in.post(ERASE, {"nhs_number": NHS_NUMBER})

    page = text(response)
    assert 'name="reason"' in page
    assert 'name="confirm"' in page
    assert Referral.objects.get(pk=case.pk).anonymised_at is None


def test_erasing_without_confirming_is_explained_and_erases_nothing(signed_in, case):
    response = signed_in.post(ERASE, {"nhs_number": NHS_NUMBER, "reason": REASON})

    assert "Confirm that you understand the erasure is permanent." in text(response)
    assert Referral.objects.get(pk=case.pk).anonymised_at is None


def test_erasing_without_a_reason_is_explained(signed_in, case):
    response = signed_in.post(ERASE, {"nhs_number": NHS_NUMBER, "reason": "", "confirm": "on"})

    assert "Say why the law allows this erasure." in text(response)


def test_confirmed_erasure_anonymises_and_goes_back_without_the_number(signed_in, dpo, case):
    response = signed_in.post(ERASE, {"nhs_number": NHS_NUMBER, "reason": REASON, "confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == SEARCH
    assert Referral.objects.get(pk=case.pk).anonymised_at is not None
    assert Anonymisation.objects.get(object_id=case.pk).by == dpo
    followed = signed_in.get(response["Location"])
    assert [str(m) for m in followed.context["messages"]] == [
        f"Erased the person's details from 1 record(s): {case.reference}."
    ]


def test_an_open_case_is_not_offered_for_erasure(signed_in, case_people):
    open_case = worked_case(**case_people)

    response = signed_in.post(ERASE, {"nhs_number": NHS_NUMBER})

    page = text(response)
    assert f"Referral {open_case.reference} is still open" in page
    assert 'name="confirm"' not in page


def test_an_open_case_refuses_a_confirmed_erasure(signed_in, case_people):
    open_case = worked_case(**case_people)

    response = signed_in.post(ERASE, {"nhs_number": NHS_NUMBER, "reason": REASON, "confirm": "on"})

    assert "is still open" in text(response)
    assert Referral.objects.get(pk=open_case.pk).anonymised_at is None


def test_pages_are_refused_to_staff_without_the_permission(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(SEARCH).status_code == 403
    assert client.post(EXPORT, {"nhs_number": NHS_NUMBER}).status_code == 403


def test_pages_need_the_second_factor(client, dpo, case, settings):
    settings.OTP_REQUIRED = True
    client.force_login(dpo)

    response = client.post(EXPORT, {"nhs_number": NHS_NUMBER})

    assert response.status_code in {302, 403}
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_verified_admin_with_the_permission_gets_the_pages(client, dpo, case, settings):
    settings.OTP_REQUIRED = True
    verified_login(client, dpo)

    response = client.post(EXPORT, {"nhs_number": NHS_NUMBER})

    assert response.status_code == 200
    assert json.loads(response.content)["records"][0]["reference"] == case.reference


def test_people_who_are_not_staff_are_sent_to_sign_in(client, link_worker):
    client.force_login(link_worker)

    response = client.get(SEARCH)

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_export_and_erase_pages_answer_only_posts(signed_in):
    assert signed_in.get(EXPORT).status_code == 405
    assert signed_in.get(ERASE).status_code == 405


def test_the_register_links_to_subject_access(signed_in):
    page = text(signed_in.get(reverse("admin:privacy_anonymisation_changelist")))

    assert SEARCH in page
