"""Insight's own tables: the Thriving Communities Index (see thriving.insight.index).

The index is computed into tables, not on every page view: each run keeps the weights it used
and one row per ward, so the page, the CSV and the API all show the same figures, and last
month's ranking can still be read after the weights change.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from .index.definitions import MAX_WEIGHT, IndexIndicator


class IndexWeight(models.Model):
    """How much one indicator counts in the index. Admins edit these; a weight of 0 leaves the
    indicator out. The defaults (all 1) come from a data migration and definitions.py."""

    indicator = models.CharField(max_length=20, choices=IndexIndicator.choices, unique=True)
    weight = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_WEIGHT)],
        help_text="From 0 to 10. 0 leaves the indicator out of the index; 2 counts it twice "
        "as much as an indicator weighted 1. Takes effect at the next computation.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator"]
        verbose_name = "index weight"
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=0) & Q(weight__lte=MAX_WEIGHT),
                name="insight_index_weight_in_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()}: {self.weight}"


class IndexRunTrigger(models.TextChoices):
    NIGHTLY = "nightly", "Nightly task"
    ON_DEMAND = "on_demand", "On demand"
    SYSTEM = "system", "Command"


class IndexRunQuerySet(models.QuerySet):
    def latest_first(self):
        return self.order_by("-computed_at", "-pk")


class IndexRun(models.Model):
    """One computation of the index. A run is written, with all its ward rows, in the same
    transaction as the computation, so every stored run is complete: a failure leaves nothing
    and the pages keep showing the last good one."""

    computed_at = models.DateTimeField(db_index=True)
    trigger = models.CharField(max_length=10, choices=IndexRunTrigger.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who asked for it; empty for the nightly task.",
    )
    duration_ms = models.PositiveIntegerField("duration (ms)", default=0)
    period_start = models.DateTimeField(help_text="The start of the 365 days counted.")
    period_end = models.DateTimeField(help_text="The end of the 365 days counted.")
    weights = models.JSONField(
        help_text="The weight each indicator had in this run (0: left out by its weight)."
    )
    skipped = models.JSONField(
        default=list,
        blank=True,
        help_text="Indicators left out because no ward had a value (e.g. no IMD ranks loaded).",
    )
    ward_count = models.PositiveSmallIntegerField(default=0)

    objects = IndexRunQuerySet.as_manager()

    class Meta:
        ordering = ["-computed_at", "-pk"]
        verbose_name = "index run"

    def __str__(self) -> str:
        return f"Index computed {self.computed_at:%Y-%m-%d %H:%M} ({self.get_trigger_display()})"

    @property
    def by_label(self) -> str:
        if self.by_id is not None:
            return str(self.by)
        if self.trigger == IndexRunTrigger.NIGHTLY:
            return "the nightly task"
        return "a command" if self.trigger == IndexRunTrigger.SYSTEM else "someone since removed"

    def weight_of(self, indicator: str) -> float:
        return float(self.weights.get(indicator, 0))

    def uses(self, indicator: str) -> bool:
        return self.weight_of(indicator) > 0 and indicator not in self.skipped


def _score(label: str) -> models.FloatField:
    return models.FloatField(
        label, null=True, blank=True, help_text="Oriented standardised score; empty if left out."
    )


def _rate(label: str) -> models.FloatField:
    return models.FloatField(label, null=True, blank=True)


class WardIndexScore(models.Model):
    """One ward in one run: the counts, each indicator's raw value, its oriented standardised
    score (z times the indicator's direction), the index value and the rank (1 = highest
    index: need high, capacity thin)."""

    run = models.ForeignKey(IndexRun, on_delete=models.CASCADE, related_name="scores")
    ward = models.ForeignKey("places.Ward", on_delete=models.CASCADE, related_name="index_scores")
    rank = models.PositiveSmallIntegerField()
    index_value = models.FloatField()

    # What the raw values are worked out from.
    population = models.PositiveIntegerField()
    services = models.PositiveIntegerField(default=0)
    referrals = models.PositiveIntegerField(default=0)
    connected_referrals = models.PositiveIntegerField(default=0)
    grant_amount = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    wellbeing_cases = models.PositiveIntegerField(default=0)
    imd_rank = models.PositiveIntegerField("IMD rank", null=True, blank=True)

    # Raw indicator values (empty where the ward has none: no population, no cases).
    services_per_1000 = _rate("services per 1,000 residents")
    referrals_per_1000 = _rate("referrals per 1,000 residents")
    connected_share = _rate("share of referrals connected (0 to 1)")
    grants_per_1000 = _rate("grant money per 1,000 residents (£)")
    wellbeing_change = _rate("mean SWEMWBS change")

    score_services = _score("services score")
    score_referrals = _score("referrals score")
    score_connected = _score("connected share score")
    score_grants = _score("grants score")
    score_wellbeing = _score("wellbeing score")
    score_deprivation = _score("deprivation score")

    class Meta:
        ordering = ["run", "rank"]
        verbose_name = "ward index score"
        constraints = [
            models.UniqueConstraint(fields=["run", "ward"], name="insight_score_one_per_ward"),
            models.UniqueConstraint(fields=["run", "rank"], name="insight_score_one_per_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.ward_id}: rank {self.rank}"
