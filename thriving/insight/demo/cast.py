"""Who and where the demo history happens: the demo's practices, providers and people, four
more practices and two more link workers per provider (so the charts by practice and the
caseloads have more than two bars), illustrative deprivation ranks, and the directory.

The extra people cannot sign in (no usable password): they exist so a year of referrals has
believable owners. Everyone is made up; every email address is at example.org.
"""

from collections import defaultdict
from dataclasses import dataclass

from community_assets.models import Service, ServiceAtLocation, ServiceCategory
from referrals.connections import REASON_CATEGORIES
from thriving.accounts.models import Membership, Organisation, User
from thriving.accounts.roles import OrganisationKind, Role
from thriving.demo import data
from thriving.places.models import Ward

from .plans import Listing, Setting

# (key, name, ODS code, wards it mostly serves, referrer's email, referrer's name)
EXTRA_PRACTICES = [
    (
        "practice3",
        "Chadderton Park Surgery",
        "P85901",
        ["Chadderton Central", "Chadderton North", "Chadderton South"],
        "dr.collier@example.org",
        "Dr Anne Collier",
    ),
    (
        "practice4",
        "Hollins Green Medical Centre",
        "P85902",
        ["Failsworth East", "Failsworth West", "Hollinwood"],
        "dr.okonjo@example.org",
        "Dr Femi Okonjo",
    ),
    (
        "practice5",
        "Greenfield Village Practice",
        "P85903",
        ["Saddleworth North", "Saddleworth South", "Saddleworth West and Lees"],
        "dr.holt@example.org",
        "Dr Rachel Holt",
    ),
    (
        "practice6",
        "Waterhead Health Centre",
        "P85904",
        ["Waterhead", "St James'"],
        "dr.rahman@example.org",
        "Dr Aziz Rahman",
    ),
]
DEMO_PRACTICE_WARDS = {
    "practice": ["Alexandra", "Coldhurst", "Medlock Vale", "St Mary's", "Werneth"],
    "practice2": ["Crompton", "Royton North", "Royton South", "Shaw"],
}
DEMO_REFERRERS = {"practice": "gp@example.org", "practice2": "gp2@example.org"}

# Provider key -> its demo coordinator, then its link workers: the demo's own first.
PROVIDER_PEOPLE = {
    "provider": (
        "coordinator@example.org",
        [
            ("linkworker@example.org", ""),
            ("priya.patel@example.org", "Priya Patel"),
            ("dan.whittaker@example.org", "Dan Whittaker"),
        ],
    ),
    "provider2": (
        "coordinator2@example.org",
        [
            ("linkworker2@example.org", ""),
            ("lucy.hartley@example.org", "Lucy Hartley"),
            ("tunde.bello@example.org", "Tunde Bello"),
        ],
    ),
}

# ILLUSTRATIVE Index of Multiple Deprivation ranks for the 20 wards (1 = most deprived in
# the borough). They are NOT official figures: the real IMD is published per LSOA (small
# areas of about 1,500 people) and has to be aggregated to wards. They follow the borough's
# well-known pattern so the index has something to show; an admin replaces them in the
# admin (Places > Wards) with real ward figures.
ILLUSTRATIVE_IMD_RANKS = {
    "Coldhurst": 1,
    "St Mary's": 2,
    "Alexandra": 3,
    "Werneth": 4,
    "Hollinwood": 5,
    "Medlock Vale": 6,
    "St James'": 7,
    "Failsworth West": 8,
    "Waterhead": 9,
    "Chadderton Central": 10,
    "Chadderton South": 11,
    "Royton South": 12,
    "Shaw": 13,
    "Failsworth East": 14,
    "Royton North": 15,
    "Crompton": 16,
    "Chadderton North": 17,
    "Saddleworth West and Lees": 18,
    "Saddleworth South": 19,
    "Saddleworth North": 20,
}


@dataclass
class Cast:
    organisations: dict[str, Organisation]  # practice and provider keys
    referrers: dict[str, User]  # practice key -> its referrer
    coordinators: dict[str, User]  # provider key -> coordinator
    workers: dict[str, list[User]]  # provider key -> link workers, the demo's own first


