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


# ---------------------------------------------------------------------------------------------
# Referral facts: one narrow row per referral for the dashboard and the index (facts.py)


def _ons4_answer(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(label, null=True, blank=True)


def _copied_key(to, *, null: bool = False):
    """A key copied from the referral into a fact row: read for grouping and names only, with
    no database constraint or index of its own (the facts are rebuilt in bulk and carry their
    own covering indexes)."""
    return models.ForeignKey(
        to,
        null=null,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )


class ReferralFact(models.Model):
    """What the dashboard and the index count about one referral, worked out in SQL from the
    referral, its history, its connections and its measures (thriving.insight.facts).

    Derived data only, never edited: no person details (no names, NHS number, date of birth,
    address), so anonymising a referral changes nothing here. Dates are Europe/London dates.
    Kept fresh when a referral, its events, connections, measures or reasons change (on
    commit), and rebuilt whole every 15 minutes and before the nightly index.
    """

    referral = models.OneToOneField(
        "referrals.Referral",
        primary_key=True,
        on_delete=models.CASCADE,
        db_constraint=False,  # rebuilt in bulk: no per-row check; deleting a referral still
        related_name="fact",  # deletes its fact (Django's CASCADE)
    )
    submitted_at = models.DateTimeField()
    submitted_on = models.DateField()
    provider = _copied_key("accounts.Organisation", null=True)
    link_worker = _copied_key(settings.AUTH_USER_MODEL, null=True)
    ward = _copied_key("places.Ward", null=True)
    referring_organisation = _copied_key("accounts.Organisation")
    status = models.CharField(max_length=20)
    allocated_on = models.DateField(null=True)
    accepted_on = models.DateField(null=True)
    first_contact_on = models.DateField(null=True)
    # Working days (England and Wales) after one date up to and including the other, from the
    # calendar table (thriving.core.calendar): empty until the interval ends.
    allocation_working_days = models.PositiveSmallIntegerField(
        null=True, help_text="Working days from submitted to allocated."
    )
    contact_working_days = models.PositiveSmallIntegerField(
        null=True, help_text="Working days from accepted to the first contact attempt."
    )
    engaged = models.BooleanField(help_text="Its history shows it marked engaged.")
    attended = models.BooleanField(help_text="A connection made reached attending.")
    connected_now = models.BooleanField(help_text="A connection is contacted or attending now.")
    # SWEMWBS: the latest end metric score minus the earliest start one (empty unless both).
    swemwbs_change = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    swemwbs_end_on = models.DateField(null=True, help_text="When the latest end was taken.")
    # ONS4 answers at the earliest start and the latest end (empty unless both).
    ons_life_satisfaction_start = _ons4_answer("life satisfaction at the start")
    ons_life_satisfaction_end = _ons4_answer("life satisfaction at the end")
    ons_worthwhile_start = _ons4_answer("worthwhile at the start")
    ons_worthwhile_end = _ons4_answer("worthwhile at the end")
    ons_happiness_start = _ons4_answer("happiness at the start")
    ons_happiness_end = _ons4_answer("happiness at the end")
    ons_anxiety_start = _ons4_answer("anxiety at the start")
    ons_anxiety_end = _ons4_answer("anxiety at the end")

    class Meta:
        verbose_name = "referral fact"
        indexes = [
            # The dashboard's date range; INCLUDE (PostgreSQL) lets the busiest reads
            # answer from the index alone. SQLite ignores include.
            models.Index(
                fields=["submitted_on"],
                include=[
                    "allocated_on",
                    "status",
                    "engaged",
                    "attended",
                    "provider",
                    "ward",
                ],
                name="insight_fact_submitted_on",
            ),
            models.Index(fields=["status"], name="insight_fact_status"),
        ]

    def __str__(self) -> str:
        return f"Facts of referral {self.referral_id}"


class ReferralReasonFact(models.Model):
    """One row per reason a referral gives (a referral giving two has two), with the little
    the by-reason figures need copied from its referral fact, so they count one narrow table
    instead of joining the referrals' reasons to the facts (thriving.insight.facts rebuilds
    both together, in the same refresh).

    Derived data only, never edited, no person details."""

    referral = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.CASCADE,
        db_constraint=False,  # as ReferralFact: rebuilt in bulk, deleted with the referral
        related_name="reason_facts",
    )
    reason = _copied_key("referrals.ReferralReason")
    submitted_on = models.DateField()
    provider = _copied_key("accounts.Organisation", null=True)
    ward = _copied_key("places.Ward", null=True)
    swemwbs_change = models.DecimalField(max_digits=5, decimal_places=2, null=True)

    class Meta:
        verbose_name = "referral reason fact"
        indexes = [
            # The date range; INCLUDE (PostgreSQL) answers the by-reason figures from the
            # index alone. SQLite ignores include.
            models.Index(
                fields=["submitted_on"],
                include=["reason", "provider", "ward", "swemwbs_change"],
                name="insight_reasonfact_submitted",
            ),
        ]

    def __str__(self) -> str:
        return f"Reason {self.reason_id} of referral {self.referral_id}"


class FactsRefresh(models.Model):
    """When the referral facts were last rebuilt whole (one row, pk 1)."""

    finished_at = models.DateTimeField()
    referrals = models.PositiveIntegerField(default=0)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "referral facts refresh"

    def __str__(self) -> str:
        return f"Referral facts rebuilt {self.finished_at:%Y-%m-%d %H:%M}"
