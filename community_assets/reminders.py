"""The directory's reminder rule (issue 6): a listing nobody has verified for 6 months is
flagged to its keeper. Registered into thriving.notifications from the app's ready()."""

from django.db.models.functions import Coalesce

from thriving.accounts.roles import Role
from thriving.notifications.deadlines import local_day
from thriving.notifications.registry import Due, ReminderRule, link_builder, register

from .models import STALE_AFTER, Service, ServiceStatus, stale_before

CHUNK = 5000


def stale_listings(*, today, now):
    """Active listings whose last verification (or, never verified, their creation) is more
    than 6 months ago, to their keeper."""
    link = link_builder("community_assets:detail")
    rows = (
        Service.objects.filter(status=ServiceStatus.ACTIVE, keeper__is_active=True)
        .annotate(checked=Coalesce("last_verified_at", "created_at"))
        .filter(checked__lt=stale_before(now))
        .order_by("pk")
        .values_list("keeper_id", "pk", "name", "checked")
    )
    for keeper, pk, name, checked in rows.iterator(chunk_size=CHUNK):
        yield Due(
            keeper,
            "service",
            str(pk),
            local_day(checked + STALE_AFTER),
            f"Check the listing “{name}”: not verified for 6 months",
            link(pk),
        )


register(
    ReminderRule(
        kind="directory_listing_stale",
        label="A listing you keep has not been verified for 6 months",
        find=stale_listings,
        roles=frozenset({Role.COMMUNITY_DEVELOPMENT_WORKER}),
    )
)
