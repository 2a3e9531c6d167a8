"""Fast Action grants awarded, by ward and by category, in two GROUP BY queries.

A grant counts when the panel's award stands (grants.workflow.COMMITTED_STATUSES: approved,
offer accepted, paid, monitoring due, completed) and was decided in the date range. An award
for several wards is split equally between them, so the ward amounts add up to what was
awarded. The category is the applying group's type (constituted group, registered charity,
CIO, CIC, ...): the one classification every application gives. Grants are published in the
360Giving feed and are no provider's, so neither the provider filter nor small-number
suppression applies to them; the ward filter does (grants serving that ward, with the
ward's share of each).
"""

from decimal import Decimal

from django.db.models import (
    BooleanField,
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast

from grants.models import Application, GroupType
from grants.workflow import COMMITTED_STATUSES

from .figures import DashboardFilters
from .scope import submitted_between

NO_WARD = "No ward given"
NO_GROUP_TYPE = "Type not given"
_AMOUNT = DecimalField(max_digits=16, decimal_places=4)
ApplicationWard = Application.wards.through


def _awards(filters: DashboardFilters):
    start, end = submitted_between(filters)
    return Application.objects.filter(
        status__in=sorted(COMMITTED_STATUSES), decided_at__gte=start, decided_at__lt=end
    ).order_by()


def _wards_of_application():
    return (
        ApplicationWard.objects.filter(application_id=OuterRef("application_id"))
        .order_by()
        .values("application_id")
        .annotate(n=Count("pk"))
        .values("n")
    )


def grants_by_ward(filters: DashboardFilters) -> list[tuple[int, str, int, Decimal]]:
    """(ward id, ward name, grants serving it, its share of their money)."""
    start, end = submitted_between(filters)
    rows = ApplicationWard.objects.filter(
        application__status__in=sorted(COMMITTED_STATUSES),
        application__decided_at__gte=start,
        application__decided_at__lt=end,
    )
    if filters.ward_id is not None:
        rows = rows.filter(ward_id=filters.ward_id)
    share = Cast(F("application__amount_awarded"), _AMOUNT) / Subquery(_wards_of_application())
    return [
        (ward_id, name, n, Decimal(total or 0))
        for ward_id, name, n, total in rows.order_by()
        .values("ward_id", "ward__name")
        .annotate(n=Count("pk"), total=Sum(share, output_field=_AMOUNT))
        .values_list("ward_id", "ward__name", "n", "total")
    ]


def grants_by_category(filters: DashboardFilters) -> list[tuple[str, bool, int, Decimal]]:
    """(group type, whether the grants name a ward, grants, money). With a ward filter: the
    grants serving it, and the ward's share of each."""
    awards = _awards(filters)
    has_wards = Exists(ApplicationWard.objects.filter(application_id=OuterRef("pk")))
    if filters.ward_id is None:
        amount = Cast(F("amount_awarded"), _AMOUNT)
    else:
        awards = awards.filter(
            Exists(
                ApplicationWard.objects.filter(
                    application_id=OuterRef("pk"), ward_id=filters.ward_id
                )
            )
        )
        wards = (
            ApplicationWard.objects.filter(application_id=OuterRef("pk"))
            .order_by()
            .values("application_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        amount = Cast(F("amount_awarded"), _AMOUNT) / Subquery(wards)
        has_wards = Value(True, output_field=BooleanField())
    rows = (
        awards.values("group_type", named=has_wards)
        .annotate(n=Count("pk"), total=Sum(amount, output_field=_AMOUNT))
        .values_list("group_type", "named", "n", "total")
    )
    return [(group_type, named, n, Decimal(total or 0)) for group_type, named, n, total in rows]


def group_type_label(value: str) -> str:
    return GroupType(value).label if value in GroupType.values else NO_GROUP_TYPE
