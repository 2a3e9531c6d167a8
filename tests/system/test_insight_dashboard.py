"""The dashboard in Chromium: the programme lead signs in, the charts are drawn from the page's
data by static/js/insight-charts.js, and the Content Security Policy refuses nothing."""

import importlib
import re

import pytest
from django.apps import apps
from playwright.sync_api import expect

from tests.factories import GPPracticeFactory, ProviderFactory, user_with_role
from tests.grants.factories import CouncilFactory
from tests.insight.dashboard_world import QUERY, build_world
from tests.system.conftest import sign_in
from thriving.accounts.roles import Role

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
VIOLATION = re.compile(r"Refused to|Content Security Policy", re.IGNORECASE)


@pytest.fixture
def lead(transactional_db):
    for module in (
        "thriving.places.migrations.0002_seed_oldham_wards",
        "referrals.migrations.0002_seed_referral_reasons",
    ):
        importlib.import_module(module).seed(apps, None)
    provider = ProviderFactory(name="Action Together")
    build_world(
        provider=provider,
        other_provider=ProviderFactory(name="Age UK Oldham"),
        practice=GPPracticeFactory(name="Werneth Surgery"),
        other_practice=GPPracticeFactory(name="Royton Medical Centre"),
        link_worker=user_with_role(Role.LINK_WORKER, provider, full_name="Lee Linkworker"),
    )
    return user_with_role(
        Role.PROGRAMME_LEAD, CouncilFactory(name="Oldham Council"), email="lead@dash.test"
    )


def test_the_lead_sees_charts_drawn_beside_the_tables(new_page, lead):
    page = new_page()
    refused: list[str] = []
    page.on("console", lambda m: VIOLATION.search(m.text) and refused.append(m.text))
    sign_in(page, lead.email, PASSWORD)

    page.goto("/insight/?" + "&".join(f"{k}={v}" for k, v in QUERY.items()))

    expect(page.get_by_role("heading", name="Programme dashboard", level=1)).to_be_visible()
    funnel_chart = page.locator('canvas[data-chart-data="chart-funnel"]')
    expect(funnel_chart).to_have_attribute("data-insight-drawn", "true")
    expect(funnel_chart).to_be_visible()
    assert page.locator("canvas[data-insight-drawn=true]").count() == 13
    expect(page.get_by_test_id("table-funnel")).to_contain_text("<5")
    assert refused == []


def test_bad_dates_are_explained_in_the_browser(new_page, lead):
    page = new_page()
    sign_in(page, lead.email, PASSWORD)
    page.goto("/insight/")

    page.get_by_label("Referred from").fill("2025-04-30")
    page.get_by_label("Referred up to and including").fill("2025-03-01")
    page.get_by_role("button", name="Show figures").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "‘Referred up to’ must be the same as or after ‘Referred from’"
    )
