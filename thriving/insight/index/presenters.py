"""The index as people read it: formatted figures with the small-number rules applied, for the
page, the CSV and the API alike (so none of them can show what another hides).

- A count of referrals (or of people with a wellbeing change) of 1-4 is shown as "<5"
  (thriving.core.suppression.suppress); 0 shows as 0.
- A rate, share or mean worked out from 1-4 cases, or a share of 1-4 cases, is shown as
  "Fewer than 5 cases", and so is the score derived from it. The value still counts in the
  index.
"""

from dataclasses import dataclass

from thriving.core.suppression import is_small, suppress

from ..models import IndexRun, WardIndexScore
from .definitions import FEWER_THAN_FIVE, INDICATORS, Indicator

NO_DATA = "No data"
NOT_USED = "Not used"


def _number(places: int):
    return lambda v: f"{v:,.{places}f}"


FORMATS = {
    "services": _number(2),
    "referrals": _number(1),
    "connected": lambda v: f"{v * 100:.0f}%",
    "grants": lambda v: f"£{v:,.0f}",
    "wellbeing": lambda v: f"{v:+.2f}",
    "deprivation": lambda v: f"{v:.0f}",
}

# The CSV carries numbers, rounded to what the figures can bear: (column, decimal places).
CSV_VALUE_COLUMNS = {
    "services": ("services_per_1000", 3),
    "referrals": ("referrals_per_1000", 2),
    "connected": ("connected_percent", 1),
    "grants": ("grant_pounds_per_1000", 2),
    "wellbeing": ("wellbeing_change", 2),
    "deprivation": ("imd_rank", 0),
}
SCORE_PLACES = 3


def format_score(score: float) -> str:
    return f"{score:+.2f}"


@dataclass(frozen=True)
class Cell:
    """One indicator of one ward."""

    indicator: Indicator
    value: float | None  # None when not shown (no data, or fewer than 5 cases)
    score: float | None  # None when not shown, or the indicator was left out
    text: str
    score_text: str
    suppressed: bool


@dataclass(frozen=True)
class IndexRow:
    rank: int
    ward_name: str
    ons_code: str
    district: str
    population: int
    index_value: float
    index_text: str
    referrals: int | str
    wellbeing_cases: int | str
    cells: list[Cell]

    @property
    def cells_by_code(self) -> dict[str, Cell]:
        return {cell.indicator.code: cell for cell in self.cells}


def _few_cases(score: WardIndexScore, indicator: Indicator) -> bool:
    return any(
        field is not None and is_small(getattr(score, field))
        for field in (indicator.cases_field, indicator.numerator_field)
    )


def _cell(score: WardIndexScore, indicator: Indicator) -> Cell:
    value = getattr(score, indicator.raw_field)
    value = float(value) if value is not None else None
    oriented = getattr(score, indicator.score_field)
    if _few_cases(score, indicator):
        return Cell(indicator, None, None, FEWER_THAN_FIVE, FEWER_THAN_FIVE, True)
    text = NO_DATA if value is None else FORMATS[indicator.code](value)
    score_text = NOT_USED if oriented is None else format_score(oriented)
    return Cell(indicator, value, oriented, text, score_text, False)


def index_rows(scores: list[WardIndexScore]) -> list[IndexRow]:
    return [
        IndexRow(
            rank=score.rank,
            ward_name=score.ward.name,
            ons_code=score.ward.ons_code,
            district=score.ward.district.name,
            population=score.population,
            index_value=score.index_value,
            index_text=format_score(score.index_value),
            referrals=suppress(score.referrals),
            wellbeing_cases=suppress(score.wellbeing_cases),
            cells=[_cell(score, indicator) for indicator in INDICATORS],
        )
        for score in scores
    ]


@dataclass(frozen=True)
class IndicatorInRun:
    indicator: Indicator
    weight: float
    used: bool
    why_not: str  # "" when used

    @property
    def weight_text(self) -> str:
        return f"{self.weight:g}"


def indicators_in_run(run: IndexRun) -> list[IndicatorInRun]:
    found = []
    for indicator in INDICATORS:
        weight = run.weight_of(indicator.code)
        if indicator.code in run.skipped:
            why_not = "No ward had a value, so it was left out."
        elif weight <= 0:
            why_not = "Its weight was 0, so it was left out."
        else:
            why_not = ""
        found.append(IndicatorInRun(indicator, weight, not why_not, why_not))
    return found


def chart_data(rows: list[IndexRow]) -> dict:
    """For static/js/insight-charts.js: the index by ward, highest (rank 1) first."""
    return {
        "labels": [row.ward_name for row in rows],
        "datasets": [{"label": "Index value", "data": [round(row.index_value, 3) for row in rows]}],
        "options": {
            "indexAxis": "y",
            "plugins": {"legend": {"display": False}},
            "scales": {"x": {"title": {"display": True, "text": "Index value"}}},
        },
    }


CSV_HEADER = [
    "rank",
    "ward",
    "ons_code",
    "district",
    "population",
    "index_value",
    "referrals_12_months",
    "wellbeing_people",
] + [column for i in INDICATORS for column in (CSV_VALUE_COLUMNS[i.code][0], f"{i.code}_score")]


def _csv_value(cell: Cell):
    if cell.suppressed:
        return FEWER_THAN_FIVE
    if cell.value is None:
        return ""
    value = cell.value * 100 if cell.indicator.code == "connected" else cell.value
    places = CSV_VALUE_COLUMNS[cell.indicator.code][1]
    return round(value, places) if places else round(value)


def _csv_score(cell: Cell):
    if cell.suppressed:
        return FEWER_THAN_FIVE
    return "" if cell.score is None else round(cell.score, SCORE_PLACES)


def csv_rows(rows: list[IndexRow]) -> list[list]:
    """The page's table as CSV rows (connected share as a percentage)."""
    return [
        [
            row.rank,
            row.ward_name,
            row.ons_code,
            row.district,
            row.population,
            round(row.index_value, SCORE_PLACES),
            row.referrals,
            row.wellbeing_cases,
        ]
        + [part for cell in row.cells for part in (_csv_value(cell), _csv_score(cell))]
        for row in rows
    ]
