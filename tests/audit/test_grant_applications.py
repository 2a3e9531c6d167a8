"""Seeing or changing a grant application's details is audited, through grants.audit."""

import pytest
from django.test import RequestFactory

from grants.audit import audit_application_change, audit_application_view
from tests.factories import UserFactory
from tests.grants.factories import ApplicationFactory
from thriving.audit.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_request():
    request = RequestFactory().get("/grants/", REMOTE_ADDR="192.0.2.10")
    request.user = UserFactory(email="officer@test.example.org")
    return request


def test_a_view_of_an_application_records_who_which_and_where(officer_request):
    application = ApplicationFactory(reference="FA-2026-0042")

    audit_application_view(officer_request, application)

    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.VIEW
    assert (entry.object_type, entry.object_id) == ("grants.application", str(application.pk))
    assert entry.user == officer_request.user
    assert entry.ip_address == "192.0.2.10"
    assert entry.detail == "Application FA-2026-0042"


def test_a_change_to_an_application_records_what_changed(officer_request):
    application = ApplicationFactory(reference="FA-2026-0043")

    audit_application_change(officer_request, application, what="payment recorded")

    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.CHANGE
    assert entry.detail == "Application FA-2026-0043: payment recorded"
