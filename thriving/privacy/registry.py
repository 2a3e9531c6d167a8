"""What each domain app keeps about people, registered by the app itself.

`thriving.privacy` knows nothing of referrals or grants (the arrows in ARCHITECTURE.md point
the other way), so each domain app describes its own records in `<app>/retention.py` and
registers them from its `AppConfig.ready()`:

- a `RetentionRule` says which records are due for anonymising and how to anonymise one;
- a `SubjectSource` says how to find, export and erase what is held about one person, by
  NHS number.

The functions are called with keyword arguments. Anonymising removes what identifies a
person and keeps the figures (statuses, dates, wards, amounts), so dashboards still add up.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet

# due(now=) -> the records due at `now`, not yet anonymised, each annotated with
# `retention_from`: the moment its retention period started counting (closure, decision).
FindDue = Callable[..., QuerySet]
# anonymise(obj=, now=) -> None. Called inside a transaction, with the row locked.
Anonymise = Callable[..., None]


@dataclass(frozen=True)
class RetentionRule:
    kind: str
    label: str
    due: FindDue
    anonymise: Anonymise
    period: Callable[[], str]


@dataclass(frozen=True)
class SubjectSource:
    kind: str
    label: str
    # find(nhs_number=) -> the records about that person still holding their details
    find: Callable[..., QuerySet]
    # summary(obj=) -> {"reference", "status", "opened", "closed", "open"} for the admin page
    summary: Callable[..., dict[str, Any]]
    # export(obj=) -> everything held in the record, JSON-ready
    export: Callable[..., dict[str, Any]]
    # references(obj=) -> the (object_type, object_id) pairs the audit trail may name
    references: Callable[..., list[tuple[str, str]]]
    # erase_refusal(obj=) -> "" when the record may be erased now, else why not
    erase_refusal: Callable[..., str]
    anonymise: Anonymise


_retention: dict[str, RetentionRule] = {}
_subjects: dict[str, SubjectSource] = {}


def register_retention(rule: RetentionRule) -> RetentionRule:
    """Add a rule. Registering the same kind again replaces it (module reloads in tests)."""
    _retention[rule.kind] = rule
    return rule


def register_subject_source(source: SubjectSource) -> SubjectSource:
    _subjects[source.kind] = source
    return source


def retention_rules() -> list[RetentionRule]:
    return list(_retention.values())


def subject_sources() -> list[SubjectSource]:
    return list(_subjects.values())


def object_type(obj: Model) -> str:
    """The name records go by in the audit trail and the anonymisation register."""
    return obj._meta.label_lower


__all__ = [
    "RetentionRule",
    "SubjectSource",
    "object_type",
    "register_retention",
    "register_subject_source",
    "retention_rules",
    "subject_sources",
]
