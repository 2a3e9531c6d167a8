"""Sign-in tests run with two-factor sign-in and lockouts on, as in production."""

import pytest

from tests.factories import OrganisationFactory, UserFactory, user_with_role
from thriving.accounts.roles import OrganisationKind, Role


@pytest.fixture(autouse=True)
def _two_factor_and_lockouts_on(_sign_in_controls, settings):
    settings.OTP_REQUIRED = True
    settings.AXES_ENABLED = True


@pytest.fixture
def applicant(db):
    group = OrganisationFactory(
        name="Hathershaw Knit and Natter", kind=OrganisationKind.COMMUNITY_GROUP
    )
    return user_with_role(Role.GRANT_APPLICANT, group, email="knit@test.example.org")


@pytest.fixture
def admin_user(db):
    return UserFactory(email="admin@test.example.org", is_staff=True, is_superuser=True)
