"""The referral figures: over time, by practice, reason and ward, the funnel, the time
measures and caseloads. Each is one or two GROUP BY queries whatever the number of referrals;
the rows that come back are a few thousand at most (days submitted by working days taken),
usually tens.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from referrals.models import ReferralReason
from referrals.reminders import ALLOCATE_WITHIN_WORKING_DAYS, FIRST_CONTACT_WITHIN_WORKING_DAYS
from referrals.workflow import ACTIVE_STATUSES, Status
from thriving.accounts.models import Membership, Organisation
from thriving.accounts.roles import OrganisationKind, Role
from thriving.core.dates import is_working_day
from thriving.core.medians import median
from thriving.places.models import Ward

from ..models import ReferralFact, ReferralReasonFact
from .figures import DashboardFilters
from .scope import Scope, case_q, fact_q, facts

LONDON = timezone.get_default_timezone()
NO_WARD = "Ward not known"
NO_LINK_WORKER = "No link worker"


# ---------------------------------------------------------------------------------------------
# Day counts: the weekly series, the allocated and accepted stages and both time measures


@dataclass
class Interval:
    """One time measure: how many referrals finished it in each number of working days, and
    how many are still waiting past the target."""

    target: int
    done: Counter  # working days -> referrals
    waiting_past: int = 0  # still waiting, more than `target` working days since they started

    @property
    def completed(self) -> int:
        return sum(self.done.values())

    @property
    def within_target(self) -> int:
        return sum(n for days, n in self.done.items() if days <= self.target)


@dataclass
class DayPairs:
    submitted_by_day: Counter
    allocated: int
    accepted: int
    allocation: Interval
    first_contact: Interval
    engaged: int = 0  # ever marked engaged
    connected: int = 0  # closed with a connection that reached attending


def day_pairs(scope: Scope, filters: DashboardFilters, *, today: date) -> DayPairs:
    """One GROUP BY query over the referral facts by the day submitted (a Europe/London date)
    and the working days each time measure took (worked out when the facts were refreshed,
    thriving.insight.facts), which also counts the accepted, the "ever" funnel stages and
    those still waiting past each target (started on or before a cutoff day worked out once
    here). Both time measures are sums over its rows."""
    allocation_cutoff = last_day_past_target(today, ALLOCATE_WITHIN_WORKING_DAYS)
    contact_cutoff = last_day_past_target(today, FIRST_CONTACT_WITHIN_WORKING_DAYS)
    with transaction.atomic():
        _tune_for_grouping()
        rows = _day_rows(scope, filters, allocation_cutoff, contact_cutoff)
    submitted_by_day = Counter()
    allocation = Interval(target=ALLOCATE_WITHIN_WORKING_DAYS, done=Counter())
    first_contact = Interval(target=FIRST_CONTACT_WITHIN_WORKING_DAYS, done=Counter())
    accepted = engaged = connected = 0
    for submitted, alloc_days, contact_days, n, acc, late_a, late_c, eng, conn in rows:
        submitted_by_day[submitted] += n
        if alloc_days is not None:
            allocation.done[alloc_days] += n
        if contact_days is not None:
            first_contact.done[contact_days] += n
        allocation.waiting_past += late_a
        first_contact.waiting_past += late_c
        accepted += acc
        engaged += eng
        connected += conn
    return DayPairs(
        submitted_by_day=submitted_by_day,
        allocated=allocation.completed,
        accepted=accepted,
        allocation=allocation,
        first_contact=first_contact,
        engaged=engaged,
        connected=connected,
    )


def last_day_past_target(today: date, target: int) -> date:
    """The latest day from which more than `target` working days have passed by `today`
    (working days after it up to and including today): whatever started waiting on or
    before it and still waits has missed the target."""
    day, passed = today, 0
    while passed <= target:
        passed += int(is_working_day(day))
        day -= timedelta(days=1)
    return day


def _tune_for_grouping() -> None:
    """PostgreSQL: over years of referrals the rows are thousands of groups; give this
    transaction the memory to group them in a hash table rather than sort on disk, and no JIT
    compilation (which takes longer than the query itself)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL work_mem = '32MB'")


def _day_rows(
    scope: Scope, filters: DashboardFilters, allocation_cutoff: date, contact_cutoff: date
) -> list[tuple]:
    return list(
        facts(scope, filters)
        .values("submitted_on", "allocation_working_days", "contact_working_days")
        .annotate(
            n=Count("*"),
            accepted_n=Count("pk", filter=Q(accepted_on__isnull=False)),
            # Waiting for allocation (still submitted) since on or before the cutoff.
            late_allocation=Count(
                "pk",
                filter=Q(
                    status=Status.SUBMITTED,
                    allocated_on__isnull=True,
                    submitted_on__lte=allocation_cutoff,
                ),
            ),
            # A first contact attempt is waited for once a link worker has accepted the case
            # and until one is logged; a case closed without one was never contacted.
            late_contact=Count(
                "pk",
                filter=Q(
                    status__in=[Status.ACCEPTED, Status.CONTACTING],
                    first_contact_on__isnull=True,
                    accepted_on__lte=contact_cutoff,
                ),
            ),
            engaged_n=Count("pk", filter=Q(engaged=True)),
            connected_n=Count("pk", filter=Q(attended=True, status=Status.CLOSED)),
        )
        .values_list(
            "submitted_on",
            "allocation_working_days",
            "contact_working_days",
            "n",
            "accepted_n",
            "late_allocation",
            "late_contact",
            "engaged_n",
            "connected_n",
        )
    )


