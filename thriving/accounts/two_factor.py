"""Who must sign in with a second factor, and what a signed-in person still has to do.

The password signs a session in; django-otp then marks it verified once the person has also
entered a code from their authenticator app or a backup code (`user.is_verified()`). Until then
TwoFactorMiddleware lets them reach only the pages that finish signing in. Checking the session
rather than holding a half-signed-in state of our own means every way into a session (this
sign-in page, the admin's, a test client's force_login) meets the same rule.
"""

import base64
import io
from binascii import hexlify, unhexlify
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .roles import Role

VERIFY = "verify"
SETUP = "setup"

_STEP_URL_NAMES = {VERIFY: "accounts:otp_verify", SETUP: "accounts:otp_setup"}


def is_required(user) -> bool:
    """Everyone but people who are only grant applicants: they see no one's health records.

    Admins always need it; so does someone with no role yet, who is unlikely to be an applicant.
    """
    if user.is_staff or user.is_superuser:
        return True
    return {m.role for m in user.active_memberships} != {Role.GRANT_APPLICANT}


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def is_verified(user) -> bool:
    """True once this session has passed the second factor (django-otp's OTPMiddleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def step_needed(user) -> str | None:
    """VERIFY or SETUP when the person must do that before anything else, else None."""
    if not settings.OTP_REQUIRED or not user.is_authenticated or is_verified(user):
        return None
    if has_authenticator(user):
        return VERIFY
    if is_required(user):
        return SETUP
    return None


def step_url(step: str, next_url: str = "") -> str:
    url = reverse(_STEP_URL_NAMES[step])
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def key_from_base32(secret: str) -> str:
    """A base32 secret, as authenticator apps show it, as the hex key django-otp stores."""
    secret = secret.replace(" ", "").upper()
    return hexlify(base64.b32decode(secret + "=" * (-len(secret) % 8))).decode()


def secret_for_display(key_hex: str) -> str:
    """The secret as authenticator apps ask for it when typed in: base32, in groups of four."""
    secret = base64.b32encode(unhexlify(key_hex)).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(user, key_hex: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return TOTPDevice(user=user, key=key_hex).config_url


def qr_code_data_uri(text: str) -> str:
    """An SVG QR code as a data: URI, so the page needs no inline markup, script or style."""
    image = qrcode.make(
        text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=4
    )
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
