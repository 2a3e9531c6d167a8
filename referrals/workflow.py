"""The referral lifecycle as data: states, the actions that move between them, who may act.

Services look actions up here and refuse anything the table does not allow; nothing else
changes a referral's status. Read it top to bottom as the journey in PRODUCT.md.
"""

from dataclasses import dataclass

from django.db import models

from thriving.accounts.roles import Role


class Status(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    ALLOCATED = "allocated", "Allocated"
    ACCEPTED = "accepted", "Accepted"
    CONTACTING = "contacting", "Contacting"
    ENGAGED = "engaged", "Engaged"
    ON_HOLD = "on_hold", "On hold"
    CLOSED = "closed", "Closed"
    REJECTED = "rejected", "Rejected"
    DECLINED = "declined", "Declined"
    UNABLE_TO_CONTACT = "unable_to_contact", "Unable to contact"


class CloseReason(models.TextChoices):
    # closed
    GOALS_MET = "goals_met", "Goals met"
    CONNECTED = "connected", "Connected to community support"
    NO_LONGER_NEEDED = "no_longer_needed", "No longer needs support"
    MOVED_AWAY = "moved_away", "Moved out of the area"
    REFERRED_ELSEWHERE = "referred_elsewhere", "Referred to another service"
    DIED = "died", "Person has died"
    # rejected
    NOT_SUITABLE = "not_suitable", "Not suitable for social prescribing"
    DUPLICATE = "duplicate", "Duplicate referral"
    OUT_OF_AREA = "out_of_area", "Out of area"
    # declined
    PERSON_DECLINED = "person_declined", "The person said no"
    # unable to contact
    NO_RESPONSE = "no_response", "No response after three attempts"


ACTIVE_STATUSES = frozenset({Status.ACCEPTED, Status.CONTACTING, Status.ENGAGED, Status.ON_HOLD})
CLOSED_STATUSES = frozenset(
    {Status.CLOSED, Status.REJECTED, Status.DECLINED, Status.UNABLE_TO_CONTACT}
)
OPEN_STATUSES = frozenset(set(Status) - CLOSED_STATUSES)

CLOSE_REASONS_BY_STATUS = {
    Status.CLOSED: [
        CloseReason.GOALS_MET,
        CloseReason.CONNECTED,
        CloseReason.NO_LONGER_NEEDED,
        CloseReason.MOVED_AWAY,
        CloseReason.REFERRED_ELSEWHERE,
        CloseReason.DIED,
    ],
    Status.REJECTED: [CloseReason.NOT_SUITABLE, CloseReason.DUPLICATE, CloseReason.OUT_OF_AREA],
    Status.DECLINED: [CloseReason.PERSON_DECLINED],
    Status.UNABLE_TO_CONTACT: [CloseReason.NO_RESPONSE],
}

FAILED_ATTEMPTS_BEFORE_UNABLE_TO_CONTACT = 3

# The system (an allocation rule) acts with no user.
SYSTEM = "system"
CASE_WORKERS = frozenset({Role.LINK_WORKER, Role.COORDINATOR})


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset[str]
    target: str | None  # None: back to the status before the hold
    actors: frozenset[str]


_WORKING = frozenset({Status.ACCEPTED, Status.CONTACTING, Status.ENGAGED})

ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action(
            "allocate",
            "Allocate to a provider",
            frozenset({Status.SUBMITTED}),
            Status.ALLOCATED,
            frozenset({Role.COORDINATOR, SYSTEM}),
        ),
        Action(
            "return_to_triage",
            "Return to the unallocated inbox",
            frozenset({Status.ALLOCATED}),
            Status.SUBMITTED,
            frozenset({Role.COORDINATOR}),
        ),
        Action(
            "reject",
            "Reject the referral",
            frozenset({Status.SUBMITTED, Status.ALLOCATED}),
            Status.REJECTED,
            frozenset({Role.COORDINATOR}),
        ),
        Action(
            "accept",
            "Accept",
            frozenset({Status.ALLOCATED}),
            Status.ACCEPTED,
            CASE_WORKERS,
        ),
        Action(
            "start_contact",
            "Start contacting",
            frozenset({Status.ACCEPTED}),
            Status.CONTACTING,
            CASE_WORKERS,
        ),
        Action(
            "engage",
            "Mark as engaged",
            frozenset({Status.ACCEPTED, Status.CONTACTING}),
            Status.ENGAGED,
            CASE_WORKERS,
        ),
        Action(
            "unable_to_contact",
            "Close: unable to contact",
            frozenset({Status.CONTACTING}),
            Status.UNABLE_TO_CONTACT,
            CASE_WORKERS,
        ),
        Action("hold", "Put on hold", _WORKING, Status.ON_HOLD, CASE_WORKERS),
        Action("resume", "Resume", frozenset({Status.ON_HOLD}), None, CASE_WORKERS),
        Action(
            "decline",
            "Close: the person said no",
            _WORKING | {Status.ON_HOLD},
            Status.DECLINED,
            CASE_WORKERS,
        ),
        Action("close", "Close the case", _WORKING | {Status.ON_HOLD}, Status.CLOSED, CASE_WORKERS),
    ]
}


class TransitionNotAllowed(Exception):
    """Raised by a service when the table forbids a change. Its message is for the user."""


def action_for(name: str) -> Action:
    return ACTIONS[name]


def can_transition(status: str, action_name: str) -> bool:
    action = ACTIONS.get(action_name)
    return action is not None and status in action.sources


def target_status(status: str, action_name: str, status_before_hold: str = "") -> str:
    action = ACTIONS[action_name]
    if status not in action.sources:
        raise TransitionNotAllowed(
            f"This referral is {Status(status).label.lower()}, so you cannot "
            f"{action.label[0].lower() + action.label[1:]}."
        )
    if action.target is None:
        return status_before_hold or Status.ENGAGED
    return action.target


def actions_from(status: str) -> list[Action]:
    return [a for a in ACTIONS.values() if status in a.sources]


class NoEndMeasureReason(models.TextChoices):
    """Why a case closed without an end wellbeing measure: the gap is always explained."""

    DECLINED = "declined", "The person did not want to answer the questions"
    UNABLE_TO_CONTACT = "unable_to_contact", "We could not reach the person at the end"
    NOT_APPROPRIATE = "not_appropriate", "It was not appropriate to ask (crisis or bereavement)"
    DIED = "died", "The person has died"
    TO_FOLLOW = "to_follow", "Not taken yet: I will record it after closing"
