"""The audit trail for changes to referrals, recorded by the views (which know where the
request came from; services never see a request).

Every service that changes a case writes an event, so a case action is audited from the
events it wrote: whatever the action was (a status change, a note, a goal, a connection), one
entry names the referral, who, when, from where, and the kinds of change, by reference and
kind only, never the text.
"""

from datetime import datetime

from thriving.audit.services import AuditAction, audit_record, client_ip

from .models import EventKind, Referral, ReferralEvent


def audit_referral_created(request, referral: Referral) -> None:
    audit_record(
        user=request.user,
        action=AuditAction.CREATE,
        obj=referral,
        detail=f"Referral {referral.reference} submitted",
        ip_address=client_ip(request),
    )


def audit_case_changes(request, referral: Referral, *, since: datetime) -> None:
    """One CHANGE entry when the user's request wrote events on the referral since `since`."""
    events = ReferralEvent.objects.filter(
        referral_id=referral.pk, actor_id=request.user.pk, at__gte=since
    ).values_list("kind", "to_status")
    changes = []
    for kind, to_status in events.order_by("at", "pk"):
        change = f"status {to_status}" if kind == EventKind.STATUS and to_status else kind
        if change not in changes:
            changes.append(change)
    if not changes:
        return
    audit_record(
        user=request.user,
        action=AuditAction.CHANGE,
        obj=referral,
        detail=f"Referral {referral.reference}: {', '.join(changes)}",
        ip_address=client_ip(request),
    )