def weekly_counts(pairs: DayPairs, filters: DashboardFilters) -> list[tuple[date, int]]:
    """Referrals per week (weeks start on Monday), every week of the range, empty ones too."""
    by_week = Counter()
    for day, n in pairs.submitted_by_day.items():
        by_week[day - timedelta(days=day.weekday())] += n
    first = filters.date_from - timedelta(days=filters.date_from.weekday())
    weeks = []
    week = first
    while week <= filters.date_to:
        weeks.append((week, by_week.get(week, 0)))
        week += timedelta(days=7)
    return weeks


def interval_row(label: str, interval: Interval) -> dict:
    waiting = interval.waiting_past
    counted = interval.completed + waiting
    return {
        "measure": label,
        "target": f"{interval.target} working day{'s' if interval.target != 1 else ''}",
        "completed": interval.completed,
        "median": median(interval.done),
        "waiting_past_target": waiting,
        "counted": counted,
        "within_target": interval.within_target,
        "share_within_target": _percent(interval.within_target, counted),
    }


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# ---------------------------------------------------------------------------------------------
# Breakdowns


def practice_and_ward_counts(scope: Scope, filters: DashboardFilters):
    """One GROUP BY (practice, ward): both breakdowns are sums over its rows."""
    rows = list(
        facts(scope, filters).values("referring_organisation_id", "ward_id").annotate(n=Count("*"))
    )
    names = dict(
        Organisation.objects.filter(
            pk__in={row["referring_organisation_id"] for row in rows}
        ).values_list("pk", "name")
    )
    by_practice, by_ward = Counter(), Counter()
    for row in rows:
        by_practice[names.get(row["referring_organisation_id"], "")] += row["n"]
        by_ward[row["ward_id"]] += row["n"]
    return by_practice, by_ward


def ward_names(filters: DashboardFilters) -> list[tuple[int, str]]:
    wards = Ward.objects.order_by("name")
    if filters.ward_id is not None:
        wards = wards.filter(pk=filters.ward_id)
    return list(wards.values_list("pk", "name"))


def reason_sums(scope: Scope, filters: DashboardFilters) -> dict:
    """Per reason id: (referrals, referrals with a SWEMWBS change, the sum of those changes),
    one GROUP BY over the reason facts (one row per reason a referral gives) for both reason
    figures; a referral giving two reasons counts under each."""
    rows = (
        ReferralReasonFact.objects.filter(fact_q(scope, filters))
        .order_by()
        .values("reason_id")
        .annotate(
            n=Count("*"),  # COUNT(*): answered from the covering index alone
            measured=Count("swemwbs_change"),
            total=Sum("swemwbs_change"),
        )
        .values_list("reason_id", "n", "measured", "total")
    )
    return {reason_id: (n, measured, total) for reason_id, n, measured, total in rows}


def reason_counts(sums: dict) -> list[tuple[str, int]]:
    """Referrals per reason (from reason_sums). Every active reason is listed, with 0 where
    none gave it."""
    reasons = ReferralReason.objects.filter(Q(is_active=True) | Q(pk__in=list(sums)))
    return [(reason.label, sums.get(reason.pk, (0,))[0]) for reason in reasons]


def funnel_counts(pairs: DayPairs) -> dict[str, int]:
    """Engaged and closed-with-a-connection: "ever" stages, kept in the referral facts
    (thriving.insight.facts) and counted with the day pairs."""
    return {"engaged": pairs.engaged, "connected": pairs.connected}


# ---------------------------------------------------------------------------------------------
# Caseloads: today's, whenever the cases were referred


@dataclass(frozen=True)
class CaseloadRow:
    provider: str
    link_worker: str
    open_cases: int


def caseloads(scope: Scope, filters: DashboardFilters) -> list[CaseloadRow]:
    """Open cases (accepted, contacting, engaged, on hold) per provider and link worker, with
    every active link worker of the providers in scope listed, 0 where they have none."""
    counts = (
        ReferralFact.objects.filter(case_q(scope, filters), status__in=sorted(ACTIVE_STATUSES))
        .order_by()
        .values("provider_id", "provider__name", "link_worker_id", "link_worker__full_name")
        .annotate(n=Count("pk"))
    )
    members = Membership.objects.filter(
        role=Role.LINK_WORKER,
        is_active=True,
        user__is_active=True,
        organisation__is_active=True,
        organisation__kind=OrganisationKind.PROVIDER,
    )
    if not scope.whole_programme:
        members = members.filter(organisation_id__in=sorted(scope.provider_ids, key=str))
    found = defaultdict(int)
    names = {}
    for row in counts:
        key = (row["provider_id"], row["link_worker_id"])
        found[key] += row["n"]
        names[key] = (row["provider__name"] or "", row["link_worker__full_name"] or NO_LINK_WORKER)
    for provider_id, provider, user_id, worker in members.values_list(
        "organisation_id", "organisation__name", "user_id", "user__full_name"
    ):
        key = (provider_id, user_id)
        found[key] += 0
        names.setdefault(key, (provider, worker))
    rows = [CaseloadRow(*names[key], found[key]) for key in found]
    return sorted(rows, key=lambda r: (r.provider, r.link_worker == NO_LINK_WORKER, r.link_worker))
