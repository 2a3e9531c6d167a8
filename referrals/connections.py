"""Connections from a case to the community directory: the writes, the reads, and the map
from a referral's reasons to the directory's categories.

Each change writes an event on the case's timeline and hands the listing's fresh counts to the
directory (`community_assets.services.service_reach_record`), which never reads referrals
itself. Services take keyword-only arguments and never a request, like referrals.services.
"""

from datetime import date
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from community_assets.models import Service, ServiceStatus, TaxonomyTerm
from community_assets.services import service_reach_record
from thriving.accounts.models import User

from . import permissions
from .connection_workflow import (
    LIVE_CONNECTION_STATUSES,
    MOVES,
    ConnectionStatus,
    can_move,
)
from .models import Connection, EventKind, Referral, ReferralEvent
from .presenters import format_date
from .workflow import ACTIVE_STATUSES, TransitionNotAllowed

# Which directory categories (TaxonomyTerm codes) fit each referral reason (ReferralReason
# codes). A parent category finds its children, so "walking-sport" finds walking groups too.
REASON_CATEGORIES: dict[str, tuple[str, ...]] = {
    "loneliness": ("social", "peer-support"),
    "low-mood": ("mental-health-support", "arts", "gardening"),
    "physical-inactivity": ("walking-sport",),
    "money-debt": ("money-advice", "debt-advice", "benefits-advice"),
    "housing": ("housing-advice",),
    "employment": ("volunteering", "learning", "digital-skills"),
    "carer-support": ("carers",),
    "bereavement": ("bereavement",),
    "long-term-condition": ("long-term-conditions",),
    "weight-healthy-eating": ("cookery", "walking-sport"),
    "frequent-attendance": ("social", "peer-support"),
}

NOT_OPEN_MESSAGE = "Connections can change only while the case is accepted and open."


# ------------------------------------------------------------------------------------------
# Reads
# ------------------------------------------------------------------------------------------


def connections_for_case(referral: Referral) -> QuerySet[Connection]:
    """The case's connections, oldest first, with what the case page and summary show."""
    return Connection.objects.filter(referral=referral).select_related(
        "service__organisation", "created_by"
    )


def live_service_ids(referral: Referral) -> set[UUID]:
    """Listings already suggested to this person and not ended: not offered again."""
    return set(
        Connection.objects.filter(
            referral=referral, status__in=LIVE_CONNECTION_STATUSES
        ).values_list("service_id", flat=True)
    )


def category_codes_for(referral: Referral) -> list[str]:
    """Directory category codes for the referral's reasons, in reason order, each once.
    Reads `referral.reasons`, which selectors.referral_get prefetches."""
    codes: list[str] = []
    for reason in referral.reasons.all():
        for code in REASON_CATEGORIES.get(reason.code, ()):
            if code not in codes:
                codes.append(code)
    return codes


def search_prefill(referral: Referral) -> dict[str, list[str]]:
    """The directory filters a search for this person starts from: their ward and the
    categories their reasons map to. One query (the categories)."""
    prefill: dict[str, list[str]] = {}
    if referral.ward_id is not None:
        prefill["ward"] = [referral.ward.ons_code]
    codes = category_codes_for(referral)
    if codes:
        term_ids = TaxonomyTerm.objects.filter(code__in=codes).values_list("id", flat=True)
        prefill["category"] = sorted(str(term_id) for term_id in term_ids)
    return prefill


def can_connect(user: User, referral: Referral) -> bool:
    """Suggest and update connections: whoever works the case, while it is open."""
    return referral.status in ACTIVE_STATUSES and permissions.can_work_case(user, referral)


# ------------------------------------------------------------------------------------------
# Writes
# ------------------------------------------------------------------------------------------


def _require_connect(by: User, referral: Referral) -> None:
    if not permissions.can_work_case(by, referral):
        raise PermissionDenied(
            "Only the link worker who owns this case, or a coordinator, can do that."
        )
    if referral.status not in ACTIVE_STATUSES:
        raise TransitionNotAllowed(NOT_OPEN_MESSAGE)


def _day(on: date | None, *, not_before: date | None = None) -> date:
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError({"on": "The date cannot be in the future."})
    if not_before is not None and on < not_before:
        raise ValidationError(
            {"on": f"The date cannot be before the last change, on {format_date(not_before)}."}
        )
    return on


def _event(*, connection: Connection, by: User, change: str, note: str = "") -> None:
    reason = f"{connection.service.name}: {change}"
    if note:
        reason += f". {note}"
    ReferralEvent.objects.create(
        referral_id=connection.referral_id,
        at=timezone.now(),
        actor=by,
        kind=EventKind.CONNECTION,
        reason=reason[:500],
    )


def _record_reach(service_id: UUID) -> None:
    """Recount the listing's people connected and attended, and hand them to the directory.

    The listing's row is locked first, so when two link workers change connections to the
    same group at once the second count waits for, and sees, the first one's change.
    """
    list(Service.objects.select_for_update().filter(pk=service_id).values_list("pk"))
    counts = Connection.objects.filter(service_id=service_id).aggregate(
        connected=Count("referral", distinct=True),
        attended=Count("referral", distinct=True, filter=Q(attending_from__isnull=False)),
    )
    service_reach_record(service_id=service_id, **counts)


@transaction.atomic
def connection_suggest(
    *,
    referral: Referral,
    service: Service,
    by: User,
    note: str = "",
    on: date | None = None,
) -> Connection:
    """Suggest a directory listing to the person on a case: a new connection, suggested."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _require_connect(by, referral)
    if service.status != ServiceStatus.ACTIVE:
        raise ValidationError(
            {"service": f"“{service.name}” is not running at the moment. Choose another listing."}
        )
    connection = Connection(
        referral=referral,
        service=service,
        status=ConnectionStatus.SUGGESTED,
        suggested_on=_day(on),
        note=note.strip(),
        created_by=by,
    )
    connection.full_clean()
    try:
        with transaction.atomic():
            connection.save()
    except IntegrityError:
        raise ValidationError(
            {"service": "This activity is already suggested to this person."}
        ) from None
    _event(connection=connection, by=by, change="suggested", note=connection.note)
    _record_reach(service.pk)
    return connection


def _last_change(connection: Connection) -> date:
    dates = [connection.suggested_on, connection.contacted_on, connection.attending_from]
    return max(d for d in dates if d is not None)


@transaction.atomic
def connection_move(
    *,
    connection: Connection,
    to: str,
    by: User,
    note: str = "",
    on: date | None = None,
) -> Connection:
    """Move a connection along: contacted, attending, or ended (not taken up, no space)."""
    connection = (
        Connection.objects.select_for_update(of=("self",))
        .select_related("referral", "service")
        .get(pk=connection.pk)
    )
    _require_connect(by, connection.referral)
    old = ConnectionStatus(connection.status)
    if not can_move(old, to):
        target = ConnectionStatus(to).label.lower() if to in ConnectionStatus.values else to
        raise TransitionNotAllowed(
            f"“{connection.service.name}” is {old.label.lower()}, so it cannot be marked {target}."
        )
    move = MOVES[to]
    setattr(connection, move.date_field, _day(on, not_before=_last_change(connection)))
    connection.status = move.target
    if note.strip():
        connection.note = note.strip()
    connection.full_clean(validate_constraints=False)
    connection.save(update_fields=["status", move.date_field, "note", "updated_at"])
    _event(
        connection=connection,
        by=by,
        change=f"{old.label.lower()} to {ConnectionStatus(to).label.lower()}",
        note=note.strip(),
    )
    _record_reach(connection.service_id)
    return connection
