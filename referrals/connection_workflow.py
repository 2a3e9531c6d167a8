"""A connection's life as data: suggested → contacted → attending, or not taken up / no space.

This closes the loop on a case: the programme learns which groups people actually reach, not
only which were suggested. Services in referrals.connections look moves up here and refuse
anything the table does not allow; read it top to bottom as the path in PRODUCT.md.
"""

from dataclasses import dataclass

from django.db import models


class ConnectionStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    CONTACTED = "contacted", "Contacted"
    ATTENDING = "attending", "Attending"
    NOT_TAKEN_UP = "not_taken_up", "Not taken up"
    NO_SPACE = "no_space", "No space"


# A connection in one of these still counts as live: the same listing cannot be suggested
# to the same person again until it has ended.
LIVE_CONNECTION_STATUSES = frozenset(
    {ConnectionStatus.SUGGESTED, ConnectionStatus.CONTACTED, ConnectionStatus.ATTENDING}
)
ENDED_CONNECTION_STATUSES = frozenset({ConnectionStatus.NOT_TAKEN_UP, ConnectionStatus.NO_SPACE})


@dataclass(frozen=True)
class ConnectionMove:
    """One move: the status it leads to, where it may start, and the date field it stamps."""

    target: str
    label: str
    sources: frozenset[str]
    date_field: str


_BEFORE_ATTENDING = frozenset({ConnectionStatus.SUGGESTED, ConnectionStatus.CONTACTED})

MOVES: dict[str, ConnectionMove] = {
    move.target: move
    for move in [
        ConnectionMove(
            ConnectionStatus.CONTACTED,
            "Contacted: the person or the group has been in touch",
            frozenset({ConnectionStatus.SUGGESTED}),
            "contacted_on",
        ),
        ConnectionMove(
            ConnectionStatus.ATTENDING,
            "Attending: the person has started going",
            frozenset({ConnectionStatus.CONTACTED}),
            "attending_from",
        ),
        ConnectionMove(
            ConnectionStatus.NOT_TAKEN_UP,
            "Not taken up: the person decided not to go",
            _BEFORE_ATTENDING,
            "ended_on",
        ),
        ConnectionMove(
            ConnectionStatus.NO_SPACE,
            "No space: the group cannot take them",
            _BEFORE_ATTENDING,
            "ended_on",
        ),
    ]
}


def can_move(status: str, target: str) -> bool:
    move = MOVES.get(target)
    return move is not None and status in move.sources


def moves_from(status: str) -> list[ConnectionMove]:
    return [move for move in MOVES.values() if status in move.sources]