def _person(email: str, full_name: str, organisation: Organisation, role: str, title: str):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, full_name=full_name, job_title=title)
    Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    return user


def cast_ensure() -> Cast:
    """The demo's own organisations and people (seed_demo made them), and the extra ones."""
    organisations = {}
    for key, name, kind, ods_code in data.ORGANISATIONS:
        found = Organisation.objects.filter(kind=kind)
        organisations[key] = (
            found.get(ods_code=ods_code) if ods_code else found.filter(name=name).first()
        )
    referrers = {key: User.objects.get(email=email) for key, email in DEMO_REFERRERS.items()}
    for key, name, ods_code, _wards, email, full_name in EXTRA_PRACTICES:
        practice, _ = Organisation.objects.get_or_create(
            ods_code=ods_code, defaults={"name": name, "kind": OrganisationKind.REFERRER}
        )
        organisations[key] = practice
        referrers[key] = _person(email, full_name, practice, Role.REFERRER, "GP")
    coordinators, workers = {}, {}
    for key, (coordinator, link_workers) in PROVIDER_PEOPLE.items():
        coordinators[key] = User.objects.get(email=coordinator)
        workers[key] = [
            _person(
                email,
                name,
                organisations[key],
                Role.LINK_WORKER,
                "Social prescribing link worker",
            )
            if name
            else User.objects.get(email=email)
            for email, name in link_workers
        ]
    return Cast(organisations, referrers, coordinators, workers)


def imd_ranks_load() -> bool:
    """Give the wards the illustrative ranks when none has a rank yet; True when it did."""
    if Ward.objects.filter(imd_rank__isnull=False).exists():
        return False
    for ward in Ward.objects.filter(name__in=ILLUSTRATIVE_IMD_RANKS):
        ward.imd_rank = ILLUSTRATIVE_IMD_RANKS[ward.name]
        ward.save(update_fields=["imd_rank"])
    return True


def _listings() -> list[Listing]:
    """Active directory listings with their categories (and the categories above them) and
    the wards they run in: three queries."""
    active = Service.objects.active()
    codes, wards = defaultdict(set), defaultdict(set)
    for service_id, code, parent in ServiceCategory.objects.filter(service__in=active).values_list(
        "service_id", "taxonomy_term__code", "taxonomy_term__parent__code"
    ):
        codes[service_id].update(c for c in (code, parent) if c)
    for service_id, ward in ServiceAtLocation.objects.filter(
        service__in=active, location__ward__isnull=False
    ).values_list("service_id", "location__ward__name"):
        wards[service_id].add(ward)
    return [
        Listing(pk, name, frozenset(codes[pk]), frozenset(wards[pk]))
        for pk, name in active.order_by("name", "pk").values_list("pk", "name")
    ]


def setting_for(cast: Cast) -> Setting:
    rows = list(Ward.objects.values_list("name", "district__name", "population", "imd_rank"))
    # Ranks as loaded may be national (1 to about 7,000); the plans want the order within
    # the borough, 1 = most deprived.
    ranked = sorted((rank, name) for name, _d, _p, rank in rows if rank is not None)
    order = {name: position for position, (_rank, name) in enumerate(ranked, start=1)}
    practice_of_ward = {ward: key for key, names in DEMO_PRACTICE_WARDS.items() for ward in names}
    for key, _name, _ods, names, _email, _full in EXTRA_PRACTICES:
        practice_of_ward.update(dict.fromkeys(names, key))
    providers = list(PROVIDER_PEOPLE)
    return Setting(
        wards={name: district for name, district, _p, _r in rows},
        populations={name: population for name, _d, population, _r in rows},
        imd_ranks=order or ILLUSTRATIVE_IMD_RANKS,
        practice_of_ward=practice_of_ward,
        practices=sorted(cast.referrers),
        provider_of_district=dict(data.ALLOCATION_RULES),
        providers=providers,
        provider_names={key: cast.organisations[key].name for key in providers},
        worker_names={key: [user.full_name for user in cast.workers[key]] for key in providers},
        listings=_listings(),
        reason_categories=REASON_CATEGORIES,
    )
