import csv
import io
import json
import re
import tracemalloc
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from grants import exports
from grants.models import Application
from grants.workflow import Status
from tests.factories import ward
from tests.grants import helpers
from tests.grants.factories import AwardedApplicationFactory, CommunityGroupFactory

pytestmark = pytest.mark.django_db

# Unchanged copies of the 360Giving schemas, kept in the repository (grants/standards/).
STANDARD = Path(settings.BASE_DIR) / "grants" / "standards" / "360giving"
GRANT_SCHEMA = json.loads((STANDARD / "360-giving-schema.json").read_text())
PACKAGE_SCHEMA = json.loads((STANDARD / "360-giving-package-schema.json").read_text())
# The package schema still points at the 1.4.2 address of the grant schema.
GRANT_SCHEMA_142 = (
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/"
    "360-giving-schema.json"
)
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def format_checker() -> FormatChecker:
    """jsonschema's checker, with a real date-time check. jsonschema checks date-time only
    when the rfc3339-validator package is installed; without it the same RFC 3339 rule is
    checked here, so a plain date never passes as a date-time."""
    checker = FormatChecker()
    if "date-time" not in checker.checkers:

        @checker.checks("date-time", raises=ValueError)
        def is_date_time(value) -> bool:
            if not isinstance(value, str):
                return True
            if not _RFC3339.match(value):
                raise ValueError(f"{value!r} is not an RFC 3339 date-time")
            datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
            return True

    return checker


def validator(schema) -> Draft202012Validator:
    grant = Resource.from_contents(GRANT_SCHEMA, default_specification=DRAFT202012)
    registry = Registry().with_resources([(GRANT_SCHEMA["$id"], grant), (GRANT_SCHEMA_142, grant)])
    return Draft202012Validator(schema, registry=registry, format_checker=format_checker())


def errors(schema, instance) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(schema).iter_errors(instance)
    ]


@pytest.fixture
def published(round_, applicant, group, officer, panel):
    """Three awarded grants: a charity, a CIC and an unconstituted group; and one not awarded."""
    charity = helpers.approved(
        round_,
        applicant,
        group,
        officer,
        panel,
        group_type="charity",
        charity_number="1123 456",
        wards=[ward("Coldhurst"), ward("Werneth")],
    )
    cic = AwardedApplicationFactory(
        round=round_,
        group_type="cic",
        company_number="9876543",
        organisation=CommunityGroupFactory(name="Hathershaw CIC"),
        wards=[ward("Hollinwood")],
    )
    unconstituted = AwardedApplicationFactory(
        round=round_,
        group_type="unconstituted",
        status=Status.COMPLETED,
        organisation=CommunityGroupFactory(name="Friends of Alexandra Park"),
    )
    helpers.submitted(round_, applicant, group, project_title="Not yet decided")
    return charity, cic, unconstituted


def get_package(client) -> dict:
    response = client.get(reverse("grants:360giving_json"))
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


def grants_by_title(package) -> dict:
    return {g["title"]: g for g in package["grants"]}


def test_the_format_checker_really_checks_date_times():
    checker = format_checker()
    assert checker.conforms("2026-11-23T10:00:00Z", "date-time")
    assert not checker.conforms("2026-11-23", "date-time")


def test_the_package_is_valid_360giving(client, published):
    package = get_package(client)
    assert errors(PACKAGE_SCHEMA, package) == []


def test_every_grant_is_valid_against_the_grant_schema(client, published):
    for grant in get_package(client)["grants"]:
        assert errors(GRANT_SCHEMA, grant) == []


def test_only_awarded_grants_are_published(client, published):
    titles = set(grants_by_title(get_package(client)))
    assert titles == {a.project_title for a in published}


def test_grant_ids_use_the_publisher_prefix_and_the_reference(client, published, settings):
    settings.GRANTS_360G_PREFIX = "testprefix"
    charity = published[0]
    grant = grants_by_title(get_package(client))[charity.project_title]
    assert grant["id"] == f"360G-testprefix-{charity.reference}"


def test_a_charity_is_identified_by_its_charity_number(client, published):
    grant = grants_by_title(get_package(client))[published[0].project_title]
    assert grant["recipientOrganization"][0]["id"] == "GB-CHC-1123456"
    assert grant["recipientOrganization"][0]["charityNumber"] == "1123456"


def test_a_company_is_identified_by_its_eight_digit_company_number(client, published):
    grant = grants_by_title(get_package(client))[published[1].project_title]
    assert grant["recipientOrganization"][0]["id"] == "GB-COH-09876543"


def test_an_unregistered_group_gets_an_id_of_our_own(client, published, settings):
    unconstituted = published[2]
    grant = grants_by_title(get_package(client))[unconstituted.project_title]
    assert grant["recipientOrganization"][0] == {
        "id": f"360G-{settings.GRANTS_360G_PREFIX}-{unconstituted.organisation.pk}",
        "name": "Friends of Alexandra Park",
    }


