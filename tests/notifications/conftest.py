import pytest

from tests.factories import user_with_role

# The grants' fixtures (a council, a group and its applicant, an officer, a panel of four and
# a round with three criteria), shared rather than copied.
from tests.grants.conftest import applicant, council, group, officer, panel, round_  # noqa: F401
from thriving.accounts.roles import Role


@pytest.fixture
def second_coordinator(provider):
    return user_with_role(Role.COORDINATOR, provider, email="coord-b@test.example.org")
