from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from referrals.models import (
    AllocationRule,
    CaseNote,
    ContactAttempt,
    Goal,
    Referral,
    ReferralEvent,
)
from referrals.workflow import Status
from thriving.accounts.models import Membership, Organisation, User
from thriving.accounts.roles import OrganisationKind, Role
from thriving.core.validators import nhs_number_is_valid
from thriving.demo import seed as demo_seed_module
from thriving.notifications.models import OutboundEmail
from thriving.places.models import Postcode

EXPECTED_ROLES = {
    "gp@example.org": (Role.REFERRER, "Werneth Medical Practice", OrganisationKind.REFERRER),
    "gp2@example.org": (
        Role.REFERRER,
        "Royton and Crompton Family Practice",
        OrganisationKind.REFERRER,
    ),
    "coordinator@example.org": (Role.COORDINATOR, "Action Together", OrganisationKind.PROVIDER),
    "linkworker@example.org": (Role.LINK_WORKER, "Action Together", OrganisationKind.PROVIDER),
    "coordinator2@example.org": (Role.COORDINATOR, "Age UK Oldham", OrganisationKind.PROVIDER),
    "linkworker2@example.org": (Role.LINK_WORKER, "Age UK Oldham", OrganisationKind.PROVIDER),
    "lead@example.org": (Role.PROGRAMME_LEAD, "Oldham Council", OrganisationKind.COUNCIL),
}


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def _seeded_once(django_db_setup, django_db_blocker):
    """Seeding takes seconds, so the module's checks share one run, rolled back at the end.

    Other apps' demo seeders are left out: their own tests cover them.
    """
    with (
        pytest.MonkeyPatch.context() as patch,
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        patch.setattr(demo_seed_module, "OPTIONAL_SEEDERS", [])
        output = seed()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_seeded_once, db) -> str:
    return _seeded_once


def row_counts() -> dict[str, int]:
    models = [
        Organisation,
        User,
        Membership,
        Postcode,
        AllocationRule,
        Referral,
        ReferralEvent,
        ContactAttempt,
        CaseNote,
        Goal,
        OutboundEmail,
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_seed_demo_creates_each_named_user_with_their_role_and_organisation(seeded):
    for email, (role, organisation, kind) in EXPECTED_ROLES.items():
        membership = Membership.objects.select_related("organisation").get(user__email=email)
        assert (membership.role, membership.organisation.name, membership.organisation.kind) == (
            role,
            organisation,
            kind,
        ), email


def test_seed_demo_makes_admin_a_staff_superuser(seeded):
    admin = User.objects.get(email="admin@example.org")
    assert admin.is_staff and admin.is_superuser


def test_seed_demo_users_sign_in_with_the_demo_password(seeded, settings):
    for email in [*EXPECTED_ROLES, "admin@example.org"]:
        assert User.objects.get(email=email).check_password(settings.DEMO_PASSWORD), email


def test_seed_demo_gives_gp_practices_ods_codes(seeded):
    codes = Organisation.objects.filter(kind=OrganisationKind.REFERRER).values_list(
        "ods_code", flat=True
    )
    assert sorted(codes) == ["P85001", "P85014"]


def test_seed_demo_creates_about_fifty_referrals_in_every_status(seeded):
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert Referral.objects.count() == 50
    assert statuses == set(Status.values)


def test_seed_demo_gives_both_providers_active_and_closed_cases(seeded):
    for name in ["Action Together", "Age UK Oldham"]:
        cases = Referral.objects.filter(provider__name=name)
        assert cases.active_cases().exists(), name
        assert cases.closed().exists(), name


def test_seed_demo_leaves_referrals_from_the_unruled_district_in_the_inbox(seeded):
    waiting = Referral.objects.unallocated()
    assert waiting.exists()
    assert set(waiting.values_list("ward__district__name", flat=True)) == {
        "Failsworth and Hollinwood"
    }


def test_seed_demo_uses_valid_nhs_numbers_from_the_test_range(seeded):
    numbers = list(Referral.objects.values_list("nhs_number", flat=True))
    assert all(n.startswith("999") and nhs_number_is_valid(n) for n in numbers)


def test_seed_demo_maps_every_borough_postcode_it_uses_to_a_ward(seeded):
    in_borough = Referral.objects.exclude(close_reason="out_of_area")
    assert not in_borough.filter(ward__isnull=True).exists()


def test_seed_demo_builds_every_case_a_timeline_of_events(seeded):
    for referral in Referral.objects.prefetch_related("events"):
        statuses = [e.to_status for e in referral.events.all() if e.to_status]
        assert statuses[0] == Status.SUBMITTED
        assert statuses[-1] == referral.status, referral.reference


def test_seed_demo_spreads_referrals_over_past_months_with_events_in_order(seeded):
    now = timezone.now()
    submitted = sorted(Referral.objects.values_list("submitted_at", flat=True))
    assert (now - submitted[0]).days >= 60
    assert not ReferralEvent.objects.filter(at__gt=now).exists()
    for referral in Referral.objects.prefetch_related("events"):
        moments = [e.at for e in referral.events.all()]
        assert moments == sorted(moments)
        assert moments[0] == referral.submitted_at


def test_running_seed_demo_twice_creates_nothing_new(seeded):
    before = row_counts()
    output = seed()
    assert row_counts() == before
    assert "0 created this time" in output


def test_seed_demo_prints_the_logins(seeded):
    output = seeded
    assert "gp@example.org" in output
    assert "admin@example.org" in output


def test_seed_demo_runs_another_apps_demo_seeder_when_it_exists(seeded, tmp_path, monkeypatch):
    (tmp_path / "probe_app_demo.py").write_text(
        "def seed(stdout):\n    stdout.write('probe seeded')\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(demo_seed_module, "OPTIONAL_SEEDERS", ["probe_app_demo"])
    assert "probe seeded" in seed()


def test_seed_demo_skips_a_demo_seeder_that_does_not_exist(seeded, monkeypatch):
    monkeypatch.setattr(demo_seed_module, "OPTIONAL_SEEDERS", ["no_such_app.demo"])
    assert "Demo referrals: 50" in seed()


def test_first_seed_demo_reports_the_referrals_it_created(seeded):
    assert "Demo referrals: 50 (50 created this time)" in seeded


def test_seed_demo_again_applies_a_changed_demo_password(seeded, settings):
    settings.DEMO_PASSWORD = "a-new-demo-password-2027"
    seed()
    assert User.objects.get(email="gp@example.org").check_password("a-new-demo-password-2027")


def test_seed_demo_sends_no_emails_about_its_made_up_history(seeded):
    assert not OutboundEmail.objects.exists()
