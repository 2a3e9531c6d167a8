"""Helpers for sign-in tests: authenticator apps, their codes, and signing in by steps."""

import time

from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "correct-horse-battery"
LOGIN_URL = reverse("accounts:login")
VERIFY_URL = reverse("accounts:otp_verify")
SETUP_URL = reverse("accounts:otp_setup")


def authenticator_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """What the person's app shows now (or `steps_ahead` 30-second steps later)."""
    device.refresh_from_db()
    t = int(time.time()) // device.step + device.drift + steps_ahead
    return f"{hotp(device.bin_key, t):06d}"


def password_step(client, email: str, password: str = PASSWORD, next_url: str = ""):
    data = {"username": email, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN_URL, data)


def verified_login(client, user) -> TOTPDevice:
    """Signed in and past the second factor, without going through the pages."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or authenticator_for(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def html_of(response) -> str:
    return response.content.decode()
