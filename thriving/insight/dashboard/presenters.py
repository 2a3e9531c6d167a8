"""Figures as the page shows them (text in table cells, the chart's data) and as the
downloads write them (typed values). No queries here."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from thriving.core.suppression import is_hidden

from ..exports import Sheet
from .figures import Dashboard, Figure, Kind

NONE_SHOWN = "–"
MONEY_FORMAT = "£#,##0.00"


def date_text(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def cell_text(value, kind: Kind, places: int = 1) -> str:
    """How a value reads in the page's table."""
    if value is None:
        return NONE_SHOWN
    if isinstance(value, str):
        return value  # a label, or "<5" / "<5 cases"
    if kind == Kind.DATE:
        return date_text(value)
    if kind == Kind.COUNT:
        return f"{value:,}"
    if kind == Kind.RATE:
        return f"{value:.{places}f}%"
    if kind == Kind.MONEY:
        amount = Decimal(value).quantize(Decimal("0.01"))
        return f"£{amount:,.2f}"
    if kind == Kind.NUMBER:
        if isinstance(value, int):
            return f"{value:,}".replace("-", "−")  # a median of whole days
        return f"{value:,.{places}f}".replace("-", "−")
    return str(value)


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool


@dataclass
class PresentedFigure:
    figure: Figure
    header: list
    rows: list[list[Cell]]
    chart: dict | None
    chart_id: str

    @property
    def slug(self) -> str:
        return self.figure.slug


def present(figure: Figure) -> PresentedFigure:
    rows = [
        [Cell(cell_text(row.get(c.key), c.kind, c.places), c.is_numeric) for c in figure.columns]
        for row in figure.rows
    ]
    return PresentedFigure(
        figure=figure,
        header=figure.columns,
        rows=rows,
        chart=chart_data(figure),
        chart_id=f"chart-{figure.slug}",
    )


def _chart_value(value):
    if value is None or is_hidden(value):
        return None  # Chart.js leaves a gap; the table says "<5"
    if isinstance(value, Decimal):
        return float(value)
    return value


def chart_label(figure: Figure, row: dict) -> str:
    parts = []
    for key in figure.label_keys:
        value = row.get(key)
        parts.append(date_text(value) if isinstance(value, date) else str(value or ""))
    return ", ".join(p for p in parts if p)


def chart_data(figure: Figure) -> dict | None:
    """The json_script contract of static/js/insight-charts.js."""
    chart = figure.chart
    if chart is None:
        return None
    value_axis = "x" if chart.horizontal else "y"
    options = {
        "plugins": {"legend": {"display": len(chart.series) > 1}},
        "scales": {value_axis: {"title": {"display": True, "text": chart.axis_title}}},
    }
    if chart.horizontal:
        options["indexAxis"] = "y"
    return {
        "labels": [chart_label(figure, row) for row in figure.rows],
        "datasets": [
            {
                "label": figure.column(key).label,
                "data": [_chart_value(row.get(key)) for row in figure.rows],
            }
            for key in chart.series
        ],
        "options": options,
    }


def export_value(value, kind: Kind):
    """Typed for CSV and .xlsx: numbers stay numbers, suppressed values are their text."""
    if isinstance(value, str) or value is None:
        return value
    if kind == Kind.MONEY:
        return Decimal(value).quantize(Decimal("0.01"))
    return value


def sheet(figure: Figure) -> Sheet:
    return Sheet(
        title=figure.title,
        header=[c.label for c in figure.columns],
        rows=[
            [export_value(row.get(c.key), c.kind) for c in figure.columns] for row in figure.rows
        ],
        number_formats={
            i: MONEY_FORMAT for i, c in enumerate(figure.columns) if c.kind == Kind.MONEY
        },
    )


def about_sheet(dashboard: Dashboard, *, figures: list[Figure]) -> Sheet:
    """What the figures are for and how to read them: the last sheet of a workbook."""
    filters = dashboard.filters
    rows = [
        ["Referrals submitted from", filters.date_from],
        ["Referrals submitted to", filters.date_to],
        ["Covering", scope_text(dashboard)],
        ["Ward", dashboard.ward_name or "All wards"],
        [
            "Small numbers",
            "Counts of 1 to 4 are shown as <5, and rates, medians and means from fewer than "
            "5 cases as <5 cases."
            if dashboard.suppressed
            else "Not suppressed: these are your own organisation's cases.",
        ],
    ]
    rows += [[f.title, f.definition] for f in figures]
    return Sheet(title="About these figures", header=["", ""], rows=rows)


def scope_text(dashboard: Dashboard) -> str:
    if dashboard.whole_programme:
        return "the whole programme (every provider, and referrals not yet allocated)"
    return ", ".join(dashboard.provider_names) or "No provider"
