"""The life of a Fast Action grant application as data: states, actions, who may act.

Read top to bottom it is the journey in issue 4:

    draft → submitted → eligibility_check → (more_information ↔) → panel_review
          → approved / declined / deferred → offer_accepted → paid → monitoring_due → completed

plus `withdrawn` (the applicant, any time before a decision) and `ineligible` (the officer's
eligibility check failed). Services look actions up here and refuse anything the table does
not allow; nothing else changes an application's status, so this file is the one place to
read to know what can happen next.

Actors are roles, not people: `applicant` is anyone holding the grant applicant role in the
applying group, `chair` is the round's panel chair, `system` is a scheduled task. Whether a
given user plays that part for a given application is answered in `permissions.py`.
"""

from dataclasses import dataclass

from django.db import models

from thriving.accounts.roles import Role


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    ELIGIBILITY_CHECK = "eligibility_check", "Eligibility check"
    MORE_INFORMATION = "more_information", "More information requested"
    PANEL_REVIEW = "panel_review", "Panel review"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    DEFERRED = "deferred", "Deferred"
    OFFER_ACCEPTED = "offer_accepted", "Offer accepted"
    PAID = "paid", "Paid"
    MONITORING_DUE = "monitoring_due", "Monitoring report due"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    INELIGIBLE = "ineligible", "Ineligible"


class Decision(models.TextChoices):
    """The three outcomes of `application_decide`; each maps to one action below."""

    APPROVE = "approve", "Approve"
    DECLINE = "decline", "Decline"
    DEFER = "defer", "Defer"


# An award has been decided and counts against the round's budget from the moment of
# approval, whether or not the group has accepted the offer or been paid yet.
COMMITTED_STATUSES = frozenset(
    {
        Status.APPROVED,
        Status.OFFER_ACCEPTED,
        Status.PAID,
        Status.MONITORING_DUE,
        Status.COMPLETED,
    }
)
# Offers the group has accepted: the grant is agreed on both sides.
ACCEPTED_STATUSES = COMMITTED_STATUSES - {Status.APPROVED}
# Published in the 360Giving feed: every grant the funder has decided to award.
PUBLISHED_STATUSES = COMMITTED_STATUSES
# Nothing more will happen to these.
FINAL_STATUSES = frozenset({Status.DECLINED, Status.COMPLETED, Status.WITHDRAWN, Status.INELIGIBLE})
# Waiting for the council or the panel: what the officer's round queue is about.
IN_ASSESSMENT_STATUSES = frozenset(
    {
        Status.SUBMITTED,
        Status.ELIGIBILITY_CHECK,
        Status.MORE_INFORMATION,
        Status.PANEL_REVIEW,
        Status.DEFERRED,
    }
)
# The panel sees applications from the moment the officer passes them on.
PANEL_VISIBLE_STATUSES = frozenset(
    {Status.PANEL_REVIEW, Status.DEFERRED, Status.DECLINED} | COMMITTED_STATUSES
)
# A decision made by the panel: the end point of the "days to decision" measure. A deferral
# postpones the decision, so the clock keeps running until approval or decline.
DECISION_STATUSES = frozenset({Status.APPROVED, Status.DECLINED})

APPLICANT = "applicant"
GRANT_OFFICER = Role.GRANT_OFFICER.value
CHAIR = "chair"
SYSTEM = "system"


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    actors: frozenset[str]


