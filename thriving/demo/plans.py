"""The fifty demo referrals, as plans: the status each ends in, the provider it reaches, and the
way it gets there. Read top to bottom, it is the demo's caseload.
"""

from dataclasses import dataclass

from referrals.workflow import CloseReason, Status


@dataclass(frozen=True)
class Plan:
    """Where a story ends and how it gets there.

    route: "rule" (allocated by its district's rule), "hand" (unruled district, allocated by
    a coordinator), "bounce" (the rule sends it to the other provider, whose coordinator
    returns it to triage), "inbox" (unruled, never allocated), "out_of_area".
    """

    status: str
    provider: str = ""
    route: str = "rule"
    variant: str = ""
    person_of: int | None = None


def _p(status, provider="", route="rule", variant="", person_of=None) -> Plan:
    return Plan(status, provider, route, variant, person_of)


S, A, B = Status, "provider", "provider2"

PLANS: list[Plan] = [
    # 0-3: waiting in the coordinators' inbox
    _p(S.SUBMITTED, route="inbox"),
    _p(S.SUBMITTED, route="inbox", variant="urgent"),
    _p(S.SUBMITTED, route="inbox"),
    _p(S.SUBMITTED, route="inbox"),
    # 4-8
    _p(S.ALLOCATED, A),
    _p(S.ALLOCATED, B),
    _p(S.ALLOCATED, A, "hand"),
    _p(S.ALLOCATED, B),
    _p(S.ALLOCATED, A),
    # 9-12
    _p(S.ACCEPTED, A),
    _p(S.ACCEPTED, B),
    _p(S.ACCEPTED, B, "hand"),
    _p(S.ACCEPTED, A, variant="by_coordinator"),
    # 13-17
    _p(S.CONTACTING, A),
    _p(S.CONTACTING, B),
    _p(S.CONTACTING, A),
    _p(S.CONTACTING, B, "hand"),
    _p(S.CONTACTING, A),
    # 18-26
    _p(S.ENGAGED, A),
    _p(S.ENGAGED, B),
    _p(S.ENGAGED, A, "bounce"),
    _p(S.ENGAGED, B),
    _p(S.ENGAGED, A, "hand"),
    _p(S.ENGAGED, B, variant="by_coordinator"),
    _p(S.ENGAGED, A),
    _p(S.ENGAGED, B),
    _p(S.ENGAGED, A),
    # 27-29
    _p(S.ON_HOLD, A),
    _p(S.ON_HOLD, B),
    _p(S.ON_HOLD, A, "hand"),
    # 30-38
    _p(S.CLOSED, A, variant=CloseReason.CONNECTED),
    _p(S.CLOSED, B, variant=CloseReason.GOALS_MET),
    _p(S.CLOSED, A, variant=CloseReason.CONNECTED),
    _p(S.CLOSED, B, variant=CloseReason.NO_LONGER_NEEDED),
    _p(S.CLOSED, A, "hand", variant=CloseReason.GOALS_MET),
    _p(S.CLOSED, B, variant=CloseReason.MOVED_AWAY),
    _p(S.CLOSED, A, variant=CloseReason.CONNECTED),
    _p(S.CLOSED, B, variant=CloseReason.REFERRED_ELSEWHERE),
    _p(S.CLOSED, A, variant=CloseReason.GOALS_MET),
    # 39-42
    _p(S.REJECTED, route="out_of_area", variant=CloseReason.OUT_OF_AREA),
    _p(S.REJECTED, A, variant=CloseReason.NOT_SUITABLE),
    _p(S.REJECTED, B, variant=CloseReason.DUPLICATE, person_of=21),
    _p(S.REJECTED, route="inbox", variant=CloseReason.NOT_SUITABLE),
    # 43-45
    _p(S.DECLINED, A),
    _p(S.DECLINED, B, variant="at_once"),
    _p(S.DECLINED, B, "hand"),
    # 46-49
    _p(S.UNABLE_TO_CONTACT, A),
    _p(S.UNABLE_TO_CONTACT, B),
    _p(S.UNABLE_TO_CONTACT, A, "hand"),
    _p(S.UNABLE_TO_CONTACT, B),
]

# How long ago (days) a story in each final status starts: fresh referrals are recent,
# closed cases months old.
STARTED_DAYS_AGO = {
    S.SUBMITTED: (0.2, 4),
    S.ALLOCATED: (0.5, 6),
    S.ACCEPTED: (2, 10),
    S.CONTACTING: (4, 20),
    S.ENGAGED: (20, 100),
    S.ON_HOLD: (30, 100),
    S.CLOSED: (50, 120),
    S.REJECTED: (3, 120),
    S.DECLINED: (10, 120),
    S.UNABLE_TO_CONTACT: (20, 120),
}
