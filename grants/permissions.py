"""Who may do what in the grants app: `can_<verb>_<noun>(user, obj) -> bool`, one place.

Object checks only. Scoping lists lives in `selectors.py`: a user who cannot see an
application at all gets a 404 from the selector; these checks decide 403 for a user who can
see it but whose role, or the application's status, does not allow the action. Services call
the same checks again, because a service is the last door.

The parts people play (see `workflow.py`):
- applicant: holds the grant applicant role in the applying group (any representative of the
  group, not only the person who started the application);
- grant officer: holds the grant officer role (council staff, across all rounds);
- panel member / chair: named on the round.

Checks read only the objects in hand and the user's memberships (cached on the user).
`Round.panel_member_ids` reads the round's panel, which selectors prefetch.
"""

from thriving.accounts.roles import OrganisationKind, Role

from .models import Application, ConflictDeclaration, InformationRequest, MonitoringAttachment
from .workflow import (
    ACTIONS,
    APPLICANT,
    CHAIR,
    GRANT_OFFICER,
    PANEL_VISIBLE_STATUSES,
    Status,
)


def _authenticated(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def is_grant_officer(user) -> bool:
    return _authenticated(user) and user.has_role(Role.GRANT_OFFICER)


def is_applicant_for(user, application: Application) -> bool:
    """A representative of the applying group (any of them: groups share the work)."""
    return _authenticated(user) and application.organisation_id in user.organisation_ids_for(
        Role.GRANT_APPLICANT
    )


def is_panel_member_of(user, round_) -> bool:
    return _authenticated(user) and user.pk in round_.panel_member_ids


def is_chair_of(user, round_) -> bool:
    return _authenticated(user) and round_.chair_id is not None and round_.chair_id == user.pk


def plays(user, application: Application, actor: str) -> bool:
    """Whether the user plays a workflow actor part for this application."""
    if actor == APPLICANT:
        return is_applicant_for(user, application)
    if actor == GRANT_OFFICER:
        return is_grant_officer(user)
    if actor == CHAIR:
        return is_chair_of(user, application.round)
    return False  # the system acts only through scheduled tasks, never as a user


def can_act(user, application: Application, action_name: str) -> bool:
    """The table allows the action from the current status, and the user plays a part in it."""
    action = ACTIONS[action_name]
    if application.status not in action.sources:
        return False
    return any(plays(user, application, actor) for actor in action.actors)


# ------------------------------------------------------------------------------------------
# Rounds
# ------------------------------------------------------------------------------------------


def applicant_organisations(user) -> list:
    """The community groups a user may apply for (memberships are cached on the user)."""
    if not _authenticated(user):
        return []
    return [
        m.organisation
        for m in user.active_memberships
        if m.role == Role.GRANT_APPLICANT
        and m.organisation.kind == OrganisationKind.COMMUNITY_GROUP
    ]


def can_apply_to_round(user, round_) -> bool:
    """A group's representative, while the round is open."""
    return bool(applicant_organisations(user)) and round_.is_open


def can_view_round_queue(user, round_) -> bool:
    """The round's queue of applications, with budget figures: grant officers."""
    return is_grant_officer(user)


def can_view_round_budget(user, round_) -> bool:
    """Awarded, committed and remaining: officers, and the round's panel and chair, who
    decide against it."""
    return is_grant_officer(user) or is_panel_member_of(user, round_) or is_chair_of(user, round_)


def can_view_decision_times(user, round_) -> bool:
    return is_grant_officer(user)


# ------------------------------------------------------------------------------------------
# Seeing an application
# ------------------------------------------------------------------------------------------


def can_view_application(user, application: Application) -> bool:
    """At least the summary: the group itself, officers once submitted, the round's panel
    once the officer has passed it on."""
    if is_applicant_for(user, application):
        return True
    if application.status == Status.DRAFT:
        return False
    if is_grant_officer(user):
        return True
    if application.status in PANEL_VISIBLE_STATUSES:
        return is_panel_member_of(user, application.round) or is_chair_of(user, application.round)
    return False


def can_view_application_details(
    user, application: Application, declaration: ConflictDeclaration | None = None
) -> bool:
    """Beyond the summary (description, budget, answers, history).

    A panel member (or chair) sees details only once they have declared no conflict of
    interest: pass their declaration (`selectors.declaration_for`). A conflicted member sees
    the summary only, for the rest of the application's life.
    """
    if is_applicant_for(user, application):
        return True
    if application.status == Status.DRAFT:
        return False
    if is_grant_officer(user):
        return True
    if not can_view_application(user, application):
        return False
    return (
        declaration is not None
        and declaration.member_id == user.pk
        and declaration.application_id == application.pk
        and not declaration.has_conflict
    )


def can_view_decision_record(user, application: Application) -> bool:
    """Declarations, scores and quorum: officers, the round's panel and chair (scores inside
    are further limited by `selectors.scores_visible_to`)."""
    if application.status == Status.DRAFT:
        return False
    return is_grant_officer(user) or (
        application.status in PANEL_VISIBLE_STATUSES
        and (is_panel_member_of(user, application.round) or is_chair_of(user, application.round))
    )


def can_view_internal_events(user, application: Application) -> bool:
    """Conflict and scoring events on the timeline stay within the council and the panel."""
    return can_view_decision_record(user, application)


# ------------------------------------------------------------------------------------------
# The group's actions
# ------------------------------------------------------------------------------------------


def can_edit_application(user, application: Application) -> bool:
    return application.status == Status.DRAFT and is_applicant_for(user, application)


def can_submit_application(user, application: Application) -> bool:
    return can_act(user, application, "submit")


def can_withdraw_application(user, application: Application) -> bool:
    return can_act(user, application, "withdraw")


def can_answer_information_request(user, information_request: InformationRequest) -> bool:
    application = information_request.application
    return information_request.is_open and can_act(user, application, "answer_information")


def can_accept_offer(user, application: Application) -> bool:
    return can_act(user, application, "accept_offer")


def _monitoring_open_to_group(application: Application) -> bool:
    return application.status in {Status.PAID, Status.MONITORING_DUE}


def can_submit_monitoring_report(user, application: Application) -> bool:
    return can_act(user, application, "submit_monitoring_report")


def can_add_monitoring_attachment(user, application: Application) -> bool:
    return _monitoring_open_to_group(application) and is_applicant_for(user, application)


def can_view_attachment(user, attachment: MonitoringAttachment) -> bool:
    """The group that sent it and grant officers; never anyone else, however they got the
    link (the download view answers 404 to them)."""
    application = attachment.report.application
    return is_applicant_for(user, application) or is_grant_officer(user)


# ------------------------------------------------------------------------------------------
# The grant officer's actions
# ------------------------------------------------------------------------------------------


def can_check_eligibility(user, application: Application) -> bool:
    """Start, pass or fail the eligibility check (a submitted application is picked up)."""
    return is_grant_officer(user) and application.status in {
        Status.SUBMITTED,
        Status.ELIGIBILITY_CHECK,
    }


def can_request_information(user, application: Application) -> bool:
    return can_check_eligibility(user, application)


def can_record_payment(user, application: Application) -> bool:
    """The first payment moves an accepted offer to paid; later instalments may follow."""
    return is_grant_officer(user) and application.status in {
        Status.OFFER_ACCEPTED,
        Status.PAID,
        Status.MONITORING_DUE,
    }


def can_open_monitoring(user, application: Application) -> bool:
    return can_act(user, application, "open_monitoring")


def can_complete_monitoring(user, application: Application) -> bool:
    return can_act(user, application, "complete")


# ------------------------------------------------------------------------------------------
# The panel's actions
# ------------------------------------------------------------------------------------------


def can_declare_conflict(user, application: Application) -> bool:
    """Panel members and the chair declare, while the application is before the panel."""
    if application.status not in {Status.PANEL_REVIEW, Status.DEFERRED}:
        return False
    return is_panel_member_of(user, application.round) or is_chair_of(user, application.round)


def can_score_application(
    user, application: Application, declaration: ConflictDeclaration | None = None
) -> bool:
    """A panel member of the round, during panel review, who has declared no conflict."""
    return (
        application.status == Status.PANEL_REVIEW
        and is_panel_member_of(user, application.round)
        and declaration is not None
        and declaration.member_id == user.pk
        and not declaration.has_conflict
    )


def can_decide_application(
    user, application: Application, declaration: ConflictDeclaration | None = None
) -> bool:
    """Approve, decline or defer: a grant officer, or the round's chair unless the chair
    declared a conflict. Pass the user's own declaration when there is one: whoever declared
    a conflict on an application never decides it. Whether the quorum is in is a rule the
    service checks, with a message saying how many scores are missing."""
    if application.status != Status.PANEL_REVIEW:
        return False
    if declaration is not None and declaration.member_id == user.pk and declaration.has_conflict:
        return False
    return is_grant_officer(user) or is_chair_of(user, application.round)


def can_return_to_panel(user, application: Application) -> bool:
    return can_act(user, application, "return_to_panel")
