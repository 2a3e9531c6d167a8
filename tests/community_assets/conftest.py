import pytest

from tests.factories import OrganisationFactory, user_with_role
from thriving.accounts.roles import OrganisationKind, Role
from thriving.places.models import Postcode, Ward

from .factories import TermFactory


@pytest.fixture
def council(db):
    return OrganisationFactory(name="Oldham Council", kind=OrganisationKind.COUNCIL)


@pytest.fixture
def cdw(council):
    return user_with_role(
        Role.COMMUNITY_DEVELOPMENT_WORKER,
        council,
        email="cdw@test.example.org",
        full_name="Rachel Ogden",
    )


@pytest.fixture
def other_cdw(council):
    return user_with_role(Role.COMMUNITY_DEVELOPMENT_WORKER, council, email="cdw2@test.example.org")


@pytest.fixture
def cdw_client(client, cdw):
    client.force_login(cdw)
    return client


@pytest.fixture
def lw_client(client, link_worker):
    client.force_login(link_worker)
    return client


@pytest.fixture
def postcodes(db):
    """One postcode in each of three wards (two of them in the same district)."""
    wards = {ward.name: ward for ward in Ward.objects.all()}
    rows = {"Coldhurst": "OL1 2AT", "Werneth": "OL9 6BT", "Shaw": "OL2 7DE"}
    for ward_name, code in rows.items():
        Postcode.objects.get_or_create(postcode=code, defaults={"ward": wards[ward_name]})
    return rows


@pytest.fixture
def terms(db):
    """A small category tree: Advice > Money, Advice > Housing; Gardening; Arts."""
    advice = TermFactory(code="advice", name="Advice")
    return {
        "advice": advice,
        "money": TermFactory(code="money-advice", name="Money", parent=advice),
        "housing": TermFactory(code="housing-advice", name="Housing", parent=advice),
        "gardening": TermFactory(code="gardening", name="Gardening"),
        "arts": TermFactory(code="arts", name="Arts"),
    }
