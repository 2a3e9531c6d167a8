"""Referrals in a given state, built directly with the factory for the provider-side tests.

Each state sets what the database's check constraints and the case page expect of it (a
provider once allocated, a link worker once accepted, the moments each step happened).
"""

from datetime import timedelta

from django.utils import timezone

from referrals.models import Referral
from referrals.workflow import CLOSED_STATUSES, CloseReason, Status
from tests.factories import ReferralFactory

_ALLOCATED_OR_LATER = set(Status) - {Status.SUBMITTED}
_ACCEPTED_OR_LATER = {
    Status.ACCEPTED,
    Status.CONTACTING,
    Status.ENGAGED,
    Status.ON_HOLD,
    Status.CLOSED,
    Status.DECLINED,
    Status.UNABLE_TO_CONTACT,
}


def referral_in(
    status: str,
    *,
    practice,
    provider=None,
    link_worker=None,
    referrer=None,
    **fields,
) -> Referral:
    """A referral of `practice` in `status`, with `provider` and `link_worker` where the
    state needs them."""
    now = timezone.now()
    values = {"referring_organisation": practice, "status": status}
    if referrer is not None:
        values["referrer"] = referrer
    if status in _ALLOCATED_OR_LATER and status != Status.REJECTED or provider is not None:
        values["provider"] = provider
        values["allocated_at"] = now - timedelta(days=3)
    if status in _ACCEPTED_OR_LATER:
        values["link_worker"] = link_worker
        values["accepted_at"] = now - timedelta(days=2)
    if status in {Status.CONTACTING, Status.ENGAGED, Status.ON_HOLD}:
        values["first_contact_at"] = now - timedelta(days=1)
    if status == Status.ON_HOLD:
        values["status_before_hold"] = Status.ENGAGED
    if status in CLOSED_STATUSES:
        values["closed_at"] = now
        values["close_reason"] = {
            Status.CLOSED: CloseReason.GOALS_MET,
            Status.REJECTED: CloseReason.NOT_SUITABLE,
            Status.DECLINED: CloseReason.PERSON_DECLINED,
            Status.UNABLE_TO_CONTACT: CloseReason.NO_RESPONSE,
        }[status]
    values.update(fields)
    return ReferralFactory(**values)
