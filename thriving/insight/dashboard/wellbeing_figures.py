"""Wellbeing change: SWEMWBS (distribution and mean, by provider and by reason) and ONS4 (the
mean change of each question, separately, never summed).

A referral counts for an instrument when it has a start and an end measure of it. Its change
is the end score minus the start score, taking the earliest start and the latest end (by date
taken, then the order they were recorded), as the case page does.

Two queries do it all. Each picks one measure per referral, instrument and timepoint with
NOT EXISTS (no earlier start, no later end), groups the picks by referral (inner GROUP BY:
does it have both, what is its change), then counts and sums over those referrals in the
outer query, with one FILTER per band, per provider or per reason. The first query gives the
distribution, the means by provider and overall, and ONS4; the second the means by reason
(it joins the reasons, so a referral giving two counts under each). The number of providers
and reasons makes the SQL longer, never more queries.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, F, OuterRef, Q, Sum
from django.db.models.expressions import Case, When

from referrals.models import ONS4_FIELDS, Instrument, OutcomeMeasure, ReferralReason, Timepoint
from thriving.accounts.models import Organisation
from thriving.accounts.roles import OrganisationKind

from .figures import DashboardFilters
from .scope import Scope, referral_q

MEANINGFUL_CHANGE = Decimal("3")  # SWEMWBS metric points (issue 5)

# Bands of change in metric points, worst first; a change of 3 or more either way is meaningful.
# (key, label, short label for the chart, which changes)
BANDS = [
    (
        "worse_3",
        "Worse by 3 or more points (−3 or less)",
        "−3 or less",
        Q(change__lte=-MEANINGFUL_CHANGE),
    ),
    (
        "worse",
        "Worse by less than 3 points (above −3, below 0)",
        "−3 to 0",
        Q(change__gt=-MEANINGFUL_CHANGE, change__lt=0),
    ),
    ("same", "No change (0)", "0", Q(change=0)),
    (
        "better",
        "Better by less than 3 points (above 0, below 3)",
        "0 to 3",
        Q(change__gt=0, change__lt=MEANINGFUL_CHANGE),
    ),
    (
        "better_3",
        "Better by 3 or more points (3 or more): a meaningful improvement",
        "3 or more",
        Q(change__gte=MEANINGFUL_CHANGE),
    ),
]

ONS4_QUESTIONS = {
    "ons_life_satisfaction": "Life satisfaction",
    "ons_worthwhile": "Feeling the things you do are worthwhile",
    "ons_happiness": "Happiness yesterday",
    "ons_anxiety": "Anxiety yesterday (lower is better)",
}

_METRIC = DecimalField(max_digits=8, decimal_places=2)


def chosen_measures(instruments: list[str], scope: Scope, filters: DashboardFilters):
    """The earliest start and the latest end measure of each instrument, for each referral
    in scope (a referral may have only one of them: the grouping checks for both)."""
    # A measure is never dated before its referral was made (referrals.measures refuses it),
    # so measures before the range cannot be a referral's in it: saying so lets PostgreSQL
    # leave them out of the join.
    better_pick = OutcomeMeasure.objects.filter(
        referral_id=OuterRef("referral_id"),
        instrument=OuterRef("instrument"),
        timepoint=OuterRef("timepoint"),
        taken_on__gte=filters.date_from,
    ).filter(
        Q(timepoint=Timepoint.START, taken_on__lt=OuterRef("taken_on"))
        | Q(timepoint=Timepoint.START, taken_on=OuterRef("taken_on"), pk__lt=OuterRef("pk"))
        | Q(timepoint=Timepoint.END, taken_on__gt=OuterRef("taken_on"))
        | Q(timepoint=Timepoint.END, taken_on=OuterRef("taken_on"), pk__gt=OuterRef("pk"))
    )
    return (
        OutcomeMeasure.objects.filter(
            referral_q(scope, filters, "referral__"),
            instrument__in=instruments,
            timepoint__in=[Timepoint.START, Timepoint.END],
            taken_on__gte=filters.date_from,
        )
        .filter(~Exists(better_pick))
        .order_by()
    )


_START = Q(timepoint=Timepoint.START)
_END = Q(timepoint=Timepoint.END)
_BOTH = Q(starts=1, ends=1)  # in the outer query: a referral with a start and an end


def _signed_metric():
    """+metric for the end measure, -metric for the start: summed per referral, the change."""
    return Case(
        When(timepoint=Timepoint.END, then=F("swemwbs_metric")),
        default=F("swemwbs_metric") * -1,
        output_field=_METRIC,
    )


def _per_referral(measures, **group):
    """One row per referral (and instrument, and whatever `group` adds): whether it has a
    start and an end, its SWEMWBS change and its ONS4 answers at each end."""
    sums = {
        "starts": Count("pk", filter=_START),
        "ends": Count("pk", filter=_END),
        "change": Sum(_signed_metric(), output_field=_METRIC),
    }
    for question in ONS4_FIELDS:
        sums[f"{question}_start"] = Sum(question, filter=_START)
        sums[f"{question}_end"] = Sum(question, filter=_END)
    return measures.values("referral_id", "instrument", **group).annotate(**sums)


@dataclass
class Sums:
    """Sums over one group's referrals, from which its means follow."""

    name: str | None
    swemwbs_n: int = 0
    swemwbs_change: Decimal = Decimal("0")
    ons4_n: int = 0
    ons4_start: dict = field(default_factory=dict)
    ons4_end: dict = field(default_factory=dict)


