"""How each provider usually responds to referrals, for referrers (issue 5): over the last 90
days, the median working days from submission to the first contact attempt, and the share
of its decisions on referrals allocated to it that were acceptances.

Definitions (also in the page's own words, templates/referrals/includes/provider_response.html):

- Days to first contact: for referrals whose first contact attempt was in the window, the
  working days after the day the referrer sent it up to and including the day of the first
  attempt (a referral sent on Friday and first tried on Monday took 1 working day). Days are
  London days; weekends and England and Wales bank holidays do not count.
- Share accepted: the provider's decisions in the window on referrals allocated to it —
  accepting one (it reached `accepted_at`), rejecting one, or returning one to the borough's
  inbox — and the share of those that were acceptances. Referrals still waiting for a
  decision are not counted either way.

Everything is counted in SQL, the same on PostgreSQL and SQLite: working days through the
calendar table (thriving.core.calendar), and referrals counted per provider and number of
working days, whose median thriving.core.medians takes.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from thriving.accounts.models import Organisation
from thriving.accounts.roles import OrganisationKind, Role
from thriving.core.calendar import ensure_calendar
from thriving.core.medians import median
from thriving.core.models import CalendarDay

from .models import Referral, ReferralEvent
from .workflow import Status

WINDOW_DAYS = 90
# Below this many referrals a figure says more about a person than about the provider.
FEWEST_FOR_A_FIGURE = 5


@dataclass(frozen=True)
class ProviderResponse:
    provider_id: object
    name: str
    contacted: int
    median_working_days: float | None
    decided: int
    accepted: int

    @property
    def share_accepted(self) -> float | None:
        return self.accepted / self.decided if self.decided else None


def window_start(today: date) -> datetime:
    """Midnight (London) at the start of the 90 days that end today."""
    start = today - timedelta(days=WINDOW_DAYS - 1)
    return timezone.make_aware(datetime.combine(start, time.min))


def _through(day_annotation: str) -> Subquery:
    return Subquery(
        CalendarDay.objects.filter(day=OuterRef(day_annotation)).values("working_days_through")[:1]
    )


def _contact_working_days(start: datetime):
    """Referrals first contacted in the window, each with its working days from submission."""
    london = ZoneInfo(settings.TIME_ZONE)
    return (
        Referral.objects.filter(provider__isnull=False, first_contact_at__gte=start)
        .filter(first_contact_at__gte=F("submitted_at"))
        .annotate(
            submitted_day=TruncDate("submitted_at", tzinfo=london),
            contacted_day=TruncDate("first_contact_at", tzinfo=london),
        )
        .annotate(working_days=_through("contacted_day") - _through("submitted_day"))
    )


def _medians(start: datetime) -> dict[object, tuple[int, float | None]]:
    """provider id -> (referrals first contacted, median working days)."""
    histograms: dict[object, Counter] = {}
    rows = (
        _contact_working_days(start)
        .values("provider_id", "working_days")
        .annotate(referrals=Count("pk"))
        .order_by()
        .values_list("provider_id", "working_days", "referrals")
    )
    for provider, working_days, referrals in rows:
        histograms.setdefault(provider, Counter())[working_days] += referrals
    return {
        provider: (histogram.total(), median(histogram))
        for provider, histogram in histograms.items()
    }


def _decisions(start: datetime) -> dict[object, tuple[int, int]]:
    """provider id -> (accepted, rejected) in the window. A rejected referral that still
    names a provider was rejected by that provider's coordinator (triage rejections have
    none)."""
    accepted = Q(accepted_at__gte=start)
    rejected = Q(status=Status.REJECTED, closed_at__gte=start, allocated_at__isnull=False)
    rows = (
        Referral.objects.filter(provider__isnull=False)
        .filter(accepted | rejected)
        .values("provider_id")
        .annotate(accepted=Count("pk", filter=accepted), rejected=Count("pk", filter=rejected))
        .order_by()
        .values_list("provider_id", "accepted", "rejected")
    )
    return {provider: (accepted, rejected) for provider, accepted, rejected in rows}


def _returns(start: datetime) -> dict[object, int]:
    """provider id -> referrals returned to the inbox in the window. Returning clears the
    referral's provider, so the provider is the one whose coordinator returned it."""
    rows = (
        ReferralEvent.objects.filter(
            from_status=Status.ALLOCATED,
            to_status=Status.SUBMITTED,
            at__gte=start,
            actor__memberships__role=Role.COORDINATOR,
            actor__memberships__organisation__kind=OrganisationKind.PROVIDER,
        )
        .values("actor__memberships__organisation_id")
        .annotate(returned=Count("pk", distinct=True))
        .order_by()
        .values_list("actor__memberships__organisation_id", "returned")
    )
    return dict(rows)


def provider_responses(*, today: date | None = None) -> list[ProviderResponse]:
    """Every active provider, by name, with its figures for the 90 days that end today.
    A fixed handful of queries, however many referrals and providers."""
    today = today or timezone.localdate()
    ensure_calendar(today=today)
    start = window_start(today)
    medians = _medians(start)
    decisions = _decisions(start)
    returns = _returns(start)
    results = []
    for provider in Organisation.objects.providers().order_by("name").only("pk", "name"):
        contacted, median = medians.get(provider.pk, (0, None))
        accepted, rejected = decisions.get(provider.pk, (0, 0))
        results.append(
            ProviderResponse(
                provider_id=provider.pk,
                name=provider.name,
                contacted=contacted,
                median_working_days=median,
                decided=accepted + rejected + returns.get(provider.pk, 0),
                accepted=accepted,
            )
        )
    return results
