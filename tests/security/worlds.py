"""Two organisations' worth of people and records, for the tests that check one cannot reach
the other's: world A owns one record of every kind a URL can name, world B has a person in
each of the same roles and owns nothing of A's.

Records are written through the apps' services (the grants helpers, the directory and referral
services), so they are in the state the pages expect.
"""

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from community_assets import csv_io
from community_assets import services as directory
from grants import services as grants
from referrals import connections
from referrals import services as referrals
from referrals.workflow import Status
from tests.community_assets.factories import make_listing, place
from tests.factories import (
    GPPracticeFactory,
    OrganisationFactory,
    ProviderFactory,
    postcode,
    user_with_role,
)
from tests.grants import helpers as grant_helpers
from tests.grants.factories import (
    CommunityGroupFactory,
    CriterionFactory,
    EligibilityQuestionFactory,
    RoundFactory,
)
from tests.referrals.case_data import referral_in
from thriving.accounts import services as accounts
from thriving.accounts.roles import OrganisationKind, Role
from thriving.notifications.models import Notification

PASSWORD = "correct-horse-battery"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
LISTING_POSTCODE = "OL1 2AT"


@dataclass
class World:
    people: dict[str, Any] = field(default_factory=dict)
    records: dict[str, Any] = field(default_factory=dict)


def _import_csv() -> bytes:
    row = dict.fromkeys(csv_io.COLUMNS, "")
    row.update(
        organisation="Werneth Growers",
        name="Gardening club",
        description="We grow vegetables.",
        location_name="Werneth Community Centre",
        address_1="1 Frederick Street",
        postcode=LISTING_POSTCODE,
        frequency="weekly",
        days="MO",
        opens_at="10:00",
        closes_at="12:00",
    )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=csv_io.COLUMNS)
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue().encode()


def build_worlds() -> World:
    """People of organisations A and B (keys ending _a / _b) and A's records."""
    world = World()
    people = world.people
    council = OrganisationFactory(name="Oldham Council", kind=OrganisationKind.COUNCIL)
    practice_a, practice_b = GPPracticeFactory(), GPPracticeFactory()
    provider_a, provider_b = ProviderFactory(), ProviderFactory()
    group_a, group_b = CommunityGroupFactory(), CommunityGroupFactory()

    people["referrer_a"] = user_with_role(Role.REFERRER, practice_a)
    people["referrer_b"] = user_with_role(Role.REFERRER, practice_b)
    people["coordinator_a"] = user_with_role(Role.COORDINATOR, provider_a)
    people["coordinator_b"] = user_with_role(Role.COORDINATOR, provider_b)
    people["link_worker_a"] = user_with_role(Role.LINK_WORKER, provider_a)
    people["link_worker_b"] = user_with_role(Role.LINK_WORKER, provider_b)
    people["cdw_a"] = user_with_role(Role.COMMUNITY_DEVELOPMENT_WORKER, council)
    people["cdw_b"] = user_with_role(Role.COMMUNITY_DEVELOPMENT_WORKER, ProviderFactory())
    people["applicant_a"] = user_with_role(Role.GRANT_APPLICANT, group_a)
    people["applicant_b"] = user_with_role(Role.GRANT_APPLICANT, group_b)
    people["officer"] = user_with_role(Role.GRANT_OFFICER, council)
    panel = [user_with_role(Role.PANEL_MEMBER, council) for _ in range(3)]
    people["panel_member_a"] = panel[0]
    people["panel_member_b"] = user_with_role(Role.PANEL_MEMBER, council)

    _directory_records(world, group_a=group_a, group_b=group_b)
    _referral_records(world, practice_a=practice_a, provider_a=provider_a)
    _grant_records(world, group_a=group_a, panel=panel)
    world.records["api_token"], _key = accounts.api_token_create(
        user=people["link_worker_a"], name="Caseload export"
    )
    world.records["notification"] = Notification.objects.create(
        recipient=people["link_worker_a"],
        title="A case is due a follow-up",
        link="/referrals/caseload/",
        created_at=timezone.now(),
    )
    return world


def _directory_records(world: World, *, group_a, group_b) -> None:
    people = world.people
    postcode(LISTING_POSTCODE, "Coldhurst")
    world.records["listing"] = make_listing(
        people["cdw_a"],
        name="Coldhurst walking group",
        organisation=group_a,
        keeper=people["applicant_a"],
        places=[place(LISTING_POSTCODE)],
    )
    # B's group rep keeps a listing too: a keeper, just not of A's listing.
    make_listing(
        people["cdw_a"],
        name="Royton men's shed",
        organisation=group_b,
        keeper=people["applicant_b"],
        places=[place(LISTING_POSTCODE)],
    )
    world.records["directory_import"] = directory.directory_import_start(
        by=people["cdw_a"], file_name="listings.csv", data=_import_csv()
    )


def _referral_records(world: World, *, practice_a, provider_a) -> None:
    people = world.people
    referral = referral_in(
        Status.ENGAGED,
        practice=practice_a,
        provider=provider_a,
        link_worker=people["link_worker_a"],
        referrer=people["referrer_a"],
    )
    world.records["referral"] = referral
    world.records["goal"] = referrals.goal_add(
        referral=referral, by=people["link_worker_a"], description="Walk twice a week"
    )
    world.records["connection"] = connections.connection_suggest(
        referral=referral, service=world.records["listing"], by=people["link_worker_a"]
    )


def _grant_records(world: World, *, group_a, panel) -> None:
    people = world.people
    round_ = RoundFactory(name="Fast Action Grants")
    round_.panel_members.set(panel)
    for name in ["Community benefit", "Reach"]:
        CriterionFactory(round=round_, name=name)
    EligibilityQuestionFactory(round=round_, text="Based in Oldham?")
    application = grant_helpers.paid(
        round_, people["applicant_a"], group_a, people["officer"], panel
    )
    world.records["round"] = round_
    world.records["application"] = application
    # Earlier in the journey, for the forms only those stages show: the officer's eligibility
    # check, the panel's declaration and scores, the officer's decision.
    world.records["application_submitted"] = grant_helpers.submitted(
        round_, people["applicant_a"], group_a
    )
    at_panel = grant_helpers.at_panel(round_, people["applicant_a"], group_a, people["officer"])
    grants.conflict_declare(application=at_panel, by=people["panel_member_a"], has_conflict=False)
    world.records["application_at_panel"] = at_panel
    world.records["attachment"] = grants.monitoring_attachment_add(
        application=application,
        by=people["applicant_a"],
        file=SimpleUploadedFile("photo.png", PNG, content_type="image/png"),
    )
