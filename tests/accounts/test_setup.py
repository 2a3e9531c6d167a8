"""Setting up an authenticator app: QR code and key, a code to prove it, backup codes once."""

import base64
import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from thriving.accounts import two_factor
from thriving.accounts.views import SETUP_KEY

from .support import SETUP_URL, authenticator_for, html_of, password_step, verified_login

pytestmark = pytest.mark.django_db

BACKUP_CODES_URL = reverse("accounts:backup_codes")


def _secret_on(page: str) -> str:
    return re.search(r'data-testid="otp-secret">([A-Z2-7 ]+)<', page).group(1)


def _code_for_secret(secret: str) -> str:
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{TOTP(key).token():06d}"


def _set_up(client) -> str:
    page = html_of(client.get(SETUP_URL))
    return _code_for_secret(_secret_on(page))


def test_the_setup_page_shows_a_qr_code_image_and_the_key_to_type(client, coordinator):
    password_step(client, coordinator.email)

    page = html_of(client.get(SETUP_URL))

    assert "Set up two-factor sign-in" in page
    assert 'src="data:image/svg+xml;base64,' in page
    assert len(_secret_on(page).replace(" ", "")) == 32


def test_the_qr_code_carries_the_key_for_the_person(coordinator):
    uri = two_factor.provisioning_uri(coordinator, "00" * 20)

    assert uri.startswith("otpauth://totp/Thriving%20Communities%3Acoord%40test.example.org?")
    assert "secret=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" in uri


def test_the_setup_page_keeps_the_same_key_when_reloaded(client, coordinator):
    password_step(client, coordinator.email)

    first = _secret_on(html_of(client.get(SETUP_URL)))
    second = _secret_on(html_of(client.get(SETUP_URL)))

    assert first == second


def test_the_right_code_turns_on_two_factor_and_shows_ten_backup_codes(client, coordinator):
    password_step(client, coordinator.email)
    code = _set_up(client)

    response = client.post(SETUP_URL, {"code": code}, follow=True)

    device = TOTPDevice.objects.get(user=coordinator)
    assert device.confirmed
    assert response.redirect_chain[0][0].startswith(BACKUP_CODES_URL)
    page = html_of(response)
    assert "This is the only time you will see these codes" in page
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(codes) == 10
    assert two_factor.backup_codes_left(coordinator) == 10


def test_after_setup_the_person_is_signed_in_fully(client, coordinator):
    password_step(client, coordinator.email)
    client.post(SETUP_URL, {"code": _set_up(client)})

    assert client.get(reverse("referrals:inbox")).status_code == 200


def test_the_key_is_forgotten_by_the_session_after_setup(client, coordinator):
    password_step(client, coordinator.email)
    client.post(SETUP_URL, {"code": _set_up(client)})

    assert SETUP_KEY not in client.session


def test_backup_codes_are_shown_only_once(client, coordinator):
    password_step(client, coordinator.email)
    client.post(SETUP_URL, {"code": _set_up(client)}, follow=True)

    response = client.get(BACKUP_CODES_URL, follow=True)

    assert "Backup codes are shown only once." in html_of(response)
    assert 'data-testid="backup-codes"' not in html_of(response)


def test_a_wrong_setup_code_says_what_to_check(client, coordinator):
    password_step(client, coordinator.email)
    client.get(SETUP_URL)

    response = client.post(SETUP_URL, {"code": "123"})

    assert "Check that you added the account to your authenticator app" in html_of(response)
    assert not TOTPDevice.objects.filter(user=coordinator).exists()


def test_an_authenticator_cannot_be_replaced_with_the_password_alone(client, coordinator):
    authenticator_for(coordinator)
    password_step(client, coordinator.email)

    response = client.get(SETUP_URL)

    assert response["Location"].startswith(reverse("accounts:otp_verify"))


def test_a_signed_in_person_can_move_to_a_new_authenticator(client, coordinator):
    old = verified_login(client, coordinator)

    client.post(SETUP_URL, {"code": _set_up(client)})

    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert TOTPDevice.objects.filter(user=coordinator, confirmed=True).count() == 1


def test_an_applicant_can_turn_on_two_factor(client, applicant):
    password_step(client, applicant.email)

    client.post(SETUP_URL, {"code": _set_up(client)})

    assert two_factor.has_authenticator(applicant)


def test_an_applicant_can_turn_two_factor_off(client, applicant):
    verified_login(client, applicant)

    response = client.post(reverse("accounts:two_factor_off"), follow=True)

    assert "Two-factor sign-in is off." in html_of(response)
    assert not two_factor.has_authenticator(applicant)


def test_staff_cannot_turn_two_factor_off(client, coordinator):
    verified_login(client, coordinator)

    response = client.post(reverse("accounts:two_factor_off"))

    assert response.status_code == 403
    assert two_factor.has_authenticator(coordinator)


def test_new_backup_codes_are_shown_once_from_the_security_page(client, coordinator):
    verified_login(client, coordinator)

    response = client.post(reverse("accounts:backup_codes_new"), follow=True)

    assert len(re.findall(r"<li><code>[a-z2-7]{8}</code></li>", html_of(response))) == 10


def test_the_security_page_shows_two_factor_status(client, coordinator):
    verified_login(client, coordinator)

    page = html_of(client.get(reverse("accounts:security")))

    assert "Required for your role." in page
    assert 'data-testid="backup-codes-left">0<' in page


def test_secret_for_display_is_base32_in_groups_of_four():
    assert two_factor.secret_for_display("48656c6c6f21deadbeef") == "JBSW Y3DP EHPK 3PXP"
