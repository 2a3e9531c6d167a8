"""seed_demo users share one documented authenticator secret; `demo_totp` prints its code."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from thriving.accounts import services
from thriving.accounts.management.commands.demo_totp import demo_code
from thriving.accounts.two_factor import key_from_base32

from .support import VERIFY_URL, password_step

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def test_the_demo_secret_is_the_one_in_the_docs(settings):
    assert settings.DEMO_TOTP_SECRET == SECRET


def test_the_known_example_secret_gives_the_known_code():
    # RFC 6238 test vector: key "12345678901234567890" at Unix time 59.
    assert (
        key_from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        == "3132333435363738393031323334353637383930"
    )
    with override_settings(DEMO_TOTP_SECRET="GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"):
        assert demo_code(at=59) == "287082"


def test_a_demo_user_gets_a_confirmed_device_with_the_demo_secret(referrer):
    device = services.demo_authenticator_ensure(user=referrer, secret_base32=SECRET)

    assert device.confirmed
    assert device.key == key_from_base32(SECRET)


def test_giving_the_demo_device_twice_keeps_one(referrer):
    first = services.demo_authenticator_ensure(user=referrer, secret_base32=SECRET)
    second = services.demo_authenticator_ensure(user=referrer, secret_base32=SECRET)

    assert first.pk == second.pk
    assert TOTPDevice.objects.filter(user=referrer).count() == 1


def test_the_printed_code_signs_a_demo_user_in(client, referrer):
    services.demo_authenticator_ensure(user=referrer, secret_base32=SECRET)
    out = io.StringIO()
    call_command("demo_totp", stdout=out, stderr=io.StringIO())
    password_step(client, referrer.email)

    response = client.post(VERIFY_URL, {"code": out.getvalue().strip()})

    assert response.status_code == 302
    assert client.get(reverse("referrals:referrer_list")).status_code == 200
