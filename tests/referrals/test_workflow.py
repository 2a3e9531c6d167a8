import pytest

from referrals.workflow import (
    ACTIONS,
    CLOSED_STATUSES,
    Status,
    TransitionNotAllowed,
    actions_from,
    can_transition,
    target_status,
)


def test_every_status_is_reachable_from_submitted():
    reached = {Status.SUBMITTED}
    frontier = [Status.SUBMITTED]
    while frontier:
        status = frontier.pop()
        for action in actions_from(status):
            target = action.target or Status.ENGAGED
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == set(Status)


@pytest.mark.parametrize("status", sorted(CLOSED_STATUSES))
def test_nothing_leaves_a_closed_status(status):
    assert actions_from(status) == []


def test_a_submitted_referral_cannot_be_accepted_before_allocation():
    assert not can_transition(Status.SUBMITTED, "accept")
    with pytest.raises(TransitionNotAllowed, match="submitted"):
        target_status(Status.SUBMITTED, "accept")


def test_resume_returns_to_the_status_before_the_hold():
    assert target_status(Status.ON_HOLD, "resume", Status.CONTACTING) == Status.CONTACTING


def test_only_the_system_or_a_coordinator_allocates():
    assert ACTIONS["allocate"].actors == {"system", "coordinator"}
