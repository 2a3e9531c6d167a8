"""A Fast Action grant in a real browser: the group applies, the officer passes eligibility,
four panel members act (one declaring a conflict), the officer decides, the group accepts."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from grants.models import Application, ConflictDeclaration, Score
from grants.workflow import Status
from tests.factories import user_with_role
from tests.grants.factories import (
    CommunityGroupFactory,
    CouncilFactory,
    CriterionFactory,
    EligibilityQuestionFactory,
    RoundFactory,
)
from tests.system.conftest import sign_in
from thriving.accounts.roles import Role
from thriving.places.models import District, Ward

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
CRITERIA = ["Community benefit", "Reach", "Value for money"]
QUESTIONS = ["Is your group based in Oldham?", "Does your group have a bank account?"]


def _coldhurst() -> Ward:
    """The ward the group serves. Wards come from a data migration, which a transactional
    test run earlier in the suite flushes away, so it is made again when missing."""
    district, _ = District.objects.get_or_create(name="Oldham Central")
    return Ward.objects.get_or_create(
        name="Coldhurst",
        defaults={"ons_code": "E05000874", "district": district, "population": 14800},
    )[0]


@pytest.fixture
def people(transactional_db):
    _coldhurst()
    council = CouncilFactory(name="Oldham Council")
    group = CommunityGroupFactory(name="Greenacres Community Garden")
    panel = [
        user_with_role(
            Role.PANEL_MEMBER, council, email=f"panel{n}@system.test", full_name=f"Panel {n}"
        )
        for n in range(1, 5)
    ]
    round_ = RoundFactory(name="Fast Action Grants 2026/27", budget=Decimal("60000.00"))
    round_.panel_members.set(panel)
    for name in CRITERIA:
        CriterionFactory(round=round_, name=name)
    for text in QUESTIONS:
        EligibilityQuestionFactory(round=round_, text=text)
    return {
        "round": round_,
        "applicant": user_with_role(
            Role.GRANT_APPLICANT, group, email="group@system.test", full_name="Aisha Rahman"
        ),
        "officer": user_with_role(
            Role.GRANT_OFFICER, council, email="officer@system.test", full_name="Owen Officer"
        ),
        "panel": panel,
    }


def _apply(page, round_):
    today = timezone.localdate()
    page.goto("/grants/applications/")
    page.get_by_role("link", name=re.compile(r"^Start an application")).click()
    page.get_by_label("Constituted group (with a written constitution)").check()
    page.get_by_label("Project title").fill("Tea and chat mornings")
    page.get_by_label("Describe your project").fill("Weekly mornings for people who live alone.")
    page.get_by_label("How many people will your project reach?").fill("40")
    page.get_by_label("Coldhurst").check()
    page.get_by_label("How much are you asking for?").fill("300")
    page.get_by_label("Line 1: what the money is for").fill("Room hire")
    page.get_by_label("Line 1: amount in pounds").fill("200")
    page.get_by_label("Line 2: what the money is for").fill("Tea and cake")
    page.get_by_label("Line 2: amount in pounds").fill("100")
    page.get_by_label("Start date").fill((today + timedelta(days=7)).isoformat())
    page.get_by_label("End date").fill((today + timedelta(days=60)).isoformat())
    for question in QUESTIONS:
        page.get_by_role("group", name=question).get_by_label("Yes").check()
    page.get_by_label("The information in this application is true and complete").check()
    page.get_by_label("We will spend the grant only on this project").check()
    page.get_by_label("We will send a monitoring report when the project ends").check()
    page.get_by_label("We agree that details of the grant may be published").check()
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_role("heading", name="Application submitted")).to_be_visible()


def _score(page, application, value: str):
    page.goto(f"/grants/panel/applications/{application.pk}/")
    page.get_by_label("No, I have no conflict of interest").check()
    page.get_by_role("button", name="Save your declaration").click()
    expect(page.get_by_text("Weekly mornings for people who live alone.")).to_be_visible()
    for name in CRITERIA:
        page.get_by_role("group", name=f"{name}: your score").get_by_label(value).check()
        page.get_by_label(f"{name}: your comment").fill("A clear plan.")
    page.get_by_role("button", name="Save your scores").click()
    expect(page.get_by_text("Your scores are saved.")).to_be_visible()


def test_group_applies_officer_checks_panel_scores_officer_decides_group_accepts(new_page, people):
    # The group applies and is given its reference.
    group = new_page()
    sign_in(group, "group@system.test", PASSWORD)
    _apply(group, people["round"])
    application = Application.objects.get()
    expect(group.get_by_test_id("reference")).to_have_text(application.reference)
    assert application.status == Status.SUBMITTED
    assert [line.amount for line in application.budget_lines.all()] == [
        Decimal("200.00"),
        Decimal("100.00"),
    ]

    # The officer passes the eligibility check from the round's queue.
    officer = new_page()
    sign_in(officer, "officer@system.test", PASSWORD)
    officer.goto("/grants/officer/")
    officer.get_by_role("link", name="Fast Action Grants 2026/27").click()
    expect(officer.get_by_test_id("budget-remaining")).to_contain_text("£60,000")
    officer.get_by_role("link", name=application.reference).click()
    officer.get_by_label("Eligible: pass it to the panel").check()
    officer.get_by_role("button", name="Save the eligibility check").click()
    expect(officer.get_by_text("is eligible and has gone to the panel")).to_be_visible()
    application.refresh_from_db()
    assert application.status == Status.PANEL_REVIEW

    # The fourth panel member declares a conflict and sees only the summary.
    conflicted = new_page()
    sign_in(conflicted, "panel4@system.test", PASSWORD)
    conflicted.goto("/grants/panel/")
    conflicted.get_by_role("link", name=application.reference).click()
    conflicted.get_by_label("Yes, I have a conflict").check()
    conflicted.get_by_label("If you have a conflict, what is it?").fill("I am its treasurer")
    conflicted.get_by_role("button", name="Save your declaration").click()
    expect(conflicted.get_by_test_id("conflict-declared")).to_be_visible()
    expect(conflicted.get_by_text("Weekly mornings for people who live alone.")).to_have_count(0)

    # Three panel members declare no conflict and score every criterion.
    for n, value in [(1, "4"), (2, "5"), (3, "3")]:
        member = new_page()
        sign_in(member, f"panel{n}@system.test", PASSWORD)
        _score(member, application, value)
    assert Score.objects.filter(application=application).count() == 9
    assert (
        ConflictDeclaration.objects.filter(application=application, has_conflict=True).count() == 1
    )

    # The conflicted member still sees no one's scores.
    conflicted.reload()
    expect(conflicted.get_by_test_id("scores-hidden")).to_be_visible()
    expect(conflicted.get_by_test_id("weighted-average")).to_have_count(0)

    # The officer approves in part, within the budget, with the declarations on the record.
    officer.goto(f"/grants/officer/applications/{application.pk}/")
    officer.get_by_role("link", name="Make the decision").click()
    expect(officer.get_by_test_id("declarations")).to_contain_text("I am its treasurer")
    officer.get_by_label("Approve").check()
    officer.get_by_label("Amount to award (approving in part)").fill("250")
    officer.get_by_label("Reason for the decision").fill("A strong plan; venue costs trimmed.")
    officer.get_by_role("button", name="Record the decision").click()
    expect(officer.get_by_text("is approved: £250")).to_be_visible()
    expect(officer.get_by_test_id("budget-committed")).to_contain_text("£250")
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert application.amount_awarded == Decimal("250.00")

    # The group accepts the offer.
    group.goto(f"/grants/applications/{application.pk}/")
    expect(group.get_by_test_id("offer-amount")).to_have_text("£250")
    group.get_by_label("We accept the grant").check()
    group.get_by_role("button", name="Accept the offer").click()
    expect(group.get_by_test_id("status")).to_contain_text("Offer accepted")
    application.refresh_from_db()
    assert application.status == Status.OFFER_ACCEPTED
