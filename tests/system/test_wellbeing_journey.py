"""Wellbeing measures in a real browser: the link worker records ONS4 and SWEMWBS at the start,
is asked for the end measure when closing, records it, closes, and the GP reads the change
and the SNOMED CT code in the outcome summary."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from referrals.models import OutcomeMeasure
from referrals.workflow import Status
from tests.factories import GPPracticeFactory, ProviderFactory, user_with_role
from tests.referrals.case_data import referral_in
from tests.system.conftest import sign_in
from thriving.accounts.roles import Role

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
ONS4 = [
    "Overall, how satisfied are you with your life nowadays?",
    "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
    "Overall, how happy did you feel yesterday?",
    "On a scale where 0 is 'not at all anxious' and 10 is 'completely anxious', overall, how "
    "anxious did you feel yesterday?",
]


@pytest.fixture
def case(transactional_db):
    practice = GPPracticeFactory(name="Werneth Medical Practice")
    provider = ProviderFactory(name="Action Together")
    gp = user_with_role(Role.REFERRER, practice, email="gp@system.test", full_name="Dr Amina Shah")
    link_worker = user_with_role(
        Role.LINK_WORKER, provider, email="lw@system.test", full_name="Lee Jones"
    )
    return referral_in(
        Status.ENGAGED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        referrer=gp,
        submitted_at=timezone.now() - timedelta(days=30),
    )


def answer_ons4(page, answers: list[str]) -> None:
    for question, answer in zip(ONS4, answers, strict=True):
        page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def test_link_worker_records_measures_closes_and_the_gp_reads_the_change(new_page, case):
    lw = new_page()
    sign_in(lw, "lw@system.test", PASSWORD)
    lw.goto(f"/referrals/{case.pk}/")

    # ONS4 at the start: the timepoint and today's date are filled in.
    lw.get_by_role("link", name="Record an ONS4 personal wellbeing measure").click()
    expect(lw.get_by_test_id("measure-intro")).to_contain_text(
        "Next I would like to ask you four questions"
    )
    answer_ons4(lw, ["3", "4", "2", "8"])
    lw.get_by_role("button", name="Save the ONS4 measure").click()
    expect(lw.get_by_text("ONS4 start measure recorded.")).to_be_visible()

    # SWEMWBS at the start, missing one statement first: the error names it.
    lw.get_by_role("link", name="Record a SWEMWBS measure").click()
    statements = lw.get_by_role("group", name=re.compile(r"^I've been"))
    for index in range(6):
        statements.nth(index).get_by_label("Rarely", exact=True).check()
    lw.get_by_role("button", name="Save the SWEMWBS measure").click()
    expect(lw.get_by_role("alert")).to_contain_text(
        "Statement 7 (able to make up my own mind): choose how often"
    )
    statements.nth(6).get_by_label("Some of the time", exact=True).check()
    lw.get_by_role("button", name="Save the SWEMWBS measure").click()
    expect(lw.get_by_text("SWEMWBS start measure recorded.")).to_be_visible()

    # The close form says there is no end measure and links to record it.
    lw.locator("summary", has_text="Close the case").click()
    expect(lw.get_by_test_id("end-measure-status")).to_contain_text(
        "No end wellbeing measure is recorded"
    )
    lw.get_by_role("link", name="record the end ONS4 measure").click()
    answer_ons4(lw, ["6", "4", "5", "5"])
    lw.get_by_role("button", name="Save the ONS4 measure").click()
    expect(lw.get_by_text("ONS4 end measure recorded.")).to_be_visible()
    expect(lw.get_by_test_id("change-ons4")).to_contain_text("Up 3 points (better)")

    # Now closing asks no reason.
    lw.locator("summary", has_text="Close the case").click()
    expect(lw.get_by_test_id("end-measure-status")).to_contain_text(
        "The end wellbeing measure is recorded"
    )
    lw.get_by_label("Goals met").check()
    lw.get_by_label("Outcome summary for the referrer").fill("Back at the allotment.")
    lw.get_by_role("button", name="Close the case").click()
    expect(lw.get_by_text("The case is closed.")).to_be_visible()
    assert OutcomeMeasure.objects.filter(referral=case).count() == 3

    # The GP reads the outcome.
    gp = new_page()
    sign_in(gp, "gp@system.test", PASSWORD)
    gp.goto(f"/referrals/{case.pk}/")
    expect(gp.get_by_test_id("outcome-snomed")).to_contain_text(
        "871731000000106 Referral to social prescribing service"
    )
    expect(gp.get_by_test_id("outcome-wellbeing")).to_contain_text("Down 3 points (better)")
