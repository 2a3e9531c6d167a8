"""Money and time: a round's budget, and days from submission to decision."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from statistics import median

from django.db.models import DecimalField, F, Min, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from thriving.core.dates import working_days_between

from ..models import Application, Payment, Round
from ..workflow import ACCEPTED_STATUSES, COMMITTED_STATUSES, DECISION_STATUSES, Status

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=12, decimal_places=2)


def _awards_total(round_: Round, statuses) -> Decimal:
    total = Application.objects.filter(round=round_, status__in=statuses).aggregate(
        total=Sum("amount_awarded")
    )["total"]
    return (total or ZERO).quantize(Decimal("0.01"))


def committed_total(round_: Round) -> Decimal:
    """Awards decided in the round (approved onwards), whether accepted or paid yet or not.

    `application_decide` calls this while holding the round's row lock."""
    return _awards_total(round_, COMMITTED_STATUSES)


@dataclass(frozen=True)
class RoundBudget:
    """A round's money, always in the officer's view.

    - committed: every award decided (approved onwards); counts against the budget;
    - awarded: of those, the offers the groups have accepted;
    - offered: approved but not yet accepted;
    - paid: money actually paid out;
    - remaining: budget less committed: what the next award can be at most.
    """

    budget: Decimal
    committed: Decimal
    awarded: Decimal
    offered: Decimal
    paid: Decimal
    remaining: Decimal


def _round_sum(queryset, field_name: str) -> Subquery:
    """A scalar subquery: the sum of a field over rows of one round (0 when there are none)."""
    return Coalesce(
        Subquery(
            queryset.order_by().values("round_key").annotate(total=Sum(field_name)).values("total"),
            output_field=MONEY,
        ),
        Value(ZERO),
        output_field=MONEY,
    )


def round_budget(round_: Round) -> RoundBudget:
    """The round's money in one query (the officer's pages show it on every screen)."""
    awards = Application.objects.filter(round=OuterRef("pk")).annotate(round_key=F("round_id"))
    payments = Payment.objects.filter(application__round=OuterRef("pk")).annotate(
        round_key=F("application__round_id")
    )
    totals = (
        Round.objects.filter(pk=round_.pk)
        .annotate(
            committed=_round_sum(awards.filter(status__in=COMMITTED_STATUSES), "amount_awarded"),
            awarded=_round_sum(awards.filter(status__in=ACCEPTED_STATUSES), "amount_awarded"),
            paid=_round_sum(payments, "amount"),
        )
        .values("committed", "awarded", "paid")
        .get()
    )
    committed, awarded = totals["committed"], totals["awarded"]
    return RoundBudget(
        budget=round_.budget,
        committed=committed,
        awarded=awarded,
        offered=committed - awarded,
        paid=totals["paid"],
        remaining=round_.budget - committed,
    )


@dataclass(frozen=True)
class DecisionTime:
    application: Application
    submitted_on: date
    decided_on: date | None
    working_days: int
    within_target: bool | None  # None while still undecided


@dataclass
class RoundDecisionTimes:
    target: int
    rows: list[DecisionTime]
    median_working_days: float | None
    share_within_target: float | None  # 0..1, of decided applications

    @property
    def decided(self) -> list[DecisionTime]:
        return [row for row in self.rows if row.decided_on is not None]


def _with_decision_moments(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """From the events (the source of every time measure): when it was first submitted and
    when the panel first approved or declined it. A deferral does not stop the clock."""
    return queryset.annotate(
        submitted_event_at=Min("events__at", filter=Q(events__to_status=Status.SUBMITTED)),
        decided_event_at=Min("events__at", filter=Q(events__to_status__in=DECISION_STATUSES)),
    )


def _decision_time(application: Application, target: int, today: date) -> DecisionTime:
    submitted_on = timezone.localdate(application.submitted_event_at)
    decided_on = (
        timezone.localdate(application.decided_event_at) if application.decided_event_at else None
    )
    days = working_days_between(submitted_on, decided_on or today)
    return DecisionTime(
        application=application,
        submitted_on=submitted_on,
        decided_on=decided_on,
        working_days=days,
        within_target=None if decided_on is None else days <= target,
    )


def decision_working_days(application: Application, *, today: date | None = None) -> DecisionTime:
    """Working days from submission to decision for one application (so far, if undecided)."""
    annotated = _with_decision_moments(Application.objects.filter(pk=application.pk)).get()
    return _decision_time(
        annotated, application.round.decision_target_working_days, today or timezone.localdate()
    )


def decision_times(round_: Round, *, today: date | None = None) -> RoundDecisionTimes:
    """Per application of the round, working days from submission to decision (weekends and
    England's bank holidays skipped), with the median and the share decided within the
    round's target, over the applications the panel has decided."""
    today = today or timezone.localdate()
    target = round_.decision_target_working_days
    applications = (
        _with_decision_moments(Application.objects.filter(round=round_).submitted())
        .filter(submitted_event_at__isnull=False)
        .select_related("organisation")
        .order_by("submitted_at")
    )
    rows = [_decision_time(a, target, today) for a in applications]
    decided = [r.working_days for r in rows if r.decided_on is not None]
    within = [r for r in rows if r.within_target]
    return RoundDecisionTimes(
        target=target,
        rows=rows,
        median_working_days=float(median(decided)) if decided else None,
        share_within_target=len(within) / len(decided) if decided else None,
    )
