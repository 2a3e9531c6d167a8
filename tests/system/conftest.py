"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

import os
import shutil
import time
from urllib.parse import urlparse

import pytest
from django.urls import reverse
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from thriving.accounts.models import User

# Playwright's sync API runs an event loop in this thread; the ORM calls tests make for
# set-up and checks are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open a fresh browser context (its own cookies) per person in the story."""
    contexts = []

    def _new_page():
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture(autouse=True)
def _real_sign_in(_sign_in_controls, settings):
    """Browser tests sign in the way people do: password, then the authenticator code, with
    lockouts on (the root conftest turns both off for unit tests)."""
    settings.OTP_REQUIRED = True
    settings.AXES_ENABLED = True


def sign_in(page, email: str, password: str) -> None:
    """Sign in through the pages, entering the code the person's authenticator app would show.

    People made by factories have no app yet: when the set-up page appears, give them one in
    the database (as if they had scanned the QR code) and carry on to the code page.
    """
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    if urlparse(page.url).path == reverse("accounts:otp_setup"):
        TOTPDevice.objects.create(
            user=User.objects.get(email__iexact=email), name="Authenticator app", confirmed=True
        )
        page.reload()
    if urlparse(page.url).path == reverse("accounts:otp_verify"):
        page.get_by_label("Code").fill(current_code(email))
        with page.expect_navigation():
            page.get_by_role("button", name="Continue").click()


def current_code(email: str) -> str:
    """The code the person's authenticator app shows now, or in the next 30 seconds if this
    one was already used (a code signs in only once)."""
    device = TOTPDevice.objects.get(user__email__iexact=email, confirmed=True)
    now_t = int(time.time()) // device.step + device.drift
    t = max(now_t, device.last_t + 1)
    if t > now_t + device.tolerance:
        time.sleep(device.step - time.time() % device.step + 0.5)
        return current_code(email)
    return f"{hotp(device.bin_key, t, digits=device.digits):0{device.digits}d}"
