import pytest

from tests.factories import UserFactory


@pytest.fixture
def admin_user(db):
    return UserFactory(
        email="admin@test.example.org", full_name="Ada Admin", is_staff=True, is_superuser=True
    )
