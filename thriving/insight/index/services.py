"""Computing the Thriving Communities Index (the method is in definitions.py and on the
methodology page).

Every figure per ward comes from one GROUP BY ward query per source (directory, referral
facts (referrals and their connections; thriving.insight.facts), grants, wellbeing from the
facts), plus the wards and the weights: six reads however many wards and referrals there
are. Standardising and weighting then works on one number per ward and indicator, in
Python, and the run and its rows are written in one transaction.
"""

import math
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import (
    Count,
    DecimalField,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast
from django.utils import timezone

from community_assets.models import ServiceAtLocation, ServiceStatus
from grants.models import Application
from thriving.places.models import Ward

from ..models import IndexRun, IndexRunTrigger, IndexWeight, ReferralFact, WardIndexScore
from .definitions import (
    DEFAULT_WEIGHTS,
    GRANT_STATUSES,
    INDICATORS,
    WINDOW_DAYS,
)

_AMOUNT = DecimalField(max_digits=16, decimal_places=4)
_METRIC = DecimalField(max_digits=10, decimal_places=2)


@dataclass
class WardFigures:
    """What the SQL aggregates found for one ward."""

    ward_id: int
    name: str
    population: int
    imd_rank: int | None
    services: int = 0
    referrals: int = 0
    connected_referrals: int = 0
    grant_amount: Decimal = Decimal("0")
    wellbeing_cases: int = 0
    wellbeing_total: Decimal = Decimal("0")

    def _per_1000(self, amount) -> float | None:
        return float(amount) * 1000 / self.population if self.population else None

    def raw(self) -> dict[str, float | None]:
        """Each indicator's raw value, keyed by its raw field; None where there is none."""
        return {
            "services_per_1000": self._per_1000(self.services),
            "referrals_per_1000": self._per_1000(self.referrals),
            "connected_share": (
                self.connected_referrals / self.referrals if self.referrals else None
            ),
            "grants_per_1000": self._per_1000(self.grant_amount),
            "wellbeing_change": (
                float(self.wellbeing_total) / self.wellbeing_cases if self.wellbeing_cases else None
            ),
            "imd_rank": float(self.imd_rank) if self.imd_rank is not None else None,
        }


# ---------------------------------------------------------------------------------------------
# The reads: one GROUP BY ward each


def _services_by_ward() -> dict[int, int]:
    """Distinct active listings with a place in each ward."""
    rows = (
        ServiceAtLocation.objects.filter(
            service__status=ServiceStatus.ACTIVE, location__ward__isnull=False
        )
        .order_by()
        .values("location__ward_id")
        .annotate(n=Count("service_id", distinct=True))
        .values_list("location__ward_id", "n")
    )
    return dict(rows)


def _referrals_and_connected_by_ward(since: datetime, until: datetime) -> dict[int, tuple]:
    """Per ward: the referrals submitted in the window, and how many of them have a
    connection now contacted or attending (each referral counts once however many
    connections it has). One GROUP BY over the referral facts (thriving.insight.facts)."""
    rows = (
        ReferralFact.objects.filter(
            ward__isnull=False, submitted_at__gt=since, submitted_at__lte=until
        )
        .order_by()
        .values("ward_id")
        .annotate(n=Count("pk"), connected=Count("pk", filter=Q(connected_now=True)))
        .values_list("ward_id", "n", "connected")
    )
    return {ward_id: (n, connected) for ward_id, n, connected in rows}


def _grants_by_ward(since: datetime, until: datetime) -> dict[int, Decimal]:
    """Money awarded by decisions in the window, each award split equally over its wards."""
    ApplicationWard = Application.wards.through
    wards_of_application = (
        ApplicationWard.objects.filter(application_id=OuterRef("application_id"))
        .order_by()
        .values("application_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    share = Cast(F("application__amount_awarded"), _AMOUNT) / Subquery(wards_of_application)
    rows = (
        ApplicationWard.objects.filter(
            application__status__in=sorted(GRANT_STATUSES),
            application__decided_at__gt=since,
            application__decided_at__lte=until,
        )
        .order_by()
        .values("ward_id")
        .annotate(total=Sum(share, output_field=_AMOUNT))
        .values_list("ward_id", "total")
    )
    return {ward_id: Decimal(total or 0) for ward_id, total in rows}


def _wellbeing_by_ward(since_day: date) -> dict[int, tuple[int, Decimal]]:
    """Per ward: how many people, and the sum of (last end metric - first start metric).

    A person counts when their last SWEMWBS end measure was taken after `since_day` and they
    have a start measure. Each referral's change and the day of its last end are kept in its
    referral fact (thriving.insight.facts), so this is one GROUP BY over those.
    """
    rows = (
        ReferralFact.objects.filter(
            ward__isnull=False, swemwbs_change__isnull=False, swemwbs_end_on__gt=since_day
        )
        .order_by()
        .values("ward_id")
        .annotate(n=Count("pk"), total=Sum("swemwbs_change", output_field=_METRIC))
        .values_list("ward_id", "n", "total")
    )
    return {ward_id: (n, Decimal(total or 0)) for ward_id, n, total in rows}


def index_weights() -> dict[str, Decimal]:
    """The weights in use: the admin's, with the documented default for any missing row."""
    weights = dict(DEFAULT_WEIGHTS)
    weights.update(IndexWeight.objects.values_list("indicator", "weight"))
    return weights


def ward_figures(*, since: datetime, until: datetime) -> list[WardFigures]:
    since_day = timezone.localdate(since)
    services = _services_by_ward()
    referrals = _referrals_and_connected_by_ward(since, until)
    grants = _grants_by_ward(since, until)
    wellbeing = _wellbeing_by_ward(since_day)
    figures = []
    for ward in Ward.objects.order_by("name").values("id", "name", "population", "imd_rank"):
        ward_id = ward["id"]
        cases, change_total = wellbeing.get(ward_id, (0, Decimal("0")))
        figures.append(
            WardFigures(
                ward_id=ward_id,
                name=ward["name"],
                population=ward["population"],
                imd_rank=ward["imd_rank"],
                services=services.get(ward_id, 0),
                referrals=referrals.get(ward_id, (0, 0))[0],
                connected_referrals=referrals.get(ward_id, (0, 0))[1],
                grant_amount=grants.get(ward_id, Decimal("0")),
                wellbeing_cases=cases,
                wellbeing_total=change_total,
            )
        )
    return figures


# ---------------------------------------------------------------------------------------------
# Standardising and combining


def standardise(values: dict[int, float | None]) -> dict[int, float] | None:
    """z = (x - mean) / population standard deviation, over the wards that have a value.

    A ward without a value gets the mean (z = 0). Every z is 0 when all values are equal.
    None when no ward has a value: the indicator is then left out.
    """
    present = [v for v in values.values() if v is not None]
    if not present:
        return None
    if max(present) == min(present):
        return dict.fromkeys(values, 0.0)
    mean = math.fsum(present) / len(present)
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in present) / len(present))
    return {k: 0.0 if v is None else (v - mean) / sd for k, v in values.items()}


@dataclass
class Computed:
    """The figures of one run, before they are written."""

    rows: list[dict]
    weights: dict[str, float]
    skipped: list[str]


def combine(figures: list[WardFigures], weights: dict[str, Decimal]) -> Computed:
    """Oriented scores, the weighted index and the rank for every ward.

    index = sum(weight * direction * z) / sum(weight), over the indicators with a weight above
    0 and a value in at least one ward. Rank 1 is the highest index; equal indexes are ranked
    by ward name.
    """
    raws = {f.ward_id: f.raw() for f in figures}
    scores: dict[int, dict[str, float | None]] = {f.ward_id: {} for f in figures}
    numerators = dict.fromkeys(raws, 0.0)
    total_weight = 0.0
    skipped = []
    for indicator in INDICATORS:
        z = standardise({ward_id: raw[indicator.raw_field] for ward_id, raw in raws.items()})
        if z is None:
            skipped.append(indicator.code)
        weight = float(weights.get(indicator.code, 0))
        used = z is not None and weight > 0
        if used:
            total_weight += weight
        for ward_id in raws:
            oriented = indicator.direction * z[ward_id] if used else None
            scores[ward_id][indicator.score_field] = oriented
            if used:
                numerators[ward_id] += weight * oriented
    rows = []
    for f in figures:
        index_value = numerators[f.ward_id] / total_weight if total_weight else 0.0
        raw = raws[f.ward_id]
        rows.append(
            {
                "ward_id": f.ward_id,
                "name": f.name,
                "index_value": index_value,
                "population": f.population,
                "services": f.services,
                "referrals": f.referrals,
                "connected_referrals": f.connected_referrals,
                "grant_amount": f.grant_amount.quantize(Decimal("0.01")),
                "wellbeing_cases": f.wellbeing_cases,
                "imd_rank": f.imd_rank,
                "services_per_1000": raw["services_per_1000"],
                "referrals_per_1000": raw["referrals_per_1000"],
                "connected_share": raw["connected_share"],
                "grants_per_1000": raw["grants_per_1000"],
                "wellbeing_change": raw["wellbeing_change"],
                **scores[f.ward_id],
            }
        )
    rows.sort(key=lambda row: (-row["index_value"], row["name"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return Computed(
        rows=rows,
        weights={i.code: float(weights.get(i.code, 0)) for i in INDICATORS},
        skipped=skipped,
    )


# ---------------------------------------------------------------------------------------------
# The writes


def _tune_for_aggregates() -> None:
    """PostgreSQL compiles queries this big to machine code first (JIT), which takes longer
    than the sub-second queries themselves; turn it off for this transaction only."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


@transaction.atomic
def index_compute(*, by=None, trigger: str | None = None) -> IndexRun:
    """Compute the index for every ward now and store it as a new run.

    `by` is the person who asked (None for the nightly task or a command). Callable without a
    request: the nightly task, the admin, the page and the benchmark all come here.
    """
    started = time.perf_counter()
    _tune_for_aggregates()
    until = timezone.now()
    since = until - timedelta(days=WINDOW_DAYS)
    computed = combine(ward_figures(since=since, until=until), index_weights())
    if trigger is None:
        trigger = IndexRunTrigger.ON_DEMAND if by is not None else IndexRunTrigger.SYSTEM
    run = IndexRun.objects.create(
        computed_at=until,
        trigger=trigger,
        by=by,
        period_start=since,
        period_end=until,
        weights=computed.weights,
        skipped=computed.skipped,
        ward_count=len(computed.rows),
    )
    WardIndexScore.objects.bulk_create(
        WardIndexScore(run=run, **{k: v for k, v in row.items() if k != "name"})
        for row in computed.rows
    )
    run.duration_ms = round((time.perf_counter() - started) * 1000)
    run.save(update_fields=["duration_ms"])
    return run


def _start_of_today() -> datetime:
    today = timezone.localdate()
    return datetime(today.year, today.month, today.day, tzinfo=timezone.get_current_timezone())


def index_compute_nightly() -> tuple[IndexRun, bool]:
    """The nightly run, once a day: a second call the same day (a retried or redelivered task)
    returns the run already made. Returns (run, created)."""
    done = (
        IndexRun.objects.filter(trigger=IndexRunTrigger.NIGHTLY, computed_at__gte=_start_of_today())
        .latest_first()
        .first()
    )
    if done is not None:
        return done, False
    return index_compute(trigger=IndexRunTrigger.NIGHTLY), True
