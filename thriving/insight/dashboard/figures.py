"""What a dashboard figure is: a table of named columns, with the chart drawn from it.

A figure carries its figures already fit for the person who asked (suppressed where the rule
applies), so the page, its chart and the CSV and spreadsheet downloads all show the same
thing and none of them can leak what another does not.
"""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Kind(StrEnum):
    LABEL = "label"  # a name: practice, ward, stage
    DATE = "date"
    COUNT = "count"  # a number of referrals, cases or grants: the suppression rule applies
    RATE = "rate"  # a percentage, 0-100
    NUMBER = "number"  # a median or mean
    MONEY = "money"  # pounds, Decimal


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: Kind = Kind.LABEL
    places: int = 1  # decimal places shown for RATE and NUMBER

    @property
    def is_numeric(self) -> bool:
        return self.kind not in (Kind.LABEL, Kind.DATE)


@dataclass(frozen=True)
class Chart:
    """How the table becomes a Chart.js chart: one dataset per column in `series`, one bar
    or point per row, labelled by the `label_keys` columns joined with ", "."""

    type: str  # "bar" or "line"
    series: tuple[str, ...]
    axis_title: str
    label_keys: tuple[str, ...] = ()
    horizontal: bool = False


@dataclass
class Figure:
    slug: str
    title: str
    caption: str
    columns: list[Column]
    rows: list[dict]
    chart: Chart | None = None
    definition: str = ""
    notes: list[str] = field(default_factory=list)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def label_keys(self) -> tuple[str, ...]:
        if self.chart and self.chart.label_keys:
            return self.chart.label_keys
        return (self.columns[0].key,)


@dataclass(frozen=True)
class DashboardFilters:
    """What the figures are for: referrals submitted from `date_from` to `date_to`
    (inclusive, Europe/London dates), optionally one provider and one ward."""

    date_from: date
    date_to: date
    provider_id: object | None = None  # an Organisation pk (uuid)
    ward_id: int | None = None


@dataclass
class Dashboard:
    filters: DashboardFilters
    whole_programme: bool
    suppressed: bool
    provider_names: list[str]
    ward_name: str
    referrals_by_week: Figure
    referrals_by_practice: Figure
    referrals_by_reason: Figure
    referrals_by_ward: Figure
    funnel: Figure
    timeliness: Figure
    caseload: Figure
    wellbeing_change: Figure
    wellbeing_by_provider: Figure
    wellbeing_by_reason: Figure
    ons4_change: Figure
    grants_by_ward: Figure
    grants_by_category: Figure

    FIGURE_ORDER = (
        "referrals_by_week",
        "referrals_by_practice",
        "referrals_by_reason",
        "referrals_by_ward",
        "funnel",
        "timeliness",
        "caseload",
        "wellbeing_change",
        "wellbeing_by_provider",
        "wellbeing_by_reason",
        "ons4_change",
        "grants_by_ward",
        "grants_by_category",
    )

    @property
    def figures(self) -> list[Figure]:
        return [getattr(self, name) for name in self.FIGURE_ORDER]

    def figure(self, slug: str) -> Figure | None:
        return next((f for f in self.figures if f.slug == slug), None)


FIGURE_SLUGS = {name: name.replace("_", "-") for name in Dashboard.FIGURE_ORDER}
