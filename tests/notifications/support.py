"""Helpers for the reminder tests: London times and what one rule finds due."""

from datetime import datetime

from django.utils import timezone

from thriving.notifications import registry


def london(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """An aware moment in Europe/London (the project's TIME_ZONE)."""
    return timezone.make_aware(datetime(year, month, day, hour, minute))


def due(kind: str, now: datetime) -> list[registry.Due]:
    """What one rule finds due at `now`."""
    rule = registry.rule_for(kind)
    return list(rule.find(today=timezone.localdate(now), now=now))


def recipients(kind: str, now: datetime) -> set[int]:
    return {row.recipient_id for row in due(kind, now)}
