"""The directory in a real browser: a link worker finds community support for the person on
their case, suggests a walking group and records that they went; the community development
worker who keeps the listing sees the count and confirms it is still accurate."""

import importlib

import pytest
from django.apps import apps
from playwright.sync_api import expect

from community_assets.models import Service
from referrals.connection_workflow import ConnectionStatus
from referrals.models import Connection
from tests.factories import GPPracticeFactory, OrganisationFactory, ProviderFactory, user_with_role
from tests.referrals.connection_data import (
    WERNETH_POSTCODE,
    directory_categories,
    engaged_case,
    listing_in,
)
from tests.system.conftest import sign_in
from thriving.accounts.roles import OrganisationKind, Role

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
WALK = "Alexandra Park walking group"


def reference_data_seed() -> None:
    """The wards and referral reasons come from data migrations, and a browser test before
    this one may have flushed them: seed them again (both seeds are idempotent)."""
    for module in (
        "thriving.places.migrations.0002_seed_oldham_wards",
        "referrals.migrations.0002_seed_referral_reasons",
    ):
        importlib.import_module(module).seed(apps, None)


@pytest.fixture
def story(transactional_db):
    reference_data_seed()
    practice = GPPracticeFactory(name="Werneth Medical Practice")
    provider = ProviderFactory(name="Action Together")
    council = OrganisationFactory(name="Oldham Council", kind=OrganisationKind.COUNCIL)
    link_worker = user_with_role(
        Role.LINK_WORKER, provider, email="lw@system.test", full_name="Lee Jones"
    )
    cdw = user_with_role(
        Role.COMMUNITY_DEVELOPMENT_WORKER,
        council,
        email="cdw@system.test",
        full_name="Rachel Ogden",
    )
    terms = directory_categories()
    walk = listing_in(cdw, WALK, categories=[terms["walking"]], verified=False)
    listing_in(cdw, "Werneth walking group", categories=[terms["walking"]], where=WERNETH_POSTCODE)
    listing_in(cdw, "Coldhurst coffee morning", categories=[terms["social"]])
    case = engaged_case(
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        reason_codes=("physical-inactivity",),
    )
    return {"case": case, "walk": walk, "cdw": cdw}


def record(page, label: str) -> None:
    """Open the connection's update form, choose what happened and save it."""
    page.get_by_text(f"Update the connection to {WALK}").click()
    page.get_by_label(label).check()
    page.get_by_role("button", name=f"Save the change to {WALK}").click()


def test_link_worker_connects_a_person_and_the_keeper_verifies_the_listing(new_page, story):
    case, walk = story["case"], story["walk"]

    # The link worker opens the case and searches the directory, prefilled for the person.
    link_worker = new_page()
    sign_in(link_worker, "lw@system.test", PASSWORD)
    link_worker.goto(f"/referrals/{case.pk}/")
    link_worker.get_by_role("link", name="Find community support").click()
    results = link_worker.get_by_test_id("directory-results")
    expect(results).to_contain_text(WALK)
    expect(results).not_to_contain_text("Werneth walking group")
    expect(results).not_to_contain_text("Coldhurst coffee morning")

    # They suggest the walking group, and it is on the case as suggested.
    link_worker.get_by_role("button", name=f"Suggest to this person – {WALK}").click()
    connections = link_worker.get_by_test_id("connections")
    expect(connections).to_contain_text(WALK)
    expect(connections).to_contain_text("Suggested")

    # The organiser calls back, then the person starts going.
    record(link_worker, "Contacted: the person or the group has been in touch")
    expect(link_worker.get_by_test_id("connections")).to_contain_text("Contacted")
    record(link_worker, "Attending: the person has started going")
    expect(link_worker.get_by_test_id("connections")).to_contain_text("Attending")
    assert Connection.objects.get(referral=case).status == ConnectionStatus.ATTENDING

    # The community development worker sees the counts and confirms the listing.
    cdw = new_page()
    sign_in(cdw, "cdw@system.test", PASSWORD)
    cdw.goto(f"/directory/{walk.pk}/")
    expect(cdw.get_by_test_id("reach")).to_contain_text("1 person connected, 1 attended.")
    expect(cdw.get_by_test_id("verification")).to_contain_text("Nobody has confirmed")
    cdw.get_by_role("button", name="Still accurate").click()
    expect(cdw.get_by_text("is marked as still accurate today")).to_be_visible()
    assert Service.objects.get(pk=walk.pk).last_verified_by == story["cdw"]