def test_the_funder_comes_from_settings(client, published, settings):
    settings.GRANTS_FUNDER_ID = "GB-LAE-TST"
    settings.GRANTS_FUNDER_NAME = "Test Council"
    package = get_package(client)
    assert package["publisher"]["identifier"] == "GB-LAE-TST"
    assert {g["fundingOrganization"][0]["name"] for g in package["grants"]} == {"Test Council"}


def test_beneficiary_locations_are_the_wards_with_their_ons_codes(client, published):
    grant = grants_by_title(get_package(client))[published[0].project_title]
    assert sorted(grant["beneficiaryLocation"], key=lambda loc: loc["geoCode"]) == [
        {"name": "Coldhurst", "geoCode": "E05000874", "geoCodeType": "WD", "countryCode": "GB"},
        {"name": "Werneth", "geoCode": "E05000889", "geoCodeType": "WD", "countryCode": "GB"},
    ]


def test_amounts_are_numbers_in_pounds(client, published):
    charity = published[0]
    grant = grants_by_title(get_package(client))[charity.project_title]
    assert grant["amountAwarded"] == 300
    assert grant["amountAppliedFor"] == 300
    assert grant["amountDisbursed"] == 0
    assert grant["currency"] == "GBP"


def test_payments_show_as_disbursed(client, round_, applicant, group, officer, panel):
    application = helpers.paid(round_, applicant, group, officer, panel)
    grant = get_package(client)["grants"][0]
    assert grant["id"].endswith(application.reference)
    assert grant["amountDisbursed"] == 300


def test_with_nothing_awarded_yet_the_json_is_still_well_formed(client):
    package = get_package(client)
    assert package["grants"] == []
    assert package["publisher"]["name"] == settings.GRANTS_FUNDER_NAME


def test_the_json_is_streamed_and_open_to_anyone(client, published):
    response = client.get(reverse("grants:360giving_json"))
    assert response.streaming
    assert response["Content-Type"] == "application/json"


def test_the_export_reads_in_chunks_with_wards_fetched_per_chunk(
    published, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    with django_assert_max_num_queries(4):
        text = "".join(exports.json_chunks())
    assert len(json.loads(text)["grants"]) == 3


# ------------------------------------------------------------------------------------------
# CSV
# ------------------------------------------------------------------------------------------


def get_csv(client) -> list[dict]:
    response = client.get(reverse("grants:360giving_csv"))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_has_the_same_grants_as_the_json(client, published):
    json_ids = {g["id"] for g in get_package(client)["grants"]}
    assert {row["Identifier"] for row in get_csv(client)} == json_ids


def test_the_csv_uses_360giving_column_names_with_a_column_set_per_ward(client, published):
    row = next(r for r in get_csv(client) if r["Title"] == published[0].project_title)
    assert row["Recipient Org:Identifier"] == "GB-CHC-1123456"
    assert row["Amount Awarded"] == "300"
    assert {row["Beneficiary Location:0:Geographic Code"]} | {
        row["Beneficiary Location:1:Geographic Code"]
    } == {"E05000874", "E05000889"}
    assert row["Beneficiary Location:0:Geographic Code Type"] == "WD"


def test_the_csv_does_not_let_a_title_run_as_a_spreadsheet_formula(client, round_):
    AwardedApplicationFactory(round=round_, project_title='=HYPERLINK("http://x")')
    row = get_csv(client)[0]
    assert row["Title"] == '\'=HYPERLINK("http://x")'


# ------------------------------------------------------------------------------------------
# Flat memory
# ------------------------------------------------------------------------------------------


def _bulk_awarded(round_, organisation, applicant, count, start):
    from django.utils import timezone

    now = timezone.now()
    today = timezone.localdate()
    rows = Application.objects.bulk_create(
        [
            Application(
                round=round_,
                organisation=organisation,
                applicant=applicant,
                reference=f"FA-2026-{start + i:05d}",
                group_type="constituted_group",
                project_title=f"Project {start + i}",
                project_description="A community project with a description of some length.",
                people_reached=20,
                amount_requested=300,
                amount_awarded=250,
                start_date=today,
                end_date=today,
                status=Status.APPROVED,
                submitted_at=now,
                decided_at=now,
            )
            for i in range(count)
        ]
    )
    through = Application.wards.through
    coldhurst = ward("Coldhurst")
    through.objects.bulk_create([through(application=a, ward=coldhurst) for a in rows])


def _peak_while_streaming() -> tuple[int, int]:
    tracemalloc.start()
    grants = 0
    for piece in exports.json_chunks():
        grants += piece.count('"amountAwarded"')
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return grants, peak


def test_streaming_many_grants_uses_flat_memory(round_, applicant, group):
    _bulk_awarded(round_, group, applicant, 1000, start=0)
    _peak_while_streaming()  # the first run pays one-off costs (imports, caches)
    grants, peak_small = _peak_while_streaming()
    assert grants == 1000
    _bulk_awarded(round_, group, applicant, 4000, start=1000)
    grants, peak_large = _peak_while_streaming()
    assert grants == 5000
    # Five times the grants, about the same memory: one chunk at a time.
    assert peak_large < peak_small * 1.5
