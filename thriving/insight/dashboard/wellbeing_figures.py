"""Wellbeing change: SWEMWBS (distribution and mean, by provider and by reason) and ONS4 (the
mean change of each question, separately, never summed).

A referral counts for an instrument when it has a start and an end measure of it. Its change
is the end score minus the start score, taking the earliest start and the latest end (by date
taken, then the order they were recorded), as the case page does.

Each referral's changes are worked out ahead, in its referral fact (thriving.insight.facts:
the earliest start and the latest end measure, as defined there). Two queries then do it all:
one aggregate over the facts with one FILTER per band and per provider (the distribution, the
means by provider and overall, and ONS4), and one over the reason facts (one row per reason a
referral gives: the means by reason; a referral giving two counts under each). The number of
providers makes the SQL longer, never more queries.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum

from referrals.models import ONS4_FIELDS, ReferralReason
from thriving.accounts.models import Organisation
from thriving.accounts.roles import OrganisationKind

from .figures import DashboardFilters
from .scope import Scope, facts

MEANINGFUL_CHANGE = Decimal("3")  # SWEMWBS metric points (issue 5)

# Bands of change in metric points, worst first; a change of 3 or more either way is meaningful.
# (key, label, short label for the chart, which changes)
BANDS = [
    (
        "worse_3",
        "Worse by 3 or more points (−3 or less)",
        "−3 or less",
        Q(swemwbs_change__lte=-MEANINGFUL_CHANGE),
    ),
    (
        "worse",
        "Worse by less than 3 points (above −3, below 0)",
        "−3 to 0",
        Q(swemwbs_change__gt=-MEANINGFUL_CHANGE, swemwbs_change__lt=0),
    ),
    ("same", "No change (0)", "0", Q(swemwbs_change=0)),
    (
        "better",
        "Better by less than 3 points (above 0, below 3)",
        "0 to 3",
        Q(swemwbs_change__gt=0, swemwbs_change__lt=MEANINGFUL_CHANGE),
    ),
    (
        "better_3",
        "Better by 3 or more points (3 or more): a meaningful improvement",
        "3 or more",
        Q(swemwbs_change__gte=MEANINGFUL_CHANGE),
    ),
]

ONS4_QUESTIONS = {
    "ons_life_satisfaction": "Life satisfaction",
    "ons_worthwhile": "Feeling the things you do are worthwhile",
    "ons_happiness": "Happiness yesterday",
    "ons_anxiety": "Anxiety yesterday (lower is better)",
}

_METRIC = DecimalField(max_digits=8, decimal_places=2)
_MEASURED = Q(swemwbs_change__isnull=False)  # a SWEMWBS start and end
_ONS4_MEASURED = Q(ons_life_satisfaction_start__isnull=False)  # an ONS4 start and end


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
    measured = _MEASURED & where
    return {
        f"{prefix}_n": Count("pk", filter=measured),
        f"{prefix}_sum": Sum("swemwbs_change", filter=measured, output_field=_METRIC),
    }


def wellbeing(scope: Scope, filters: DashboardFilters, reason_sums: dict) -> Wellbeing:
    """Everything the wellbeing figures show, in three queries: the providers and reasons to
    name, one aggregate over the referral facts (overall, bands, providers, ONS4), and
    `reason_sums` (referral_figures.reason_sums) for the means by reason."""
    if scope.whole_programme:
        providers = Organisation.objects.filter(kind=OrganisationKind.PROVIDER)
    else:
        providers = Organisation.objects.filter(pk__in=sorted(scope.provider_ids, key=str))
    providers = list(providers.order_by("name").values_list("pk", "name"))
    reasons = list(ReferralReason.objects.values_list("pk", "label"))

    # 1. Overall, by band, by provider, and ONS4.
    totals = _swemwbs_sums("all", Q())
    totals |= {key: Count("pk", filter=_MEASURED & band) for key, _, _, band in BANDS}
    for n, (provider_id, _) in enumerate(providers):
        totals |= _swemwbs_sums(f"p{n}", Q(provider=provider_id))
    totals["ons4_n"] = Count("pk", filter=_ONS4_MEASURED)
    for question in ONS4_FIELDS:
        totals[f"all_{question}_start"] = Sum(f"{question}_start", filter=_ONS4_MEASURED)
        totals[f"all_{question}_end"] = Sum(f"{question}_end", filter=_ONS4_MEASURED)
    measured = facts(scope, filters).filter(_MEASURED | _ONS4_MEASURED)
    found = measured.aggregate(**totals)

    # 2. By reason (reason_sums in referral_figures: one query for both reason figures).
    by_reason = {}
    for n, (reason_id, _) in enumerate(reasons):
        _, count, total = reason_sums.get(reason_id, (0, 0, 0))
        by_reason[f"r{n}_n"] = count
        by_reason[f"r{n}_sum"] = _decimal(total)

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


def _decimal(value) -> Decimal:
    """A sum from raw SQL: Decimal on PostgreSQL, a float on SQLite (two places)."""
    if isinstance(value, float):
        return Decimal(str(round(value, 2)))
    return Decimal(value or 0)


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
