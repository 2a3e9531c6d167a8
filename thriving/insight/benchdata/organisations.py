"""The bench's organisations, people and places: bench_reminders' providers, practices and
staff, a council with a programme lead, the wards' illustrative deprivation ranks, the
directory's listings and grants awarded in the wards."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection

from thriving.accounts.roles import OrganisationKind, Role
from thriving.insight.demo.cast import ILLUSTRATIVE_IMD_RANKS
from thriving.notifications.management.commands.bench_reminders import (
    Command as RemindersBench,
)

from .sql import SPAN_DAYS, insert, model_of, table_of

SERVICES = 1500
COMMUNITY_GROUPS = 300
GRANTS = 6000
LEAD_EMAIL = "lead@bench.example.org"
COORDINATOR_EMAIL = "coordinator0@bench.example.org"
BUILT = "Built by bench_insight:"


@dataclass(frozen=True)
class BenchPeople:
    lead_id: int
    coordinator_id: int


def people_make() -> dict:
    """bench_reminders' providers, practices and staff, and a council with a programme lead."""
    people = RemindersBench()._people()
    Organisation = model_of("accounts.Organisation")
    User = model_of("accounts.User")
    Membership = model_of("accounts.Membership")
    council = Organisation.objects.create(name="Bench Council", kind=OrganisationKind.COUNCIL)
    lead = User.objects.create(email=LEAD_EMAIL, full_name="Programme Lead")
    Membership.objects.create(user=lead, organisation=council, role=Role.PROGRAMME_LEAD)
    people["lead"] = lead.pk
    return people


