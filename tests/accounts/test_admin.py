"""What admins can do about someone's sign-in: reset their second factor, never read it."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from thriving.accounts import services

from .support import SETUP_URL, authenticator_for, html_of, password_step, verified_login

pytestmark = pytest.mark.django_db


def test_an_admin_cannot_read_a_persons_authenticator_secret(client, admin_user, coordinator):
    device = authenticator_for(coordinator)
    verified_login(client, admin_user)

    page = html_of(client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])))

    assert device.key not in page


def test_an_admin_cannot_read_a_persons_backup_codes(client, admin_user, coordinator):
    codes = services.backup_codes_replace(user=coordinator)
    verified_login(client, admin_user)
    device = coordinator.staticdevice_set.get()

    page = html_of(client.get(reverse("admin:otp_static_staticdevice_change", args=[device.pk])))

    assert codes[0] not in page


def test_after_an_admin_deletes_the_authenticator_the_person_sets_up_a_new_one(
    admin_user, coordinator
):
    device = authenticator_for(coordinator)
    admin = Client()
    verified_login(admin, admin_user)

    admin.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})

    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    assert password_step(Client(), coordinator.email)["Location"].startswith(SETUP_URL)
