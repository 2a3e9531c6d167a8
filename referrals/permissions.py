"""Who may do what to a referral. Object checks only: scoping lists lives in selectors.

A user who cannot see a referral at all gets a 404 from the selector; these checks decide
403 for a user who can see it but whose role does not allow the action.
"""

from thriving.accounts.roles import Role

from .models import Referral
from .workflow import ACTIONS, SYSTEM, Status


def _is_case_worker_of_provider(user, referral: Referral) -> bool:
    return referral.provider_id is not None and referral.provider_id in user.organisation_ids_for(
        Role.LINK_WORKER, Role.COORDINATOR
    )


def _is_coordinator_of_provider(user, referral: Referral) -> bool:
    return referral.provider_id is not None and referral.provider_id in user.organisation_ids_for(
        Role.COORDINATOR
    )


def can_view_referral(user, referral: Referral) -> bool:
    if referral.referring_organisation_id in user.organisation_ids_for(Role.REFERRER):
        return True
    if _is_case_worker_of_provider(user, referral):
        return True
    # Unallocated referrals wait in the borough's triage inbox, open to every coordinator.
    return (
        referral.provider_id is None
        and referral.status == Status.SUBMITTED
        and user.has_role(Role.COORDINATOR)
    )


def can_view_case_details(user, referral: Referral) -> bool:
    """Notes, contact attempts and goals: the provider's working record, not the referrer's."""
    return _is_case_worker_of_provider(user, referral) or (
        referral.provider_id is None
        and referral.status == Status.SUBMITTED
        and user.has_role(Role.COORDINATOR)
    )


def can_submit_referral(user) -> bool:
    return user.has_role(Role.REFERRER)


def can_allocate_referral(user, referral: Referral) -> bool:
    if not user.has_role(Role.COORDINATOR):
        return False
    if referral.status == Status.SUBMITTED:
        return True
    return _is_coordinator_of_provider(user, referral)


def can_assign_referral(user, referral: Referral) -> bool:
    """Choosing or changing the link worker: the provider's coordinators."""
    return _is_coordinator_of_provider(user, referral)


def can_work_case(user, referral: Referral) -> bool:
    """Log contact, notes, goals, change status: the owner, or a coordinator of the provider."""
    if _is_coordinator_of_provider(user, referral):
        return True
    return _is_case_worker_of_provider(user, referral) and referral.link_worker_id == user.pk


def can_act(user, referral: Referral, action_name: str) -> bool:
    action = ACTIONS[action_name]
    if referral.status not in action.sources:
        return False
    if action_name in {"allocate", "return_to_triage", "reject"}:
        return can_allocate_referral(user, referral)
    if action_name == "accept":
        if _is_coordinator_of_provider(user, referral):
            return True
        return _is_case_worker_of_provider(user, referral) and user.has_role(Role.LINK_WORKER)
    if SYSTEM in action.actors and len(action.actors) == 1:
        return False
    return can_work_case(user, referral)
