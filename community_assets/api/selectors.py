"""Reads behind the public Open Referral UK API.

Only active listings are published. List pages fetch one-to-one data with `select_related`
(a count and a page: two queries whatever the page holds); detail views and taxonomy pages
fetch their nested rows with one query per relation through `Prefetch` objects.
"""

import uuid

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from community_assets.filters import filter_by_categories
from community_assets.models import (
    Contact,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceCategory,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)
from community_assets.selectors import ordered_for_search, public_services
from thriving.places.models import Postcode

from .params import ServiceFilters


def _schedule_condition(filters: ServiceFilters) -> Q | None:
    """One schedule must meet every time filter given: the day, the opening and the closing."""
    condition = Q()
    if filters.day:
        # Codes are two letters between commas, optionally after a week number ("1TU").
        condition &= Q(byday__contains=filters.day)
    if filters.start_time:
        condition &= Q(opens_at__gte=filters.start_time)
    if filters.end_time:
        condition &= Q(closes_at__lte=filters.end_time)
    return condition or None


def _filter_services(services: QuerySet, filters: ServiceFilters) -> QuerySet:
    if filters.taxonomy_term_id:
        # A parent term finds its children's listings too, as the directory search does.
        services = filter_by_categories(services, [filters.taxonomy_term_id])
    if filters.taxonomy_id:
        services = services.filter(
            Exists(
                ServiceCategory.objects.filter(
                    service=OuterRef("pk"), taxonomy_term__taxonomy_id=filters.taxonomy_id
                )
            )
        )
    # The ORUK parameters read literally: `minimum_age` finds services whose minimum age is at
    # least the value (no stated minimum counts as 0), `maximum_age` those whose maximum age
    # is at most the value (no stated maximum has no upper bound, so never matches).
    if filters.minimum_age is not None:
        services = services.alias(min_age=Coalesce("minimum_age", 0)).filter(
            min_age__gte=filters.minimum_age
        )
    if filters.maximum_age is not None:
        services = services.filter(maximum_age__lte=filters.maximum_age)
    return services


def _searched(services: QuerySet, filters: ServiceFilters) -> QuerySet:
    return services.search(filters.search) if filters.search else services


def service_list(filters: ServiceFilters) -> QuerySet:
    services = _searched(_filter_services(public_services(), filters), filters)
    schedule = _schedule_condition(filters)
    if schedule is not None:
        services = services.filter(
            Exists(Schedule.objects.filter(schedule, service_at_location__service=OuterRef("pk")))
        )
    return ordered_for_search(services.select_related("organisation"), ranked=True)


def _service_prefetches(prefix: str = "") -> list[Prefetch]:
    return [
        Prefetch(
            f"{prefix}service_categories",
            queryset=ServiceCategory.objects.select_related("taxonomy_term__taxonomy").order_by(
                "taxonomy_term__name", "id"
            ),
        ),
        Prefetch(f"{prefix}languages"),
        Prefetch(
            f"{prefix}contacts",
            queryset=Contact.objects.prefetch_related("phones").order_by("name", "id"),
        ),
    ]


def _schedules_prefetch(prefix: str = "") -> Prefetch:
    return Prefetch(f"{prefix}schedules", queryset=Schedule.objects.order_by("opens_at", "id"))


def service_detail(service_id: uuid.UUID) -> Service | None:
    return (
        public_services()
        .select_related("organisation")
        .prefetch_related(
            *_service_prefetches(),
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location")
                .prefetch_related(_schedules_prefetch())
                .order_by("location__name", "id"),
            ),
        )
        .filter(pk=service_id)
        .first()
    )


def _published_service_at_locations() -> QuerySet:
    return ServiceAtLocation.objects.filter(service__status=ServiceStatus.ACTIVE)


def _postcode_condition(postcode: str) -> Q:
    """Physical locations in the postcode's ward; the exact postcode when the ward is unknown."""
    ward = Postcode.objects.ward_for(postcode)
    if ward is not None:
        return Q(location__ward=ward, location__is_online=False)
    return Q(location__postcode=postcode, location__is_online=False)


def service_at_location_list(filters: ServiceFilters) -> QuerySet:
    services = _searched(_filter_services(public_services(), filters), filters)
    rows = _published_service_at_locations().filter(service__in=services.values("pk"))
    schedule = _schedule_condition(filters)
    if schedule is not None:
        rows = rows.filter(
            Exists(Schedule.objects.filter(schedule, service_at_location=OuterRef("pk")))
        )
    if filters.postcode:
        rows = rows.filter(_postcode_condition(filters.postcode))
    return rows.select_related("location", "service__organisation").order_by(
        "service__name", "location__name", "id"
    )


def service_at_location_detail(service_at_location_id: uuid.UUID) -> ServiceAtLocation | None:
    return (
        _published_service_at_locations()
        .select_related("location", "service__organisation")
        .prefetch_related(*_service_prefetches("service__"), _schedules_prefetch())
        .filter(pk=service_at_location_id)
        .first()
    )


def _terms_prefetch() -> Prefetch:
    return Prefetch("terms", queryset=TaxonomyTerm.objects.order_by("name", "id"))


def taxonomy_list() -> QuerySet:
    return Taxonomy.objects.prefetch_related(_terms_prefetch()).order_by("name", "id")


def taxonomy_detail(taxonomy_id: uuid.UUID) -> Taxonomy | None:
    return taxonomy_list().filter(pk=taxonomy_id).first()


def taxonomy_term_list() -> QuerySet:
    return TaxonomyTerm.objects.select_related("taxonomy").order_by("taxonomy__name", "name", "id")


def taxonomy_term_detail(term_id: uuid.UUID) -> TaxonomyTerm | None:
    return taxonomy_term_list().filter(pk=term_id).first()
