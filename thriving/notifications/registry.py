"""The reminder rules, registered by the domain apps.

`thriving.notifications` knows nothing of referrals, grants or the directory (the arrows in
ARCHITECTURE.md point the other way), so each domain app keeps its own rules in
`<app>/reminders.py` and registers them from its `AppConfig.ready()`. A rule is a kind code,
a label people see on their preferences page, the roles it concerns, and a function that
returns what is due: rows from one set-based query, each a `Due`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from django.urls import NoReverseMatch, reverse

from .models import Delivery


class Due(NamedTuple):
    """One thing one person has to act on. Titles name things by reference only: never a
    person's name or NHS number (they reach email subjects and lock screens)."""

    recipient_id: int
    object_type: str
    object_id: str
    due_on: date
    title: str
    link: str


# Called with keyword arguments `today` (a London date) and `now` (an aware datetime).
FindDue = Callable[..., Iterable[Due]]


@dataclass(frozen=True)
class ReminderRule:
    kind: str
    label: str
    find: FindDue
    roles: frozenset[str]
    default_delivery: str = Delivery.IMMEDIATE


_rules: dict[str, ReminderRule] = {}


def register(rule: ReminderRule) -> ReminderRule:
    """Add a rule. Registering the same kind again replaces it (module reloads in tests)."""
    if len(rule.kind) > 50:
        raise ValueError(f"Reminder kind {rule.kind!r} is longer than 50 characters")
    _rules[rule.kind] = rule
    return rule


def rules() -> list[ReminderRule]:
    return list(_rules.values())


def rule_for(kind: str) -> ReminderRule | None:
    return _rules.get(kind)


def link_builder(viewname: str) -> Callable[[Any], str]:
    """A fast `reverse(viewname, args=[pk])` for many rows: reverse once with a marker, then
    format. Only for URLs whose single argument is a UUID or an integer."""
    marker = "00000000-0000-4000-8000-000000000000"
    try:
        path = reverse(viewname, args=[marker])
        prefix, suffix = path.split(marker)
    except NoReverseMatch:  # an integer converter refuses the UUID marker
        path = reverse(viewname, args=[987654321])
        prefix, suffix = path.split("987654321")
    return lambda pk: f"{prefix}{pk}{suffix}"
