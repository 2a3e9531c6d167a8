import pytest
from django.core.cache.backends.locmem import LocMemCache
from rest_framework.throttling import SimpleRateThrottle

from tests.factories import GPPracticeFactory, ProviderFactory, user_with_role
from thriving.accounts.roles import Role

_THROTTLE_COUNTS = LocMemCache("test-api-throttles", {})


@pytest.fixture(autouse=True)
def _media_and_email(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _sign_in_controls(settings, monkeypatch):
    """Two-factor sign-in and lockouts off unless a test turns them on: tests sign in with
    force_login (which skips the code page) and client.login (which axes refuses without a
    request); tests/accounts and tests/system turn them on. API rate limits stay on, counted
    in a store of their own that starts empty for every test."""
    settings.OTP_REQUIRED = False
    settings.AXES_ENABLED = False
    _THROTTLE_COUNTS.clear()
    monkeypatch.setattr(SimpleRateThrottle, "cache", _THROTTLE_COUNTS)


@pytest.fixture
def practice(db):
    return GPPracticeFactory(name="Werneth Surgery")


@pytest.fixture
def other_practice(db):
    return GPPracticeFactory(name="Royton Medical Centre")


@pytest.fixture
def provider(db):
    return ProviderFactory(name="Action Together")


@pytest.fixture
def other_provider(db):
    return ProviderFactory(name="Age UK Oldham")


@pytest.fixture
def referrer(practice):
    return user_with_role(
        Role.REFERRER, practice, email="gp@test.example.org", full_name="Dr Amina Shah"
    )


@pytest.fixture
def coordinator(provider):
    return user_with_role(
        Role.COORDINATOR, provider, email="coord@test.example.org", full_name="Chris Coordinator"
    )


@pytest.fixture
def link_worker(provider):
    return user_with_role(
        Role.LINK_WORKER, provider, email="lw@test.example.org", full_name="Lee Linkworker"
    )


@pytest.fixture
def other_coordinator(other_provider):
    return user_with_role(Role.COORDINATOR, other_provider, email="coord2@test.example.org")


@pytest.fixture
def other_link_worker(other_provider):
    return user_with_role(Role.LINK_WORKER, other_provider, email="lw2@test.example.org")


def _uses_transactional_db(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return "live_server" in request.fixturenames or "transactional_db" in request.fixturenames
    return bool(marker.kwargs.get("transaction") or (marker.args and marker.args[0]))


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """Transactional tests empty every table when they finish, including the wards, referral
    reasons and index weights that data migrations seed. Put them back for any test that needs a
    transactional database, so the order tests run in never matters."""
    if not _uses_transactional_db(request):
        return
    request.getfixturevalue("transactional_db")
    import importlib

    from django.apps import apps

    for module in (
        "thriving.places.migrations.0002_seed_oldham_wards",
        "referrals.migrations.0002_seed_referral_reasons",
        "thriving.insight.migrations.0002_default_index_weights",
    ):
        importlib.import_module(module).seed(apps, None)
