"""The programme dashboard: every figure for one user and one set of filters.

`programme_dashboard(user=..., filters=...)` is the one entry point, for the page, the
downloads and the benchmark alike (it needs no request). It decides the scope (see scope.py),
runs a fixed number of GROUP BY queries (about twenty, however many referrals there are), and
returns figures already suppressed for a viewer who cannot see the cases behind them.
"""

from datetime import date, timedelta

from django.utils import timezone

from thriving.accounts.models import Organisation
from thriving.accounts.roles import OrganisationKind
from thriving.places.models import Ward

from .build import FigureBuilder
from .figures import Dashboard, DashboardFilters, Figure
from .scope import Scope, dashboard_scope


def default_filters(*, today: date | None = None) -> DashboardFilters:
    """The last 12 months: from the day after this day a year ago, up to and including today."""
    today = today or timezone.localdate()
    try:
        a_year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        a_year_ago = today.replace(year=today.year - 1, day=28)
    return DashboardFilters(date_from=a_year_ago + timedelta(days=1), date_to=today)


def providers_for_filter():
    return Organisation.objects.filter(kind=OrganisationKind.PROVIDER).order_by("name")


def wards_for_filter():
    return Ward.objects.order_by("name")


def programme_dashboard(
    *, user, filters: DashboardFilters | None = None, today: date | None = None
) -> Dashboard:
    """Every figure of the dashboard the user may see. Raises PermissionDenied for anyone
    but the programme lead and coordinators."""
    return _dashboard(user=user, filters=filters, today=today, only=None)


def dashboard_figure(
    *, user, slug: str, filters: DashboardFilters | None = None, today: date | None = None
) -> tuple[Dashboard, Figure] | None:
    """One figure (by its slug, as in the download URLs), with the dashboard it belongs to
    holding only that figure; None for a slug that names no figure. Runs only that
    figure's queries."""
    name = FIGURE_NAMES.get(slug)
    if name is None:
        return None
    dashboard = _dashboard(user=user, filters=filters, today=today, only=name)
    return dashboard, getattr(dashboard, name)


FIGURE_NAMES = {name.replace("_", "-"): name for name in Dashboard.FIGURE_ORDER}


def _dashboard(*, user, filters, today, only: str | None) -> Dashboard:
    filters = filters or default_filters(today=today)
    today = today or timezone.localdate()
    scope = dashboard_scope(user=user, provider_id=filters.provider_id)
    builder = FigureBuilder(scope, filters, today)
    names = _names(scope, filters)
    if only is None:
        figures = builder.figures()
    else:
        figures = dict.fromkeys(Dashboard.FIGURE_ORDER)
        figures[only] = builder.figure(only)
    return Dashboard(
        filters=filters,
        whole_programme=scope.whole_programme,
        suppressed=scope.suppressed,
        provider_names=names["providers"],
        ward_name=names["ward"],
        **figures,
    )


def _names(scope: Scope, filters: DashboardFilters) -> dict:
    """The names of the providers and ward the figures are for, in one query."""
    wanted = [] if scope.whole_programme else sorted(scope.provider_ids, key=str)
    providers = list(
        Organisation.objects.filter(pk__in=wanted).order_by("name").values_list("name", flat=True)
    )
    ward = ""
    if filters.ward_id is not None:
        ward = Ward.objects.filter(pk=filters.ward_id).values_list("name", flat=True).first() or ""
    return {"providers": providers, "ward": ward}
