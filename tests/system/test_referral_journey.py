"""The referral journey in a real browser: GP refers, coordinator allocates, link worker
accepts and tries to make contact, and the GP sees the new status."""

import re

import pytest
from playwright.sync_api import expect

from referrals.models import Referral
from referrals.workflow import Status
from tests.factories import GPPracticeFactory, ProviderFactory, user_with_role
from tests.system.conftest import sign_in
from thriving.accounts.roles import Role

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


@pytest.fixture
def people(transactional_db):
    practice = GPPracticeFactory(name="Werneth Medical Practice")
    provider = ProviderFactory(name="Action Together")
    return {
        "gp": user_with_role(
            Role.REFERRER, practice, email="gp@system.test", full_name="Dr Amina Shah"
        ),
        "coordinator": user_with_role(
            Role.COORDINATOR, provider, email="coord@system.test", full_name="Chris Okafor"
        ),
        "link_worker": user_with_role(
            Role.LINK_WORKER, provider, email="lw@system.test", full_name="Lee Jones"
        ),
        "provider": provider,
    }


def test_gp_refers_coordinator_allocates_link_worker_accepts_and_gp_sees_status(new_page, people):
    # The GP refers someone.
    gp = new_page()
    sign_in(gp, "gp@system.test", PASSWORD)
    gp.goto("/referrals/new/")
    gp.get_by_label("NHS number").fill("943 476 5919")
    gp.get_by_label("First name").fill("Siân")
    gp.get_by_label("Last name").fill("Llewellyn-O'Brien")
    gp.get_by_label("Day").fill("14")
    gp.get_by_label("Month").fill("3")
    gp.get_by_label("Year").fill("1951")
    gp.get_by_label("Address line 1").fill("12 Yorkshire Street")
    gp.get_by_label("Postcode").fill("ol1 1aa")
    gp.get_by_label("Phone number (optional)").fill("0161 555 0100")
    gp.get_by_label("Phone call").check()
    gp.get_by_label("The person agrees to be referred for social prescribing").check()
    gp.get_by_label("Loneliness and isolation").check()
    gp.get_by_role("button", name="Send referral").click()
    expect(gp.get_by_text(re.compile(r"Its reference is TC-"))).to_be_visible()
    referral = Referral.objects.get()
    assert referral.given_name == "Siân"
    assert referral.status == Status.SUBMITTED

    # The coordinator allocates it to their organisation from the inbox.
    coordinator = new_page()
    sign_in(coordinator, "coord@system.test", PASSWORD)
    coordinator.goto("/referrals/inbox/")
    coordinator.get_by_label(f"Allocate referral {referral.reference} to").select_option(
        label="Action Together"
    )
    coordinator.get_by_role("button", name=f"Allocate referral {referral.reference}").click()
    referral.refresh_from_db()
    assert referral.status == Status.ALLOCATED

    # The link worker accepts it and logs a failed contact attempt.
    link_worker = new_page()
    sign_in(link_worker, "lw@system.test", PASSWORD)
    link_worker.goto("/referrals/caseload/")
    link_worker.get_by_role("button", name=re.compile(r"^Accept")).first.click()
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED
    link_worker.goto(f"/referrals/{referral.pk}/")
    link_worker.get_by_text("Log a contact attempt").click()
    link_worker.get_by_label("Phone call").check()
    link_worker.get_by_label("No answer").check()
    link_worker.get_by_role("button", name="Log the attempt").click()
    expect(link_worker.get_by_role("cell", name="No answer").first).to_be_visible()
    referral.refresh_from_db()
    assert referral.status == Status.CONTACTING

    # The GP sees the new status on their organisation's list and the referral page.
    gp.goto("/referrals/ours/")
    expect(gp.get_by_role("row", name=re.compile(referral.reference))).to_contain_text("Contacting")
    gp.goto(f"/referrals/{referral.pk}/")
    expect(gp.get_by_test_id("status")).to_contain_text("Contacting")
    expect(gp.get_by_text("No answer")).to_have_count(0)
