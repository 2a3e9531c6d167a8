"""Every change to a person's referral is in the audit trail: who, when, what and from where.
(Views of the case page and API reads are tested with the referrals.)"""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from referrals.workflow import Status
from tests.referrals.case_data import referral_in
from tests.referrals.test_api import payload
from tests.referrals.test_submit import form_data
from thriving.audit.models import AuditAction, AuditEntry
from thriving.celery import app as celery_app

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tasks_run_at_once(monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


@pytest.fixture
def engaged(practice, provider, link_worker, referrer):
    return referral_in(
        Status.ENGAGED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        referrer=referrer,
        given_name="Zofia",
        family_name="Kowalczyk",
    )


def changes(referral):
    return AuditEntry.objects.filter(action=AuditAction.CHANGE, object_id=str(referral.pk))


def test_a_case_action_is_audited_with_who_what_and_where(client, link_worker, engaged):
    client.force_login(link_worker)

    client.post(
        reverse("referrals:hold", args=[engaged.pk]),
        {"hold-reason": "In hospital"},
        REMOTE_ADDR="203.0.113.21",
    )

    entry = changes(engaged).get()
    assert entry.user == link_worker
    assert entry.object_type == "referrals.referral"
    assert entry.ip_address == "203.0.113.21"
    assert entry.detail == f"Referral {engaged.reference}: status on_hold"


def test_a_note_is_audited_by_kind_without_its_text(client, link_worker, engaged):
    client.force_login(link_worker)

    client.post(
        reverse("referrals:note", args=[engaged.pk]),
        {"note-text": "Zofia's daughter called about her hospital stay"},
    )

    entry = changes(engaged).get()
    assert entry.detail == f"Referral {engaged.reference}: note"
    assert "Zofia" not in entry.detail


def test_closing_a_case_is_audited(client, link_worker, engaged):
    client.force_login(link_worker)

    client.post(
        reverse("referrals:close", args=[engaged.pk]),
        {
            "close-reason": "goals_met",
            "close-outcome_summary": "Joined a choir",
            "close-no_end_measure_reason": "to_follow",
        },
    )

    assert changes(engaged).get().detail == f"Referral {engaged.reference}: status closed"


def test_a_refused_change_is_not_audited_as_a_change(client, link_worker, engaged):
    client.force_login(link_worker)

    client.post(reverse("referrals:hold", args=[engaged.pk]), {"hold-reason": ""})

    assert not changes(engaged).exists()


def test_a_change_someone_else_cannot_see_is_neither_made_nor_audited(
    client, other_link_worker, engaged
):
    client.force_login(other_link_worker)

    response = client.post(reverse("referrals:hold", args=[engaged.pk]), {"hold-reason": "x"})

    assert response.status_code == 404
    assert not AuditEntry.objects.filter(object_id=str(engaged.pk)).exists()


def test_submitting_a_referral_in_the_browser_is_audited(client, referrer):
    client.force_login(referrer)

    client.post(reverse("referrals:submit"), form_data(), REMOTE_ADDR="198.51.100.4")

    entry = AuditEntry.objects.get(action=AuditAction.CREATE)
    assert entry.user == referrer
    assert entry.ip_address == "198.51.100.4"
    assert entry.detail.startswith("Referral TC-")
    assert "Zofia" not in entry.detail


def test_submitting_a_referral_through_the_api_is_audited(referrer):
    api = APIClient()
    api.force_authenticate(referrer)

    response = api.post(reverse("api:referrals"), payload(), format="json")

    entry = AuditEntry.objects.get(action=AuditAction.CREATE)
    assert entry.object_id == response.json()["id"]
    assert entry.user == referrer
