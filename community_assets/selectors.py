"""Every read the directory's pages (and its API) need, with the related rows they show.

The directory is borough-wide, so reads are not scoped by organisation; what differs is which
listings a reader may see (residents: active only) and which fields a page shows.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from django.db.models import Case, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from thriving.places.models import Ward

from .models import (
    DirectoryImport,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceCategory,
    TaxonomyTerm,
    stale_before,
)

# ---------------------------------------------------------------------------------------------
# Listings


def with_listing_details(queryset: QuerySet) -> QuerySet:
    """Everything a list of listings shows, in a constant number of queries."""
    return queryset.select_related("organisation").prefetch_related(
        Prefetch("categories", queryset=TaxonomyTerm.objects.order_by("name")),
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location__ward").order_by(
                "location__name"
            ),
        ),
        Prefetch("service_at_locations__schedules", queryset=Schedule.objects.order_by("opens_at")),
    )


def staff_services() -> QuerySet:
    """Every listing, whatever its status: staff need to see a closed group is closed."""
    return Service.objects.all()


def public_services() -> QuerySet:
    return Service.objects.active()


def service_detail(pk: UUID) -> Service:
    queryset = with_listing_details(
        Service.objects.select_related("keeper", "last_verified_by")
    ).prefetch_related("languages", "contacts__phones")
    return get_object_or_404(queryset, pk=pk)


def public_service_detail(pk: UUID) -> Service:
    queryset = with_listing_details(public_services()).prefetch_related(
        "languages", "contacts__phones"
    )
    return get_object_or_404(queryset, pk=pk)


def services_kept_by(user, now=None) -> QuerySet:
    """The keeper's listings, stale ones first (never verified, then oldest verification)."""
    return (
        Service.objects.kept_by(user)
        .select_related("organisation")
        .annotate(
            stale_order=Case(
                When(
                    Q(last_verified_at__isnull=True) | Q(last_verified_at__lt=stale_before(now)),
                    then=Value(0),
                ),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("stale_order", F("last_verified_at").asc(nulls_first=True), "name")
    )


def ordered_for_search(queryset: QuerySet, *, ranked: bool) -> QuerySet:
    if ranked and "search_rank" in queryset.query.annotations:
        return queryset.order_by("-search_rank", "name", "pk")
    return queryset.order_by("name", "pk")


# ---------------------------------------------------------------------------------------------
# Categories and places


def category_tree() -> list[tuple[TaxonomyTerm, int]]:
    """Every category with its depth, parents before their children, for choice lists."""
    terms = list(TaxonomyTerm.objects.order_by("name"))
    children = defaultdict(list)
    for term in terms:
        children[term.parent_id].append(term)
    ordered = []

    def walk(parent_id, depth):
        for term in children.get(parent_id, []):
            ordered.append((term, depth))
            walk(term.id, depth + 1)

    walk(None, 0)
    return ordered


def term_with_descendant_ids(term_ids) -> set[UUID]:
    """The terms and every term below them: a parent category finds its children's listings."""
    wanted = {UUID(str(term_id)) for term_id in term_ids}
    children = defaultdict(set)
    for term_id, parent_id in TaxonomyTerm.objects.values_list("id", "parent_id"):
        children[parent_id].add(term_id)
    found, queue = set(), list(wanted)
    while queue:
        term_id = queue.pop()
        if term_id in found:
            continue
        found.add(term_id)
        queue.extend(children.get(term_id, ()))
    return found


def wards() -> QuerySet:
    return Ward.objects.select_related("district").order_by("name")


def ward_by_code(ons_code: str) -> Ward:
    return get_object_or_404(Ward.objects.select_related("district"), ons_code=ons_code)


# ---------------------------------------------------------------------------------------------
# Asset mapping


def _per_thousand(count: int, population: int) -> Decimal:
    if not population:
        return Decimal("0.00")
    return (Decimal(count) * 1000 / Decimal(population)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


@dataclass
class AssetCount:
    label: str
    services: int
    per_1000: Decimal
    code: str = ""
    comparison_per_1000: Decimal | None = None


@dataclass
class AssetMap:
    title: str
    population: int
    services: int
    per_1000: Decimal
    by_category: list[AssetCount] = field(default_factory=list)
    by_ward: list[AssetCount] = field(default_factory=list)
    online_services: int = 0


def _root_of() -> tuple[dict[UUID, UUID], dict[UUID, TaxonomyTerm]]:
    terms = {term.id: term for term in TaxonomyTerm.objects.all()}
    root = {}
    for term_id, term in terms.items():
        current, seen = term, set()
        while current.parent_id and current.parent_id in terms and current.id not in seen:
            seen.add(current.id)
            current = terms[current.parent_id]
        root[term_id] = current.id
    return root, terms


def _services_by_root_category(service_ids: set[UUID]) -> tuple[dict[UUID, set], dict]:
    root, terms = _root_of()
    by_root = defaultdict(set)
    pairs = ServiceCategory.objects.filter(service__status="active").values_list(
        "service_id", "taxonomy_term_id"
    )
    for service_id, term_id in pairs:
        if service_id in service_ids:
            by_root[root[term_id]].add(service_id)
    return by_root, terms


def _active_service_wards() -> tuple[set[UUID], dict[int, set[UUID]], set[UUID]]:
    """All active listings, the listings with a place in each ward, and those online."""
    all_ids = set(Service.objects.active().values_list("id", flat=True))
    in_ward = defaultdict(set)
    online = set()
    rows = ServiceAtLocation.objects.filter(service__status="active").values_list(
        "service_id", "location__ward_id", "location__is_online"
    )
    for service_id, ward_id, is_online in rows:
        if ward_id is not None:
            in_ward[ward_id].add(service_id)
        if is_online:
            online.add(service_id)
    return all_ids, in_ward, online


def _roots_sorted(terms) -> list[TaxonomyTerm]:
    return sorted((t for t in terms.values() if t.parent_id is None), key=lambda t: t.name)


def asset_map_borough() -> AssetMap:
    all_wards = list(wards())
    population = sum(ward.population for ward in all_wards)
    all_ids, in_ward, online = _active_service_wards()
    by_root, terms = _services_by_root_category(all_ids)
    return AssetMap(
        title="Oldham borough",
        population=population,
        services=len(all_ids),
        per_1000=_per_thousand(len(all_ids), population),
        online_services=len(online),
        by_category=[
            AssetCount(
                label=term.name,
                code=term.code,
                services=len(by_root.get(term.id, ())),
                per_1000=_per_thousand(len(by_root.get(term.id, ())), population),
            )
            for term in _roots_sorted(terms)
        ],
        by_ward=[
            AssetCount(
                label=ward.name,
                code=ward.ons_code,
                services=len(in_ward.get(ward.pk, ())),
                per_1000=_per_thousand(len(in_ward.get(ward.pk, ())), ward.population),
            )
            for ward in all_wards
        ],
    )


def asset_map_ward(ward: Ward) -> AssetMap:
    """A ward's listings per category, beside the borough's rate for the same category."""
    borough_population = sum(Ward.objects.values_list("population", flat=True))
    all_ids, in_ward, _online = _active_service_wards()
    ward_ids = in_ward.get(ward.pk, set())
    by_root, terms = _services_by_root_category(all_ids)
    return AssetMap(
        title=f"{ward.name} ward",
        population=ward.population,
        services=len(ward_ids),
        per_1000=_per_thousand(len(ward_ids), ward.population),
        by_category=[
            AssetCount(
                label=term.name,
                code=term.code,
                services=len(by_root.get(term.id, set()) & ward_ids),
                per_1000=_per_thousand(
                    len(by_root.get(term.id, set()) & ward_ids), ward.population
                ),
                comparison_per_1000=_per_thousand(
                    len(by_root.get(term.id, ())), borough_population
                ),
            )
            for term in _roots_sorted(terms)
        ],
    )


# ---------------------------------------------------------------------------------------------
# Imports


def imports_by(user) -> QuerySet:
    return DirectoryImport.objects.filter(uploaded_by=user).defer("content", "preview")


def import_for(user, pk: UUID) -> DirectoryImport:
    """Another person's import is a 404: its file may name people (contacts, keepers)."""
    return get_object_or_404(DirectoryImport.objects.filter(uploaded_by=user), pk=pk)
