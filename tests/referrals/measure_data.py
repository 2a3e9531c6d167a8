"""Wellbeing measures for tests: answers to ONS4 and SWEMWBS, and measures made directly."""

from datetime import date

from referrals.models import SWEMWBS_FIELDS, Instrument, OutcomeMeasure


def ons4_scores(life=5, worthwhile=6, happiness=4, anxiety=7) -> dict[str, int]:
    return {
        "ons_life_satisfaction": life,
        "ons_worthwhile": worthwhile,
        "ons_happiness": happiness,
        "ons_anxiety": anxiety,
    }


def swemwbs_scores_for(raw: int) -> dict[str, int]:
    """Seven item scores (1-5) adding up to `raw` (7-35): fill the items in turn."""
    items, extra = [1] * 7, raw - 7
    for i in range(7):
        step = min(4, extra)
        items[i] += step
        extra -= step
    assert sum(items) == raw
    return dict(zip(SWEMWBS_FIELDS, items, strict=True))


def measure(
    referral, *, by, instrument=Instrument.ONS4, timepoint="start", taken_on: date, **scores
) -> OutcomeMeasure:
    """A measure saved directly (through the model's save, which scores SWEMWBS)."""
    if not scores:
        scores = ons4_scores() if instrument == Instrument.ONS4 else swemwbs_scores_for(21)
    item = OutcomeMeasure(
        referral=referral,
        instrument=instrument,
        timepoint=timepoint,
        taken_on=taken_on,
        recorded_by=by,
        **scores,
    )
    item.save()
    return item