@dataclass
class Wellbeing:
    overall: Sums
    bands: dict  # band key -> referrals
    by_provider: list[Sums]
    by_reason: list[Sums]


def _swemwbs_sums(prefix: str, where: Q) -> dict:
    swemwbs = Q(instrument=Instrument.SWEMWBS) & _BOTH & where
    return {
        f"{prefix}_n": Count("referral_id", filter=swemwbs),
        f"{prefix}_sum": Sum("change", filter=swemwbs),
    }


def wellbeing(scope: Scope, filters: DashboardFilters) -> Wellbeing:
    """Everything the wellbeing figures show, in four queries: the providers and reasons to
    name, and the two described at the top."""
    if scope.whole_programme:
        providers = Organisation.objects.filter(kind=OrganisationKind.PROVIDER)
    else:
        providers = Organisation.objects.filter(pk__in=sorted(scope.provider_ids, key=str))
    providers = list(providers.order_by("name").values_list("pk", "name"))
    reasons = list(ReferralReason.objects.values_list("pk", "label"))

    # 1. Overall, by band, by provider, and ONS4.
    totals = _swemwbs_sums("all", Q())
    totals |= {key: Count("referral_id", filter=Q(instrument=Instrument.SWEMWBS) & _BOTH & band)
               for key, _, _, band in BANDS}  # fmt: skip
    for n, (provider_id, _) in enumerate(providers):
        totals |= _swemwbs_sums(f"p{n}", Q(provider=provider_id))
    ons4 = Q(instrument=Instrument.ONS4) & _BOTH
    totals["ons4_n"] = Count("referral_id", filter=ons4)
    for question in ONS4_FIELDS:
        totals[f"all_{question}_start"] = Sum(f"{question}_start", filter=ons4)
        totals[f"all_{question}_end"] = Sum(f"{question}_end", filter=ons4)
    found = _per_referral(
        chosen_measures([Instrument.SWEMWBS, Instrument.ONS4], scope, filters),
        provider=F("referral__provider_id"),
    ).aggregate(**totals)

    # 2. By reason.
    by_reason_sums = {}
    for n, (reason_id, _) in enumerate(reasons):
        by_reason_sums |= _swemwbs_sums(f"r{n}", Q(reason=reason_id))
    by_reason = (
        _per_referral(
            chosen_measures([Instrument.SWEMWBS], scope, filters),
            reason=F("referral__reasons__id"),
        ).aggregate(**by_reason_sums)
        if reasons
        else {}
    )

    overall = Sums(
        name="All referrals shown",
        swemwbs_n=found["all_n"],
        swemwbs_change=Decimal(found["all_sum"] or 0),
        ons4_n=found["ons4_n"],
        ons4_start={q: found[f"all_{q}_start"] or 0 for q in ONS4_FIELDS},
        ons4_end={q: found[f"all_{q}_end"] or 0 for q in ONS4_FIELDS},
    )
    return Wellbeing(
        overall=overall,
        bands={key: found[key] for key, _, _, _ in BANDS},
        by_provider=_groups(found, "p", providers),
        by_reason=_groups(by_reason, "r", reasons),
    )


def _groups(found: dict, prefix: str, names: list) -> list[Sums]:
    return [
        Sums(
            name=name,
            swemwbs_n=found[f"{prefix}{n}_n"],
            swemwbs_change=Decimal(found[f"{prefix}{n}_sum"] or 0),
        )
        for n, (_, name) in enumerate(names)
        if found.get(f"{prefix}{n}_n")
    ]
