"""The referral figures: over time, by practice, reason and ward, the funnel, the time
measures and caseloads. Each is one or two GROUP BY queries whatever the number of referrals;
the rows that come back are a few thousand at most (day pairs), usually tens.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from referrals.models import Connection, Referral, ReferralEvent, ReferralReason
from referrals.reminders import ALLOCATE_WITHIN_WORKING_DAYS, FIRST_CONTACT_WITHIN_WORKING_DAYS
from referrals.workflow import ACTIVE_STATUSES, Status
from thriving.accounts.models import Membership
from thriving.accounts.roles import OrganisationKind, Role
from thriving.places.models import Ward

from .figures import DashboardFilters
from .scope import Scope, case_q, london_midnight, referral_q
from .workdays import WorkingDayCalendar, median, span

LONDON = timezone.get_default_timezone()
NO_WARD = "Ward not known"
NO_LINK_WORKER = "No link worker"


def _referrals(scope: Scope, filters: DashboardFilters):
    return Referral.objects.filter(referral_q(scope, filters)).order_by()


def _day(field: str) -> TruncDate:
    return TruncDate(field, tzinfo=LONDON)


# ---------------------------------------------------------------------------------------------
# Day pairs: the weekly series, the allocated and accepted stages and both time measures


@dataclass
class Interval:
    """One time measure: how many referrals finished it in each number of working days, and
    how many are still waiting (by the day they started waiting)."""

    target: int
    done: Counter  # working days -> referrals
    waiting_since: Counter  # start day -> referrals still waiting

    @property
    def completed(self) -> int:
        return sum(self.done.values())

    @property
    def within_target(self) -> int:
        return sum(n for days, n in self.done.items() if days <= self.target)

    def waiting_past_target(self, calendar: WorkingDayCalendar, today: date) -> int:
        return sum(
            n
            for since, n in self.waiting_since.items()
            if calendar.between(since, today) > self.target
        )


@dataclass
class DayPairs:
    submitted_by_day: Counter
    allocated: int
    accepted: int
    allocation: Interval
    first_contact: Interval
    calendar: WorkingDayCalendar


def day_pairs(scope: Scope, filters: DashboardFilters, *, today: date) -> DayPairs:
    """Two GROUP BY queries over (start day, end day) and one calendar read."""
    referrals = _referrals(scope, filters)
    allocation_rows = list(
        referrals.values(
            start=_day("submitted_at"),
            end=_day("allocated_at"),
            waiting=Case(
                When(status=Status.SUBMITTED, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        ).annotate(n=Count("pk"))
    )
    # A first contact attempt is waited for once a link worker has accepted the case and
    # until one is logged; a case closed without one was never contacted, not still waiting.
    contact_rows = list(
        referrals.filter(accepted_at__isnull=False)
        .values(
            start=_day("accepted_at"),
            end=_day("first_contact_at"),
            waiting=Case(
                When(
                    status__in=[Status.ACCEPTED, Status.CONTACTING],
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .annotate(n=Count("pk"))
    )
    days = span(
        [r["start"] for r in allocation_rows + contact_rows]
        + [r["end"] for r in allocation_rows + contact_rows]
        + [today]
    )
    calendar = WorkingDayCalendar(*days)

    submitted_by_day = Counter()
    for row in allocation_rows:
        submitted_by_day[row["start"]] += row["n"]
    allocation = _interval(allocation_rows, calendar, ALLOCATE_WITHIN_WORKING_DAYS)
    first_contact = _interval(contact_rows, calendar, FIRST_CONTACT_WITHIN_WORKING_DAYS)
    return DayPairs(
        submitted_by_day=submitted_by_day,
        allocated=allocation.completed,
        accepted=sum(row["n"] for row in contact_rows),
        allocation=allocation,
        first_contact=first_contact,
        calendar=calendar,
    )


def _interval(rows, calendar: WorkingDayCalendar, target: int) -> Interval:
    done, waiting = Counter(), Counter()
    for row in rows:
        if row["end"] is not None:
            done[calendar.between(row["start"], row["end"])] += row["n"]
        elif row["waiting"]:
            waiting[row["start"]] += row["n"]
    return Interval(target=target, done=done, waiting_since=waiting)


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


def interval_row(label: str, interval: Interval, calendar, today: date) -> dict:
    waiting = interval.waiting_past_target(calendar, today)
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
    rows = (
        _referrals(scope, filters)
        .values("referring_organisation_id", "referring_organisation__name", "ward_id")
        .annotate(n=Count("pk"))
    )
    by_practice, by_ward = Counter(), Counter()
    for row in rows:
        by_practice[row["referring_organisation__name"]] += row["n"]
        by_ward[row["ward_id"]] += row["n"]
    return by_practice, by_ward


def ward_names(filters: DashboardFilters) -> list[tuple[int, str]]:
    wards = Ward.objects.order_by("name")
    if filters.ward_id is not None:
        wards = wards.filter(pk=filters.ward_id)
    return list(wards.values_list("pk", "name"))


def reason_counts(scope: Scope, filters: DashboardFilters) -> list[tuple[str, int]]:
    """Referrals per reason; a referral giving two reasons counts under each. Every active
    reason is listed, with 0 where none gave it."""
    through = Referral.reasons.through
    counts = dict(
        through.objects.filter(referral_q(scope, filters, "referral__"))
        .order_by()
        .values("referralreason_id")
        .annotate(n=Count("pk"))
        .values_list("referralreason_id", "n")
    )
    reasons = ReferralReason.objects.filter(Q(is_active=True) | Q(pk__in=list(counts)))
    return [(reason.label, counts.get(reason.pk, 0)) for reason in reasons]


def funnel_counts(scope: Scope, filters: DashboardFilters) -> dict[str, int]:
    """Engaged and closed-with-a-connection: "ever" stages, read from the history. Each is a
    count with EXISTS in the WHERE clause, which PostgreSQL runs as a hash semi-join; inside
    a FILTER (one query for both) it would probe row by row. The events and connections
    looked at are limited to what can belong to referrals submitted in the range."""
    start = london_midnight(filters.date_from)
    referrals = _referrals(scope, filters)
    engaged_event = ReferralEvent.objects.filter(
        referral_id=OuterRef("pk"), to_status=Status.ENGAGED, at__gte=start
    )
    attending = Connection.objects.filter(
        referral_id=OuterRef("pk"),
        attending_from__isnull=False,
        attending_from__gte=filters.date_from,
    )
    return {
        "engaged": referrals.filter(Exists(engaged_event)).count(),
        "connected": referrals.filter(Exists(attending), status=Status.CLOSED).count(),
    }


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
        Referral.objects.filter(case_q(scope, filters), status__in=sorted(ACTIVE_STATUSES))
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
