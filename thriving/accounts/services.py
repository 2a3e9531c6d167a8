"""Writes for signing in: authenticator apps, backup codes and API tokens."""

import hashlib
import secrets
import time
from binascii import unhexlify
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from .models import ApiToken, User
from .two_factor import key_from_base32

AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_CODES_NAME = "Backup codes"
BACKUP_CODE_COUNT = 10
API_TOKEN_PREFIX = "tc_"


# ------------------------------------------------------------------------------------------
# Authenticator apps and backup codes
# ------------------------------------------------------------------------------------------


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def authenticator_key_new() -> str:
    """A fresh TOTP secret (hex, 20 bytes as RFC 6238 suggests for SHA-1)."""
    return random_hex(20)


@transaction.atomic
def authenticator_add(*, user: User, key_hex: str, code: str) -> TOTPDevice | None:
    """Keep the authenticator app the person has just set up, if `code` proves it works.

    Replaces any app they had before. The code's time step is recorded as used, so the same
    code cannot sign in again.
    """
    code = _normalise(code)
    totp = TOTP(unhexlify(key_hex))
    totp.time = time.time()
    if not code.isdigit() or not totp.verify(int(code), tolerance=1):
        return None
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice(
        user=user,
        name=AUTHENTICATOR_NAME,
        key=key_hex,
        confirmed=True,
        last_t=totp.t(),
        drift=totp.drift,
    )
    device.full_clean()
    device.save()
    return device


@transaction.atomic
def backup_codes_replace(*, user: User) -> list[str]:
    """Ten new single-use backup codes; the old ones stop working. Returned once, never kept
    anywhere the person could read them again."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_CODES_NAME, defaults={"confirmed": True}
    )
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@dataclass(frozen=True)
class CodeCheck:
    device: Device | None
    backup_code: bool = False
    wait_until: datetime | None = None


@transaction.atomic
def second_factor_check(*, user: User, code: str) -> CodeCheck:
    """Check a code from the authenticator app (6 digits) or a backup code (8 characters).

    django-otp makes each device wait longer after every wrong code (1, 2, 4, 8... seconds);
    while it is waiting the code is not even tried and `wait_until` says until when.
    """
    code = _normalise(code)
    backup = not (len(code) == 6 and code.isdigit())
    model = StaticDevice if backup else TOTPDevice
    for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
        allowed, details = device.verify_is_allowed()
        if not allowed:
            return CodeCheck(device=None, wait_until=details.get("locked_until"))
        if device.verify_token(code):
            return CodeCheck(device=device, backup_code=backup)
    return CodeCheck(device=None)


@transaction.atomic
def two_factor_turn_off(*, user: User) -> None:
    """For people to whom it is optional (grant applicants): forget their app and codes."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


@transaction.atomic
def demo_authenticator_ensure(*, user: User, secret_base32: str) -> TOTPDevice:
    """Give a demo user the documented shared secret, so anyone can make their codes."""
    key_hex = key_from_base32(secret_base32)
    device = TOTPDevice.objects.filter(user=user, key=key_hex, confirmed=True).first()
    if device is None:
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(
            user=user, name=AUTHENTICATOR_NAME, key=key_hex, confirmed=True
        )
    return device


# ------------------------------------------------------------------------------------------
# API tokens
# ------------------------------------------------------------------------------------------


def api_token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new token and its key. The key is returned only here: only its hash is stored."""
    key = API_TOKEN_PREFIX + secrets.token_urlsafe(30)
    days = settings.API_TOKEN_DEFAULT_DAYS if days is None else days
    token = ApiToken(
        user=user,
        name=name,
        prefix=key[:8],
        key_hash=api_token_hash(key),
        expires_at=timezone.now() + timedelta(days=days),
    )
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


# Writing on every call would make each API request a write; once a minute is enough to
# answer "is this token still in use?".
_LAST_USED_RESOLUTION = timedelta(minutes=1)


def api_token_touch(*, token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= _LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
