"""Funds and their rounds: the money, the rules of a round, its questions, criteria and panel."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .money import money_field


class Fund(models.Model):
    """A pot of money with a purpose (e.g. Fast Action grants); it is spent through rounds."""

    name = models.CharField(max_length=150, unique=True)
    code = models.SlugField(
        max_length=50,
        unique=True,
        help_text="Short code used in published data, e.g. fast-action.",
    )
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RoundQuerySet(models.QuerySet):
    def open_on(self, day: date):
        """Rounds taking applications on `day`: opened, and either rolling or not yet closed."""
        return self.filter(
            Q(opens_on__lte=day) & (Q(is_rolling=True) | Q(closes_on__gte=day)),
            fund__is_active=True,
        )

    def open_now(self):
        return self.open_on(timezone.localdate())


class Round(models.Model):
    """One round of a fund: its budget and award limits, dates, questions, criteria and panel.

    The budget is a hard ceiling: `services.application_decide` locks this row while it adds
    up what is already committed, so two decisions at the same moment cannot overspend it.
    """

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    budget = money_field(help_text="The most this round can award in total, in pounds.")
    min_award = money_field("Minimum award", default=Decimal("0.00"))
    max_award = money_field("Maximum award")
    opens_on = models.DateField()
    closes_on = models.DateField(
        null=True, blank=True, help_text="Leave empty for a rolling round that never closes."
    )
    is_rolling = models.BooleanField(
        default=False, help_text="Takes applications all year, with no closing date."
    )
    panel_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="grant_panels"
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grant_rounds_chaired",
        help_text="May decide applications, like a grant officer.",
    )
    quorum = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1)],
        help_text="Complete scores from unconflicted panel members needed before a decision.",
    )
    decision_target_working_days = models.PositiveSmallIntegerField(
        default=10, help_text="Working days from submission to decision the round aims for."
    )
    monitoring_weeks = models.PositiveSmallIntegerField(
        default=8, help_text="Weeks after the project ends that the monitoring report is due."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "name"], name="grants_round_unique_name"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="grants_round_budget_gte_0"),
            models.CheckConstraint(
                condition=Q(min_award__gte=0), name="grants_round_min_award_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(max_award__gte=models.F("min_award")),
                name="grants_round_max_award_gte_min",
            ),
            models.CheckConstraint(
                condition=Q(is_rolling=True, closes_on__isnull=True)
                | Q(is_rolling=False, closes_on__isnull=False),
                name="grants_round_rolling_xor_closes_on",
            ),
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(closes_on__gte=models.F("opens_on")),
                name="grants_round_closes_after_opening",
            ),
            models.CheckConstraint(condition=Q(quorum__gte=1), name="grants_round_quorum_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.fund.name}: {self.name}" if self.fund_id else self.name

    def clean(self):
        errors = {}
        if self.is_rolling and self.closes_on:
            errors["closes_on"] = "A rolling round has no closing date: clear it or untick rolling."
        if not self.is_rolling and not self.closes_on:
            errors["closes_on"] = "Enter the closing date, or tick rolling."
        if self.closes_on and self.opens_on and self.closes_on < self.opens_on:
            errors["closes_on"] = "The closing date must be on or after the opening date."
        if (
            self.max_award is not None
            and self.min_award is not None
            and self.max_award < self.min_award
        ):
            errors["max_award"] = "The maximum award must be at least the minimum award."
        if errors:
            raise ValidationError(errors)

    def is_open_on(self, day: date) -> bool:
        if self.opens_on > day:
            return False
        return self.is_rolling or (self.closes_on is not None and self.closes_on >= day)

    @property
    def is_open(self) -> bool:
        return self.is_open_on(timezone.localdate())

    @property
    def panel_member_ids(self) -> set[int]:
        """Ids of the panel. Reads `panel_members.all()`, so a selector's
        `prefetch_related("round__panel_members")` makes permission checks free of queries."""
        return {member.pk for member in self.panel_members.all()}


class EligibilityQuestion(models.Model):
    """A yes/no question every applicant answers, e.g. "Is your group based in Oldham?".

    `expected_answer` is the answer an eligible group gives; the officer sees mismatches
    flagged, but the decision to pass or fail eligibility stays theirs.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="eligibility_questions")
    text = models.CharField(max_length=300)
    help_text = models.CharField(max_length=300, blank=True)
    expected_answer = models.BooleanField(
        null=True, blank=True, help_text="The answer an eligible group gives (empty: no rule)."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["round", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class Criterion(models.Model):
    """A scoring criterion: panel members score every criterion of the round from 1 to 5."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=150)
    guidance = models.TextField(blank=True, help_text="What a 1, a 3 and a 5 look like.")
    weight = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["round", "position", "pk"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="grants_criterion_unique_name"),
            models.CheckConstraint(
                condition=Q(weight__gte=1), name="grants_criterion_weight_gte_1"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReferenceCounter(models.Model):
    """The last application number given out in a year (FA-2026-0001, FA-2026-0002, ...).

    A row per year, locked while a reference is taken, so two submissions at the same moment
    never get the same number and numbers are not skipped by rolled-back submissions.
    """

    year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"
