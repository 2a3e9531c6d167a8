"""How wellbeing measures read: the tables on the case page and the change from start.

Pure functions of measures already loaded (one query for a case's measures, with who
recorded them), shared by the case page, the referrer's summary, the closing email and the
API. ONS4's four answers are reported one by one and never summed; SWEMWBS is reported as
its raw total and metric score, and its change as the change in the metric score.
"""

from dataclasses import dataclass
from decimal import Decimal

from .measures import INSTRUMENT_SHORT, ITEMS, SWEMWBS_METRIC_LABEL, Item
from .models import Instrument, OutcomeMeasure, Timepoint


@dataclass(frozen=True)
class Change:
    """One question's (or the SWEMWBS metric's) change from the start to a later measure."""

    label: str
    start: int | Decimal
    latest: int | Decimal
    difference: int | Decimal
    words: str
    direction: str  # "better", "worse" or "same"
    lower_is_better: bool = False

    @property
    def start_display(self) -> str:
        return _number(self.start)

    @property
    def latest_display(self) -> str:
        return _number(self.latest)


@dataclass(frozen=True)
class InstrumentChange:
    instrument: str
    start: OutcomeMeasure
    latest: OutcomeMeasure
    rows: list[Change]

    @property
    def title(self) -> str:
        return INSTRUMENT_SHORT[self.instrument]

    @property
    def latest_label(self) -> str:
        return Timepoint(self.latest.timepoint).label.lower()


@dataclass(frozen=True)
class InstrumentMeasures:
    """One instrument's measures on a case, oldest first, and its change when there is one."""

    instrument: str
    measures: list[OutcomeMeasure]
    change: InstrumentChange | None

    @property
    def title(self) -> str:
        return INSTRUMENT_SHORT[self.instrument]

    @property
    def items(self) -> tuple[Item, ...]:
        return ITEMS[self.instrument]

    @property
    def rows(self) -> list[dict]:
        """Table rows: date, timepoint, who, and the ONS4 answers or the SWEMWBS scores."""
        return [
            {
                "measure": m,
                "timepoint": Timepoint(m.timepoint).label,
                "answers": [getattr(m, item.field) for item in self.items],
            }
            for m in self.measures
        ]


def _number(value) -> str:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def change_words(difference: int | Decimal) -> str:
    """'up 3 points', 'down 1 point', 'up 3.10 points', 'no change'."""
    if difference == 0:
        return "no change"
    size = abs(difference)
    unit = "point" if size == 1 and not isinstance(size, Decimal) else "points"
    return f"{'up' if difference > 0 else 'down'} {_number(size)} {unit}"


def _direction(difference, *, higher_is_better: bool) -> str:
    if difference == 0:
        return "same"
    return "better" if (difference > 0) == higher_is_better else "worse"


def _change(label: str, start, latest, *, higher_is_better: bool = True) -> Change:
    difference = latest - start
    return Change(
        label=label,
        start=start,
        latest=latest,
        difference=difference,
        words=change_words(difference),
        direction=_direction(difference, higher_is_better=higher_is_better),
        lower_is_better=not higher_is_better,
    )


def _sorted(measures) -> list[OutcomeMeasure]:
    return sorted(measures, key=lambda m: (m.taken_on, m.recorded_at or m.taken_on, m.pk or 0))


def instrument_change(
    instrument: str, measures: list[OutcomeMeasure], *, end_only: bool = False
) -> InstrumentChange | None:
    """From the start measure to the latest end measure, or (unless `end_only`) to the
    latest review when there is no end yet. None without a start and a later measure."""
    ordered = _sorted(m for m in measures if m.instrument == instrument)
    start = next((m for m in ordered if m.timepoint == Timepoint.START), None)
    if start is None:
        return None
    ends = [m for m in ordered if m.timepoint == Timepoint.END]
    later = ends or ([] if end_only else [m for m in ordered if m.timepoint == Timepoint.REVIEW])
    if not later:
        return None
    latest = later[-1]
    if instrument == Instrument.ONS4:
        rows = [
            _change(
                item.short,
                getattr(start, item.field),
                getattr(latest, item.field),
                higher_is_better=item.higher_is_better,
            )
            for item in ITEMS[instrument]
        ]
    else:
        rows = [_change(SWEMWBS_METRIC_LABEL, start.swemwbs_metric, latest.swemwbs_metric)]
    return InstrumentChange(instrument=instrument, start=start, latest=latest, rows=rows)


def wellbeing(measures, *, end_only: bool = False) -> list[InstrumentMeasures]:
    """Both instruments, ONS4 first, each with its measures and change."""
    measures = list(measures)
    return [
        InstrumentMeasures(
            instrument=instrument,
            measures=_sorted(m for m in measures if m.instrument == instrument),
            change=instrument_change(instrument, measures, end_only=end_only),
        )
        for instrument in (Instrument.ONS4, Instrument.SWEMWBS)
    ]