def bench_built() -> int | None:
    """How many referrals a finished build put in this database; None when none finished."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT obj_description(%s::regclass, 'pg_class')", [table_of("referrals.Referral")]
        )
        comment = cursor.fetchone()[0] or ""
    return int(comment.split()[-1]) if comment.startswith(BUILT) else None


def bench_people() -> BenchPeople | None:
    """The programme lead and a coordinator of a built bench database; None if not built."""
    User = model_of("accounts.User")
    found = dict(
        User.objects.filter(email__in=[LEAD_EMAIL, COORDINATOR_EMAIL]).values_list("email", "pk")
    )
    if len(found) < 2:
        return None
    return BenchPeople(lead_id=found[LEAD_EMAIL], coordinator_id=found[COORDINATOR_EMAIL])


def wards_ready() -> list[int]:
    Ward = model_of("places.Ward")
    if not Ward.objects.filter(imd_rank__isnull=False).exists():
        for ward in Ward.objects.filter(name__in=ILLUSTRATIVE_IMD_RANKS):
            ward.imd_rank = ILLUSTRATIVE_IMD_RANKS[ward.name]
            ward.save(update_fields=["imd_rank"])
    return list(Ward.objects.order_by("pk").values_list("pk", flat=True))


def directory(cursor, wards: list[int], now: datetime) -> list[str]:
    """Community groups and SERVICES listings, each at a venue in a ward, in a category."""
    Organisation = model_of("accounts.Organisation")
    Taxonomy = model_of("community_assets.Taxonomy")
    TaxonomyTerm = model_of("community_assets.TaxonomyTerm")
    groups = Organisation.objects.bulk_create(
        Organisation(name=f"Bench group {n}", kind=OrganisationKind.COMMUNITY_GROUP)
        for n in range(COMMUNITY_GROUPS)
    )
    taxonomy = Taxonomy.objects.create(name="Bench categories", version="1")
    terms = TaxonomyTerm.objects.bulk_create(
        TaxonomyTerm(taxonomy=taxonomy, code=f"bench-{n}", name=f"Bench category {n}")
        for n in range(12)
    )
    params = {
        "now": now,
        "count": SERVICES,
        "groups": [str(g.pk) for g in groups],
        "wards": wards,
        "terms": [str(t.pk) for t in terms],
    }
    series = "FROM generate_series(1, %(count)s) AS i"
    service_id = "md5('service' || i)::uuid"
    location_id = "md5('location' || i)::uuid"
    insert(
        cursor,
        "community_assets.Service",
        {
            "id": service_id,
            "organisation_id": f"(%(groups)s::uuid[])[1 + i %% {COMMUNITY_GROUPS}]",
            "name": "'Bench activity ' || i",
            "description": "'A weekly group.'",
            "status": "CASE WHEN i %% 20 = 0 THEN 'inactive' ELSE 'active' END",
            "keeper_id": "NULL",
            "created_at": "%(now)s",
            "updated_at": "%(now)s",
        },
        series,
        params,
    )
    insert(
        cursor,
        "community_assets.Location",
        {
            "id": location_id,
            "name": "'Bench venue ' || i",
            "address_1": "'1 High Street'",
            "postcode": "'OL1 1AA'",
            "ward_id": f"(%(wards)s::bigint[])[1 + (i * 7) %% {len(wards)}]",
            "created_at": "%(now)s",
            "updated_at": "%(now)s",
        },
        series,
        params,
    )
    insert(
        cursor,
        "community_assets.ServiceAtLocation",
        {"id": "gen_random_uuid()", "service_id": service_id, "location_id": location_id},
        series,
        params,
    )
    insert(
        cursor,
        "community_assets.ServiceCategory",
        {
            "id": "gen_random_uuid()",
            "service_id": service_id,
            "taxonomy_term_id": f"(%(terms)s::uuid[])[1 + i %% {len(terms)}]",
        },
        series,
        params,
    )
    return [
        str(service)
        for service in model_of("community_assets.Service")
        .objects.filter(status="active")
        .order_by("pk")
        .values_list("pk", flat=True)
    ]


def grants(cursor, wards: list[int], people: dict, now: datetime) -> None:
    """GRANTS applications to one rolling round over the span: most awarded and paid."""
    Fund = model_of("grants.Fund")
    Round = model_of("grants.Round")
    User = model_of("accounts.User")
    fund = Fund.objects.create(name="Bench grants", code="bench")
    round_ = Round.objects.create(
        fund=fund,
        name="Bench round",
        budget=10_000_000,
        max_award=500,
        opens_on=(now - timedelta(days=SPAN_DAYS)).date(),
        is_rolling=True,
    )
    applicant = User.objects.create(email="applicant@bench.example.org", full_name="Applicant")
    groups = list(
        model_of("accounts.Organisation")
        .objects.filter(kind=OrganisationKind.COMMUNITY_GROUP)
        .values_list("pk", flat=True)
    )
    params = {
        "now": now,
        "count": GRANTS,
        "span": SPAN_DAYS,
        "round": round_.pk,
        "applicant": applicant.pk,
        "decider": people["lead"],
        "groups": [str(g) for g in groups],
    }
    decided = "(%(now)s::timestamptz - make_interval(days => (i * %(span)s / %(count)s)::int))"
    committed = "i %% 10 < 7"
    insert(
        cursor,
        "grants.Application",
        {
            "id": "md5('application' || i)::uuid",
            "reference": "'FA-B-' || lpad(i::text, 7, '0')",
            "round_id": "%(round)s",
            "applicant_id": "%(applicant)s",
            "organisation_id": f"(%(groups)s::uuid[])[1 + i %% {len(groups)}]",
            "project_title": "'Bench project ' || i",
            "amount_requested": "500",
            "amount_awarded": f"CASE WHEN {committed} THEN 100 + (i %% 5) * 100 END",
            "start_date": f"({decided})::date",
            "end_date": f"({decided})::date + 180",
            "status": f"CASE WHEN {committed} THEN 'paid' ELSE 'declined' END",
            "decided_by_id": "%(decider)s",
            "submitted_at": f"{decided} - interval '20 days'",
            "decided_at": decided,
            "created_at": f"{decided} - interval '30 days'",
            "updated_at": decided,
        },
        "FROM generate_series(1, %(count)s) AS i",
        params,
    )
    through = model_of("grants.Application").wards.through
    cursor.execute(
        f"INSERT INTO {through._meta.db_table} (application_id, ward_id) "  # noqa: S608
        "SELECT md5('application' || i)::uuid, (%(wards)s::bigint[])[1 + i %% 20] "
        "FROM generate_series(1, %(count)s) AS i UNION ALL "
        "SELECT md5('application' || i)::uuid, (%(wards)s::bigint[])[1 + (i + 7) %% 20] "
        "FROM generate_series(1, %(count)s) AS i WHERE i %% 3 = 0",
        {"wards": wards, "count": GRANTS},
    )
