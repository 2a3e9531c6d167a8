"""Looking at or changing a person's records in the Django admin is audited like any page."""

import pytest
from django.urls import reverse

from referrals.models import CaseNote
from tests.factories import ReferralFactory
from thriving.audit.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(practice):
    return ReferralFactory(referring_organisation=practice, given_name="Zofia")


def test_opening_a_referral_in_the_admin_is_audited(client, admin_user, referral):
    client.force_login(admin_user)

    client.get(
        reverse("admin:referrals_referral_change", args=[referral.pk]), REMOTE_ADDR="192.0.2.3"
    )

    entry = AuditEntry.objects.get(action=AuditAction.VIEW)
    assert (entry.user, entry.object_id, entry.ip_address) == (
        admin_user,
        str(referral.pk),
        "192.0.2.3",
    )
    assert entry.detail == f"Viewed in the admin: {referral.reference}"


def test_opening_a_case_note_is_audited_against_its_referral(client, admin_user, referral):
    note = CaseNote.objects.create(referral=referral, author=admin_user, text="Zofia called")
    client.force_login(admin_user)

    client.get(reverse("admin:referrals_casenote_change", args=[note.pk]))

    entry = AuditEntry.objects.get(action=AuditAction.VIEW)
    assert (entry.object_type, entry.object_id) == ("referrals.referral", str(referral.pk))
    assert entry.detail == f"Viewed in the admin: case note of {referral.reference}"


def test_changing_a_record_in_the_admin_is_audited(client, admin_user, referral):
    note = CaseNote.objects.create(referral=referral, author=admin_user, text="Zofia called")
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:referrals_casenote_change", args=[note.pk]),
        {"referral": referral.pk, "author": admin_user.pk, "text": "Called back", "shareable": ""},
    )

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditAction.CHANGE)
    assert entry.detail == f"Changed in the admin: case note of {referral.reference}"


def test_deleting_a_record_in_the_admin_is_audited(client, admin_user, referral):
    note = CaseNote.objects.create(referral=referral, author=admin_user, text="Zofia called")
    client.force_login(admin_user)

    client.post(reverse("admin:referrals_casenote_delete", args=[note.pk]), {"post": "yes"})

    assert not CaseNote.objects.exists()
    entry = AuditEntry.objects.get(action=AuditAction.CHANGE)
    assert entry.detail == f"Deleted in the admin: case note of {referral.reference}"


def test_the_admins_list_pages_are_not_views_of_a_record(client, admin_user, referral):
    client.force_login(admin_user)

    client.get(reverse("admin:referrals_referral_changelist"))

    assert not AuditEntry.objects.filter(object_id=str(referral.pk)).exists()
