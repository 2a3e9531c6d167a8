"""Whose referrals a dashboard covers, and whether its small numbers are suppressed.

The programme lead sees the whole programme, or one provider they choose. A coordinator sees
their own provider organisation(s) only: a provider id that is not theirs is ignored, never
honoured. Figures are suppressed (thriving.core.suppression) unless every case behind
them belongs to an organisation where the viewer is a coordinator, i.e. cases they can open.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from thriving.accounts.roles import Role

from .figures import DashboardFilters
from .permissions import can_choose_provider, can_view_dashboard


@dataclass(frozen=True)
class Scope:
    whole_programme: bool  # every referral, including those not yet allocated
    provider_ids: frozenset  # when not the whole programme: these providers' referrals only
    suppressed: bool


def dashboard_scope(*, user, provider_id=None) -> Scope:
    if not can_view_dashboard(user):
        raise PermissionDenied("Only the programme lead and coordinators can see the dashboard.")
    own = frozenset(user.organisation_ids_for(Role.COORDINATOR))
    if can_choose_provider(user):
        if provider_id is None:
            return Scope(whole_programme=True, provider_ids=frozenset(), suppressed=True)
        chosen = frozenset({provider_id})
        return Scope(whole_programme=False, provider_ids=chosen, suppressed=not chosen <= own)
    chosen = frozenset({provider_id}) if provider_id in own else own
    return Scope(whole_programme=False, provider_ids=chosen, suppressed=False)


def london_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def submitted_between(filters: DashboardFilters) -> tuple[datetime, datetime]:
    """The moments the date range covers: from 00:00 on `date_from` to just before 00:00 on
    the day after `date_to`, Europe/London (so BST and GMT days are whole days)."""
    return london_midnight(filters.date_from), london_midnight(filters.date_to + timedelta(days=1))


def referral_q(scope: Scope, filters: DashboardFilters, prefix: str = "") -> Q:
    """The referrals a dashboard counts, as a Q usable from Referral (prefix "") or from a
    model that points at one (prefix "referral__")."""
    start, end = submitted_between(filters)
    q = Q(**{f"{prefix}submitted_at__gte": start, f"{prefix}submitted_at__lt": end})
    return q & case_q(scope, filters, prefix)


def case_q(scope: Scope, filters: DashboardFilters, prefix: str = "") -> Q:
    """The provider and ward part of the scope, without the date range (for today's
    caseload)."""
    q = Q()
    if not scope.whole_programme:
        q &= Q(**{f"{prefix}provider_id__in": sorted(scope.provider_ids, key=str)})
    if filters.ward_id is not None:
        q &= Q(**{f"{prefix}ward_id": filters.ward_id})
    return q


def fact_q(scope: Scope, filters: DashboardFilters) -> Q:
    """The same referrals as referral_q, for thriving.insight.models.ReferralFact (or
    ReferralReasonFact, which has the same columns), whose `submitted_on` is already the
    Europe/London date."""
    q = Q(submitted_on__gte=filters.date_from, submitted_on__lte=filters.date_to)
    return q & case_q(scope, filters)


def facts(scope: Scope, filters: DashboardFilters):
    from ..models import ReferralFact

    return ReferralFact.objects.filter(fact_q(scope, filters)).order_by()