_BEFORE_DECISION = frozenset(
    {
        Status.DRAFT,
        Status.SUBMITTED,
        Status.ELIGIBILITY_CHECK,
        Status.MORE_INFORMATION,
        Status.PANEL_REVIEW,
        Status.DEFERRED,
    }
)
_DECIDERS = frozenset({GRANT_OFFICER, CHAIR})

ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action(
            "submit",
            "Submit the application",
            frozenset({Status.DRAFT}),
            Status.SUBMITTED,
            frozenset({APPLICANT}),
        ),
        Action(
            "start_check",
            "Start the eligibility check",
            frozenset({Status.SUBMITTED}),
            Status.ELIGIBILITY_CHECK,
            frozenset({GRANT_OFFICER}),
        ),
        Action(
            "request_information",
            "Ask the group for more information",
            frozenset({Status.ELIGIBILITY_CHECK}),
            Status.MORE_INFORMATION,
            frozenset({GRANT_OFFICER}),
        ),
        Action(
            "answer_information",
            "Answer the request for more information",
            frozenset({Status.MORE_INFORMATION}),
            Status.ELIGIBILITY_CHECK,
            frozenset({APPLICANT}),
        ),
        Action(
            "pass_eligibility",
            "Pass the eligibility check",
            frozenset({Status.ELIGIBILITY_CHECK}),
            Status.PANEL_REVIEW,
            frozenset({GRANT_OFFICER}),
        ),
        Action(
            "fail_eligibility",
            "Mark as ineligible",
            frozenset({Status.ELIGIBILITY_CHECK}),
            Status.INELIGIBLE,
            frozenset({GRANT_OFFICER}),
        ),
        Action(
            "approve",
            "Approve",
            frozenset({Status.PANEL_REVIEW}),
            Status.APPROVED,
            _DECIDERS,
        ),
        Action(
            "decline",
            "Decline",
            frozenset({Status.PANEL_REVIEW}),
            Status.DECLINED,
            _DECIDERS,
        ),
        Action(
            "defer",
            "Defer the decision",
            frozenset({Status.PANEL_REVIEW}),
            Status.DEFERRED,
            _DECIDERS,
        ),
        Action(
            "return_to_panel",
            "Return to the panel",
            frozenset({Status.DEFERRED}),
            Status.PANEL_REVIEW,
            _DECIDERS,
        ),
        Action(
            "accept_offer",
            "Accept the offer",
            frozenset({Status.APPROVED}),
            Status.OFFER_ACCEPTED,
            frozenset({APPLICANT}),
        ),
        Action(
            "record_payment",
            "Record the payment",
            frozenset({Status.OFFER_ACCEPTED}),
            Status.PAID,
            frozenset({GRANT_OFFICER}),
        ),
        Action(
            "open_monitoring",
            "Ask for the monitoring report",
            frozenset({Status.PAID}),
            Status.MONITORING_DUE,
            frozenset({SYSTEM, GRANT_OFFICER}),
        ),
        # A group may report as soon as its project is over, before the sweep asks for it:
        # an early report moves a paid grant straight to monitoring.
        Action(
            "submit_monitoring_report",
            "Send the monitoring report",
            frozenset({Status.PAID, Status.MONITORING_DUE}),
            Status.MONITORING_DUE,
            frozenset({APPLICANT}),
        ),
        Action(
            "complete",
            "Complete the grant",
            frozenset({Status.MONITORING_DUE}),
            Status.COMPLETED,
            frozenset({GRANT_OFFICER}),
        ),
        Action(
            "withdraw",
            "Withdraw the application",
            _BEFORE_DECISION,
            Status.WITHDRAWN,
            frozenset({APPLICANT}),
        ),
    ]
}

DECISION_ACTIONS = {
    Decision.APPROVE: "approve",
    Decision.DECLINE: "decline",
    Decision.DEFER: "defer",
}


# How a status reads in the middle of a sentence ("This application is ...").
_STATUS_PHRASES = {
    Status.DRAFT: "still a draft",
    Status.ELIGIBILITY_CHECK: "having its eligibility checked",
    Status.MORE_INFORMATION: "waiting for more information from the group",
    Status.PANEL_REVIEW: "with the panel",
    Status.OFFER_ACCEPTED: "an offer the group has accepted",
    Status.MONITORING_DUE: "waiting for its monitoring report",
}


def status_phrase(status: str) -> str:
    return _STATUS_PHRASES.get(status, Status(status).label.lower())


class TransitionNotAllowed(Exception):
    """Raised by a service when the table forbids a change. Its message is for the user."""


def can_transition(status: str, action_name: str) -> bool:
    action = ACTIONS.get(action_name)
    return action is not None and status in action.sources


def target_status(status: str, action_name: str) -> str:
    """The status an action leads to from `status`, or TransitionNotAllowed saying why not."""
    action = ACTIONS[action_name]
    if status not in action.sources:
        raise TransitionNotAllowed(
            f"This application is {status_phrase(status)}, so you cannot "
            f"{action.label[0].lower() + action.label[1:]}."
        )
    return action.target


def actions_from(status: str) -> list[Action]:
    """Every action the table allows from a status, in table order (for pages' buttons)."""
    return [a for a in ACTIONS.values() if status in a.sources]


def actors_for(action_name: str) -> frozenset[str]:
    return ACTIONS[action_name].actors
