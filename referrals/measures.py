"""Wellbeing measures on a case: the questions in their official words, and recording one.

The wording of ONS4 and SWEMWBS lives here and nowhere else: the forms ask it, the case page
and the referrer's summary label their tables with the short names, and the service's
messages name the question. Changing a word of a validated questionnaire changes what it
measures, so the questions are copied exactly (ONS personal wellbeing; SWEMWBS © NHS Health
Scotland, University of Warwick and University of Edinburgh).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thriving.accounts.models import User

from . import permissions
from .models import (
    ONS4_FIELDS,
    SWEMWBS_FIELDS,
    EventKind,
    Instrument,
    OutcomeMeasure,
    Referral,
    Timepoint,
)
from .presenters import format_date
from .services import _event, _has_end_measure, _lock, _require_work
from .workflow import ACTIVE_STATUSES, Status, TransitionNotAllowed

# An end measure "to follow" can still be recorded this long after the case closed.
END_MEASURE_GRACE_DAYS = 28
# Closed ways a case (not a referral that never became one) ends.
_CASE_CLOSED_STATUSES = frozenset({Status.CLOSED, Status.DECLINED, Status.UNABLE_TO_CONTACT})


@dataclass(frozen=True)
class Item:
    """One question (ONS4) or statement (SWEMWBS): its field, number, exact wording, the
    short name tables use, and its answer range."""

    field: str
    number: int
    wording: str
    short: str
    low: int
    high: int
    higher_is_better: bool = True
    low_label: str = ""
    high_label: str = ""

    @property
    def missing_message(self) -> str:
        if self.field.startswith("ons_"):
            return (
                f"Question {self.number} ({self.short.lower()}): choose an answer from "
                f"{self.low} to {self.high}"
            )
        return f"Statement {self.number} ({self.short.lower()}): choose how often"

    @property
    def invalid_message(self) -> str:
        if self.field.startswith("ons_"):
            return (
                f"Question {self.number} ({self.short.lower()}): the answer must be a whole "
                f"number from {self.low} to {self.high}"
            )
        return (
            f"Statement {self.number} ({self.short.lower()}): the answer must be one of the "
            f"five choices, from {self.low} ({SWEMWBS_SCALE[0][1]}) to {self.high} "
            f"({SWEMWBS_SCALE[-1][1]})"
        )


ONS4_INTRO = (
    "Next I would like to ask you four questions about your feelings on aspects of your life. "
    "There are no right or wrong answers. For each of these questions I'd like you to give an "
    "answer on a scale of 0 to 10, where 0 is 'not at all' and 10 is 'completely'."
)

ONS4_ITEMS: tuple[Item, ...] = (
    Item(
        "ons_life_satisfaction",
        1,
        "Overall, how satisfied are you with your life nowadays?",
        "Life satisfaction",
        0,
        10,
        low_label="not at all",
        high_label="completely",
    ),
    Item(
        "ons_worthwhile",
        2,
        "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
        "Worthwhile",
        0,
        10,
        low_label="not at all",
        high_label="completely",
    ),
    Item(
        "ons_happiness",
        3,
        "Overall, how happy did you feel yesterday?",
        "Happiness yesterday",
        0,
        10,
        low_label="not at all",
        high_label="completely",
    ),
    Item(
        "ons_anxiety",
        4,
        "On a scale where 0 is 'not at all anxious' and 10 is 'completely anxious', overall, "
        "how anxious did you feel yesterday?",
        "Anxiety yesterday",
        0,
        10,
        higher_is_better=False,
        low_label="not at all anxious",
        high_label="completely anxious",
    ),
)

SWEMWBS_INTRO = (
    "Below are some statements about feelings and thoughts. Please tick the box that best "
    "describes your experience of each over the last 2 weeks"
)

SWEMWBS_SCALE: tuple[tuple[int, str], ...] = (
    (1, "None of the time"),
    (2, "Rarely"),
    (3, "Some of the time"),
    (4, "Often"),
    (5, "All of the time"),
)

_SWEMWBS_STATEMENTS = (
    ("I've been feeling optimistic about the future", "Optimistic about the future"),
    ("I've been feeling useful", "Feeling useful"),
    ("I've been feeling relaxed", "Feeling relaxed"),
    ("I've been dealing with problems well", "Dealing with problems well"),
    ("I've been thinking clearly", "Thinking clearly"),
    ("I've been feeling close to other people", "Feeling close to other people"),
    ("I've been able to make up my own mind about things", "Able to make up my own mind"),
)

SWEMWBS_ITEMS: tuple[Item, ...] = tuple(
    Item(field, number, wording, short, 1, 5)
    for number, (field, (wording, short)) in enumerate(
        zip(SWEMWBS_FIELDS, _SWEMWBS_STATEMENTS, strict=True), start=1
    )
)

if tuple(i.field for i in ONS4_ITEMS) != ONS4_FIELDS:  # one source of truth for the fields
    raise ImportError("ONS4_ITEMS and models.ONS4_FIELDS name different fields")

ITEMS: dict[str, tuple[Item, ...]] = {
    Instrument.ONS4: ONS4_ITEMS,
    Instrument.SWEMWBS: SWEMWBS_ITEMS,
}

# Short names for the instruments in tables and messages.
INSTRUMENT_SHORT = {Instrument.ONS4: "ONS4", Instrument.SWEMWBS: "SWEMWBS"}
SWEMWBS_METRIC_LABEL = "SWEMWBS metric score"


# ------------------------------------------------------------------------------------------
# What may be recorded when
# ------------------------------------------------------------------------------------------


def end_measure_deadline(referral: Referral) -> date | None:
    """The last day a closed case takes its end measure; None for an open case or a referral
    that never became one."""
    if referral.status not in _CASE_CLOSED_STATUSES or referral.accepted_at is None:
        return None
    if referral.closed_at is None:
        return None
    return timezone.localdate(referral.closed_at) + timedelta(days=END_MEASURE_GRACE_DAYS)


def end_measure_window_open(referral: Referral, *, today: date | None = None) -> bool:
    """A closed case takes a late end measure for 28 days after closing ("to follow")."""
    deadline = end_measure_deadline(referral)
    return deadline is not None and (today or timezone.localdate()) <= deadline


def timepoints_allowed(referral: Referral, *, has_start: bool) -> list[str]:
    """The timepoints a measure of one instrument may be recorded at now: start (once),
    review and end while the case is open; only end in the 28 days after it closed."""
    if referral.status in ACTIVE_STATUSES:
        allowed = [Timepoint.REVIEW, Timepoint.END]
        return allowed if has_start else [Timepoint.START, *allowed]
    if end_measure_window_open(referral):
        return [Timepoint.END]
    return []


def can_record_measures(user: User, referral: Referral) -> bool:
    """Whoever works the case, while it is open or in the 28 days an end measure may follow."""
    return permissions.can_work_case(user, referral) and (
        referral.status in ACTIVE_STATUSES or end_measure_window_open(referral)
    )


def has_end_measure(referral: Referral) -> bool:
    return _has_end_measure(referral)


# ------------------------------------------------------------------------------------------
# Recording one
# ------------------------------------------------------------------------------------------


def _clean_scores(instrument: str, scores: dict) -> dict[str, int]:
    """Every item answered with a whole number in range; each problem named by its question."""
    items = ITEMS[instrument]
    known = {item.field for item in items}
    unknown = sorted(set(scores) - known)
    if unknown:
        raise ValidationError(
            f"These answers do not belong to {INSTRUMENT_SHORT[instrument]}: {', '.join(unknown)}."
        )
    cleaned, errors = {}, {}
    for item in items:
        value = scores.get(item.field)
        if value is None or (isinstance(value, str) and not value.strip()):
            errors[item.field] = item.missing_message
            continue
        if isinstance(value, bool):
            errors[item.field] = item.invalid_message
            continue
        try:
            number = int(str(value).strip())
        except ValueError:
            errors[item.field] = item.invalid_message
            continue
        if not item.low <= number <= item.high:
            errors[item.field] = item.invalid_message
            continue
        cleaned[item.field] = number
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_date(referral: Referral, taken_on: date) -> None:
    if taken_on is None:
        raise ValidationError({"taken_on": "Enter the date the questions were answered."})
    if taken_on > timezone.localdate():
        raise ValidationError({"taken_on": "The date taken cannot be in the future."})
    submitted_on = timezone.localdate(referral.submitted_at)
    if taken_on < submitted_on:
        raise ValidationError(
            {
                "taken_on": "The date taken cannot be before the referral was made, on "
                f"{format_date(submitted_on)}."
            }
        )


def _check_timepoint(referral: Referral, instrument: str, timepoint: str, taken_on: date) -> None:
    short = INSTRUMENT_SHORT[instrument]
    start = (
        OutcomeMeasure.objects.filter(
            referral=referral, instrument=instrument, timepoint=Timepoint.START
        )
        .order_by("taken_on")
        .first()
    )
    if timepoint == Timepoint.START and start is not None:
        raise ValidationError(
            {
                "timepoint": f"The start {short} measure was already recorded, on "
                f"{format_date(start.taken_on)}. Record this one as a review or the end measure."
            }
        )
    if timepoint != Timepoint.START and start is not None and taken_on < start.taken_on:
        raise ValidationError(
            {
                "taken_on": f"{'An' if timepoint == Timepoint.END else 'A'} "
                f"{Timepoint(timepoint).label.lower()} measure cannot be dated "
                f"before the start {short} measure, on {format_date(start.taken_on)}."
            }
        )
    allowed = timepoints_allowed(referral, has_start=start is not None)
    if timepoint not in allowed:
        if not allowed:
            raise TransitionNotAllowed(
                "Wellbeing measures can be recorded only while the case is open, or as the end "
                f"measure in the {END_MEASURE_GRACE_DAYS} days after it closed."
            )
        raise TransitionNotAllowed(
            "This case is closed, so only the end wellbeing measure can be recorded now."
        )


@transaction.atomic
def outcome_measure_record(
    *,
    referral: Referral,
    by: User,
    instrument: str,
    timepoint: str,
    taken_on: date,
    scores: dict,
) -> OutcomeMeasure:
    """Record one ONS4 or SWEMWBS measure taken with the person.

    Start, review or end while the case is open; an end measure up to 28 days after closing
    (closing "to follow" promised one). One start per instrument, so the change is always
    measured from the same point. The event names the instrument and timepoint, never the
    scores: the timeline is read by more people than the wellbeing table.
    """
    referral = _lock(referral)
    _require_work(by, referral)
    if instrument not in Instrument.values:
        raise ValidationError({"instrument": "Choose ONS4 or SWEMWBS."})
    if timepoint not in Timepoint.values:
        raise ValidationError({"timepoint": "Choose when the measure was taken."})
    _check_date(referral, taken_on)
    _check_timepoint(referral, instrument, timepoint, taken_on)
    measure = OutcomeMeasure(
        referral=referral,
        instrument=instrument,
        timepoint=timepoint,
        taken_on=taken_on,
        recorded_by=by,
        **_clean_scores(instrument, scores),
    )
    # The constraints are the database's to check: save() scores SWEMWBS first.
    measure.full_clean(exclude=["referral", "recorded_by"], validate_constraints=False)
    measure.save()
    _event(
        referral=referral,
        actor=by,
        kind=EventKind.MEASURE,
        reason=f"{INSTRUMENT_SHORT[instrument]} {Timepoint(timepoint).label.lower()} measure, "
        f"taken on {format_date(taken_on)}",
    )
    return measure
