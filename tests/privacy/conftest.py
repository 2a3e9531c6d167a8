import pytest
from django.contrib.auth.models import Permission

from tests.factories import UserFactory

# The grant fixtures (a round with its panel, a group and its applicant, an officer).
from tests.grants.conftest import (  # noqa: F401
    applicant,
    council,
    group,
    officer,
    panel,
    round_,
)
from tests.privacy.people import choir_listing


@pytest.fixture
def choir(db):
    return choir_listing()


@pytest.fixture
def case_people(referrer, practice, coordinator, link_worker, provider, choir):
    """Everyone a worked case needs, as keyword arguments for tests.privacy.people."""
    return {
        "referrer": referrer,
        "practice": practice,
        "coordinator": coordinator,
        "link_worker": link_worker,
        "provider": provider,
        "listing": choir,
    }


@pytest.fixture
def dpo(db):
    """An admin (staff, not superuser) given the subject access permission: the data
    protection officer."""
    user = UserFactory(email="dpo@test.example.org", full_name="Dana Protection", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="subject_access", content_type__app_label="privacy"),
        Permission.objects.get(codename="view_auditentry", content_type__app_label="audit"),
        Permission.objects.get(codename="view_anonymisation", content_type__app_label="privacy"),
    )
    return user
