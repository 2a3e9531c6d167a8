"""Browser test: a community development worker finds a stale listing, checks it and
confirms it is still accurate; a resident finds it on the public page.

No wards are needed (transactional tests may run after a flush has emptied them), so the
listing's postcode is one outside the borough's lookup.
"""

import pytest

from tests.community_assets.factories import GroupFactory, make_listing, place
from tests.factories import OrganisationFactory, user_with_role
from thriving.accounts.roles import OrganisationKind, Role

from .conftest import sign_in

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def test_a_community_development_worker_confirms_a_stale_listing(new_page):
    council = OrganisationFactory(name="Oldham Council", kind=OrganisationKind.COUNCIL)
    cdw = user_with_role(
        Role.COMMUNITY_DEVELOPMENT_WORKER,
        council,
        email="cdw@test.example.org",
        full_name="Rachel Ogden",
    )
    make_listing(
        cdw,
        name="Werneth Park Growers",
        organisation=GroupFactory(name="Werneth Community Garden"),
        places=[place(name="Werneth Park", days="WE")],
        keeper=cdw,
        verified=False,
    )

    page = new_page()
    sign_in(page, "cdw@test.example.org", PASSWORD)
    page.get_by_role("link", name="My listings").first.click()
    assert (
        "1 of your listings has not been confirmed"
        in page.get_by_test_id("stale-count").inner_text()
    )
    row = page.get_by_test_id("listing-row")
    assert "Needs checking" in row.inner_text()

    row.get_by_role("button", name="Still accurate").click()

    assert "is marked as still accurate today" in page.content()
    assert page.get_by_test_id("stale-count").count() == 0

    resident = new_page()
    resident.goto("/directory/public/")
    resident.get_by_label("Words").fill("grow")
    resident.get_by_role("button", name="Search").click()
    resident.get_by_role("link", name="Werneth Park Growers").click()
    assert "Wednesdays, 10am to 12pm" in resident.content()
    assert "Rachel Ogden" not in resident.content()
