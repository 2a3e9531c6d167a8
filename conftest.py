import pytest

from tests.factories import GPPracticeFactory, ProviderFactory, user_with_role
from thriving.accounts.roles import Role


@pytest.fixture(autouse=True)
def _media_and_email(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


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
