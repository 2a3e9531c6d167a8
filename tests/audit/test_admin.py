"""The audit trail in the admin: read-only, searched by user, by NHS number and by date."""

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ReferralFactory, UserFactory
from tests.otp_support import verified_login
from thriving.audit.models import AuditEntry
from thriving.audit.services import AuditAction, audit_record

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:audit_auditentry_changelist"
BY_NHS_NUMBER = "admin:audit_auditentry_by_nhs_number"


def listed_ids(response) -> set[int]:
    return {entry.pk for entry in response.context["cl"].result_list}


# ------------------------------------------------------------------------------------------
# Read-only
# ------------------------------------------------------------------------------------------


@pytest.fixture
def entry(admin_user):
    return audit_record(
        user=admin_user, action=AuditAction.VIEW, object_type="referrals.referral", object_id="x"
    )


def test_the_change_page_offers_no_save(client, admin_user, entry):
    client.force_login(admin_user)

    page = client.get(reverse("admin:audit_auditentry_change", args=[entry.pk]))

    assert page.status_code == 200
    assert b'name="_save"' not in page.content


def test_posting_a_change_is_refused(client, admin_user, entry):
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:audit_auditentry_change", args=[entry.pk]), {"detail": "edited"}
    )

    assert response.status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).detail == ""


def test_deleting_is_refused(client, admin_user, entry):
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_adding_is_refused(client, admin_user):
    client.force_login(admin_user)

    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403


def test_the_list_offers_no_bulk_delete(client, admin_user, entry):
    client.force_login(admin_user)

    response = client.get(reverse(CHANGELIST))

    assert response.status_code == 200
    assert b"delete_selected" not in response.content


# ------------------------------------------------------------------------------------------
# Searching
# ------------------------------------------------------------------------------------------


def test_admins_search_by_the_users_email(client, admin_user):
    someone = UserFactory(email="lee.worker@test.example.org")
    theirs = audit_record(user=someone, action=AuditAction.VIEW, object_type="t", object_id="1")
    audit_record(user=admin_user, action=AuditAction.VIEW, object_type="t", object_id="2")
    client.force_login(admin_user)

    response = client.get(reverse(CHANGELIST), {"q": "lee.worker"})

    assert listed_ids(response) == {theirs.pk}


def test_admins_filter_by_a_range_of_days(client, admin_user):
    today = timezone.localdate()
    entry = audit_record(user=admin_user, action=AuditAction.VIEW, object_type="t")
    client.force_login(admin_user)

    including = client.get(
        reverse(CHANGELIST),
        {"at_from": (today - timedelta(days=1)).isoformat(), "at_to": today.isoformat()},
    )
    before = client.get(reverse(CHANGELIST), {"at_to": (today - timedelta(days=1)).isoformat()})

    assert entry.pk in listed_ids(including)
    assert entry.pk not in listed_ids(before)


def test_a_date_that_is_not_a_date_is_ignored_not_an_error(client, admin_user):
    entry = audit_record(user=admin_user, action=AuditAction.VIEW, object_type="t")
    client.force_login(admin_user)

    response = client.get(reverse(CHANGELIST), {"at_from": "yesterday"})

    assert response.status_code == 200
    assert entry.pk in listed_ids(response)


def test_searching_by_nhs_number_lists_the_entries_about_that_persons_referrals(
    client, admin_user, practice
):
    theirs = ReferralFactory(referring_organisation=practice, nhs_number="9434765919")
    someone_elses = ReferralFactory(referring_organisation=practice, nhs_number="9434765870")
    about_them = audit_record(user=admin_user, action=AuditAction.VIEW, obj=theirs)
    audit_record(user=admin_user, action=AuditAction.VIEW, obj=someone_elses)
    client.force_login(admin_user)

    response = client.post(reverse(BY_NHS_NUMBER), {"nhs_number": "943 476 5919"}, follow=True)

    assert listed_ids(response) == {about_them.pk}


def test_the_nhs_number_never_goes_into_a_url(client, admin_user, practice):
    ReferralFactory(referring_organisation=practice, nhs_number="9434765919")
    client.force_login(admin_user)

    response = client.post(reverse(BY_NHS_NUMBER), {"nhs_number": "9434765919"})

    assert response.status_code == 302
    assert "9434765919" not in response["Location"]
    assert "object_id__in" in parse_qs(urlparse(response["Location"]).query)


def test_a_search_by_nhs_number_is_itself_audited_without_the_number(client, admin_user, practice):
    ReferralFactory(referring_organisation=practice, nhs_number="9434765919")
    client.force_login(admin_user)

    client.post(reverse(BY_NHS_NUMBER), {"nhs_number": "9434765919"})

    entry = AuditEntry.objects.get(object_type="audit.auditentry")
    assert entry.user == admin_user
    assert "1 record(s)" in entry.detail
    assert "9434765919" not in entry.detail


def test_an_invalid_nhs_number_is_explained(client, admin_user):
    client.force_login(admin_user)

    response = client.post(reverse(BY_NHS_NUMBER), {"nhs_number": "1234567890"})

    assert response.status_code == 200
    assert "Enter a valid 10-digit NHS number" in response.content.decode()


def test_an_nhs_number_no_record_holds_is_explained(client, admin_user):
    client.force_login(admin_user)

    response = client.post(reverse(BY_NHS_NUMBER), {"nhs_number": "9434765919"})

    assert response.status_code == 200
    assert "No record holds that NHS number" in response.content.decode()


def test_the_search_needs_the_second_factor(client, admin_user, settings):
    settings.OTP_REQUIRED = True
    client.force_login(admin_user)

    response = client.post(reverse(BY_NHS_NUMBER), {"nhs_number": "9434765919"})

    assert response.status_code in {302, 403}
    assert not AuditEntry.objects.filter(object_type="audit.auditentry").exists()


def test_a_verified_admin_can_search(client, admin_user, settings):
    settings.OTP_REQUIRED = True
    verified_login(client, admin_user)

    response = client.post(reverse(BY_NHS_NUMBER), {"nhs_number": "9434765919"})

    assert response.status_code == 200
    assert AuditEntry.objects.filter(object_type="audit.auditentry").exists()


def test_staff_without_the_audit_permission_cannot_search(client):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)

    response = client.post(reverse(BY_NHS_NUMBER), {"nhs_number": "9434765919"})

    assert response.status_code == 403


def test_the_list_links_to_the_search_by_nhs_number(client, admin_user):
    client.force_login(admin_user)

    page = client.get(reverse(CHANGELIST)).content.decode()

    assert reverse(BY_NHS_NUMBER) in page
