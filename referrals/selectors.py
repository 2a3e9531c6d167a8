"""Every read a page or the API needs, scoped to what the user may see."""

from django.db.models import Count, Q, QuerySet

from thriving.accounts.models import Membership, User
from thriving.accounts.roles import Role

from .models import ContactOutcome, Referral, ReferralEvent
from .workflow import ACTIVE_STATUSES, OPEN_STATUSES, Status


def _visibility(user: User) -> Q:
    referrer_orgs = user.organisation_ids_for(Role.REFERRER)
    provider_orgs = user.organisation_ids_for(Role.LINK_WORKER, Role.COORDINATOR)
    q = Q(pk__in=[])
    if referrer_orgs:
        q |= Q(referring_organisation_id__in=referrer_orgs)
    if provider_orgs:
        q |= Q(provider_id__in=provider_orgs)
    if user.has_role(Role.COORDINATOR):
        q |= Q(provider__isnull=True, status=Status.SUBMITTED)
    return q


def referrals_for(user: User) -> QuerySet[Referral]:
    """All referrals the user may see, with what list pages show already joined."""
    if not user.is_authenticated:
        return Referral.objects.none()
    return Referral.objects.filter(_visibility(user)).with_list_relations()


def referral_get(*, user: User, referral_id) -> Referral:
    """One referral the user may see; raises Referral.DoesNotExist otherwise (a 404)."""
    return referrals_for(user).prefetch_related("reasons").get(pk=referral_id)


def referral_timeline(*, referral: Referral) -> QuerySet[ReferralEvent]:
    return referral.events.select_related("actor").order_by("at", "pk")


def referrals_made_by_organisation(user: User) -> QuerySet[Referral]:
    orgs = user.organisation_ids_for(Role.REFERRER)
    return (
        Referral.objects.filter(referring_organisation_id__in=orgs)
        .with_list_relations()
        .prefetch_related("reasons")
    )


def caseload_for(user: User) -> QuerySet[Referral]:
    """The link worker's own open cases."""
    return (
        Referral.objects.filter(
            link_worker=user,
            status__in=ACTIVE_STATUSES,
            provider_id__in=user.organisation_ids_for(Role.LINK_WORKER, Role.COORDINATOR),
        )
        .with_list_relations()
        .annotate(
            failed_attempts=Count(
                "contact_attempts",
                filter=Q(contact_attempts__outcome__in=ContactOutcome.failed()),
            )
        )
    )


def organisation_cases_for(user: User) -> QuerySet[Referral]:
    """Every referral allocated to the coordinator's organisations."""
    return Referral.objects.filter(
        provider_id__in=user.organisation_ids_for(Role.COORDINATOR)
    ).with_list_relations()


def coordinator_inbox(user: User) -> QuerySet[Referral]:
    """New work waiting for a coordinator: the borough's unallocated referrals, and those
    allocated to their organisation that no link worker has accepted yet."""
    if not user.has_role(Role.COORDINATOR):
        return Referral.objects.none()
    orgs = user.organisation_ids_for(Role.COORDINATOR)
    return (
        Referral.objects.filter(
            Q(status=Status.SUBMITTED, provider__isnull=True)
            | Q(status=Status.ALLOCATED, provider_id__in=orgs)
        )
        .with_list_relations()
        .prefetch_related("reasons")
        .order_by("-urgency", "submitted_at")
    )


def link_workers_of(*, organisation_ids) -> QuerySet[User]:
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id__in=organisation_ids,
            memberships__role=Role.LINK_WORKER,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("full_name")
    )


def open_referrals_for_nhs_number(*, nhs_number: str) -> QuerySet[Referral]:
    return Referral.objects.filter(nhs_number=nhs_number, status__in=OPEN_STATUSES).select_related(
        "referring_organisation", "provider"
    )


def memberships_for(user: User) -> QuerySet[Membership]:
    return user.memberships.select_related("organisation")


def awaiting_acceptance_for(user: User) -> QuerySet[Referral]:
    """Referrals allocated to the link worker's organisations that nobody has accepted yet:
    what a link worker can pick up, urgent and longest-waiting first."""
    return (
        Referral.objects.filter(
            status=Status.ALLOCATED,
            provider_id__in=user.organisation_ids_for(Role.LINK_WORKER),
        )
        .with_list_relations()
        .order_by("-urgency", "allocated_at", "submitted_at")
    )
