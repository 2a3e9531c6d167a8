import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from grants.models import ApplicationEvent
from tests.factories import UserFactory
from tests.grants import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_every_grants_model_has_an_admin():
    unregistered = [
        model.__name__
        for model in apps.get_app_config("grants").get_models()
        if not admin.site.is_registered(model)
    ]
    assert unregistered == []


@pytest.mark.parametrize(
    "model", list(apps.get_app_config("grants").get_models()), ids=lambda m: m.__name__
)
def test_every_grants_admin_list_opens(admin_client, round_, applicant, group, officer, model):
    helpers.at_panel(round_, applicant, group, officer)
    url = reverse(f"admin:grants_{model._meta.model_name}_changelist")
    assert admin_client.get(url).status_code == 200


def test_an_application_opens_in_the_admin_with_its_history(
    admin_client, round_, applicant, group, officer
):
    application = helpers.at_panel(round_, applicant, group, officer)
    response = admin_client.get(reverse("admin:grants_application_change", args=[application.pk]))
    assert response.status_code == 200
    assert "Application submitted" in response.content.decode()


def test_events_cannot_be_changed_in_the_admin(admin_client, round_, applicant, group, officer):
    helpers.submitted(round_, applicant, group)
    event = ApplicationEvent.objects.first()
    change = admin_client.post(
        reverse("admin:grants_applicationevent_change", args=[event.pk]), {"reason": "Edited"}
    )
    assert change.status_code == 403
    assert admin_client.get(reverse("admin:grants_applicationevent_add")).status_code == 403
    event.refresh_from_db()
    assert event.reason != "Edited"
