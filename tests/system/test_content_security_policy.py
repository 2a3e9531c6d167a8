"""The Content Security Policy in a real browser: key pages load in Chromium with no CSP
violation at all ("Refused to ..." in the console), so no page relies on an inline script,
an inline style or an event-handler attribute the policy blocks."""

import importlib
import re

import pytest
from django.apps import apps
from playwright.sync_api import expect

from tests.factories import GPPracticeFactory, OrganisationFactory, ProviderFactory, user_with_role
from tests.referrals.connection_data import directory_categories, engaged_case, listing_in
from tests.system.conftest import sign_in
from thriving.accounts.models import User
from thriving.accounts.roles import OrganisationKind, Role

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
VIOLATION = re.compile(r"Refused to|Content Security Policy", re.IGNORECASE)


def reference_data_seed() -> None:
    """Wards and referral reasons come from data migrations that an earlier browser test's
    flush removed; both seeds are idempotent."""
    for module in (
        "thriving.places.migrations.0002_seed_oldham_wards",
        "referrals.migrations.0002_seed_referral_reasons",
    ):
        importlib.import_module(module).seed(apps, None)


@pytest.fixture
def people(transactional_db):
    reference_data_seed()
    practice = GPPracticeFactory(name="Werneth Medical Practice")
    provider = ProviderFactory(name="Action Together")
    council = OrganisationFactory(name="Oldham Council", kind=OrganisationKind.COUNCIL)
    gp = user_with_role(Role.REFERRER, practice, email="gp@csp.test", full_name="Dr Amina Shah")
    link_worker = user_with_role(
        Role.LINK_WORKER, provider, email="lw@csp.test", full_name="Lee Jones"
    )
    cdw = user_with_role(Role.COMMUNITY_DEVELOPMENT_WORKER, council, email="cdw@csp.test")
    listing_in(cdw, "Alexandra Park walking group", categories=[directory_categories()["walking"]])
    case = engaged_case(practice=practice, provider=provider, link_worker=link_worker)
    admin = User.objects.create_superuser("admin@csp.test", PASSWORD, full_name="Ada Admin")
    return {"gp": gp, "link_worker": link_worker, "case": case, "admin": admin}


def _watch(page) -> list[str]:
    """Every console message and page error that reports a CSP violation."""
    seen: list[str] = []
    page.on("console", lambda m: VIOLATION.search(m.text) and seen.append(m.text))
    page.on("pageerror", lambda e: VIOLATION.search(str(e)) and seen.append(str(e)))
    return seen


def _visit(page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, (path, response and response.status)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")


def test_sign_in_page_loads_without_a_csp_violation(new_page):
    page = new_page()
    violations = _watch(page)

    _visit(page, "/accounts/login/")

    assert violations == []


def test_api_docs_render_without_a_csp_violation(new_page):
    page = new_page()
    violations = _watch(page)

    _visit(page, "/api/docs/")

    # Swagger UI draws the page from its scripts: seeing the title proves they ran.
    expect(page.get_by_text("Thriving Communities API").first).to_be_visible()
    assert violations == []


def test_referral_form_loads_without_a_csp_violation(new_page, people):
    page = new_page()
    sign_in(page, people["gp"].email, PASSWORD)
    violations = _watch(page)

    _visit(page, "/referrals/new/")

    expect(page.get_by_label("NHS number")).to_be_visible()
    assert violations == []


def test_case_page_and_directory_load_without_a_csp_violation(new_page, people):
    page = new_page()
    sign_in(page, people["link_worker"].email, PASSWORD)
    violations = _watch(page)

    for path in (
        f"/referrals/{people['case'].pk}/",
        "/referrals/caseload/",
        "/directory/?q=walking",
        "/directory/map/",
    ):
        _visit(page, path)

    assert violations == []


def test_admin_pages_load_without_a_csp_violation(new_page, people):
    page = new_page()
    sign_in(page, people["admin"].email, PASSWORD)
    violations = _watch(page)

    for path in (
        "/admin/",
        "/admin/referrals/referral/",
        f"/admin/referrals/referral/{people['case'].pk}/change/",
        "/admin/accounts/user/add/",
    ):
        _visit(page, path)

    assert violations == []
