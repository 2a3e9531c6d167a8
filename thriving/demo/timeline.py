"""Moving a story's rows back in time.

Services stamp their rows with the present moment. A story therefore plans its steps first
(how long after the previous one each happens), fits them between its start and now, runs
each step through the service, and then moves the rows that step wrote back to the moment
the step was meant to happen.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from referrals.models import CaseNote, ContactAttempt, EventKind, Goal, Referral, ReferralEvent
from referrals.workflow import CLOSED_STATUSES, Status


@dataclass
class Step:
    wait_hours: float
    act: Callable[[Referral, datetime], object]
    not_before: datetime | None = None


# The rows a step writes, and their time fields to move back; the first is the one the
# service stamps with the present.
_STAMPED = [
    (ReferralEvent, ("at",)),
    (ContactAttempt, ("created_at",)),
    (CaseNote, ("created_at",)),
    (Goal, ("created_at", "updated_at")),
]


@dataclass
class Story:
    rng: random.Random
    start: datetime
    ceiling: datetime
    seeding_began: datetime
    steps: list[Step] = field(default_factory=list)

    def then(self, min_hours: float, max_hours: float, act) -> None:
        self.steps.append(Step(self.rng.uniform(min_hours, max_hours), act))

    def moments(self) -> list[datetime]:
        """When each step happens: in office hours, in order, and never after now."""
        total = sum(s.wait_hours for s in self.steps)
        window = (self.ceiling - self.start).total_seconds() / 3600 * 0.85
        scale = min(1.0, window / total) if total else 1.0
        at, moments = self.start, []
        for step in self.steps:
            at = max(at + timedelta(hours=step.wait_hours * scale), step.not_before or at)
            at = min(office_hours(at), self.ceiling)
            moments.append(at)
        return moments

    def run(self) -> Referral:
        """Run each step, then date what it wrote: rows stamped at or after the moment
        seeding began are the step's own, as every earlier one is already in the past."""
        referral = None
        for step, at in zip(self.steps, self.moments(), strict=True):
            result = step.act(referral, at)
            if referral is None:
                referral = result
            for model, fields in _STAMPED:
                model.objects.filter(
                    referral_id=referral.pk, **{f"{fields[0]}__gte": self.seeding_began}
                ).update(**dict.fromkeys(fields, at))
            referral = Referral.objects.get(pk=referral.pk)
        _date_the_referral(referral)
        return referral


def office_hours(at: datetime) -> datetime:
    """Move a moment forward into a weekday between 09:00 and 17:30, London time."""
    local = timezone.localtime(at)
    if local.hour < 9:
        local = local.replace(hour=9)
    elif (local.hour, local.minute) > (17, 30):
        local = (local + timedelta(days=1)).replace(hour=9)
    while local.weekday() >= 5:
        local = (local + timedelta(days=1)).replace(hour=9)
    return local


def _date_the_referral(referral: Referral) -> None:
    """Set the referral's own time fields from its (moved) events."""
    events = list(referral.events.order_by("at", "pk").values("at", "kind", "to_status"))

    def last(test) -> datetime | None:
        return next((e["at"] for e in reversed(events) if test(e)), None)

    updates = {"submitted_at": events[0]["at"], "updated_at": events[-1]["at"]}
    if referral.allocated_at:
        updates["allocated_at"] = last(lambda e: e["to_status"] == Status.ALLOCATED)
    if referral.accepted_at:
        updates["accepted_at"] = last(lambda e: e["to_status"] == Status.ACCEPTED)
    if referral.closed_at:
        updates["closed_at"] = last(lambda e: e["to_status"] in CLOSED_STATUSES)
    if referral.what_matters_recorded_at:
        updates["what_matters_recorded_at"] = last(lambda e: e["kind"] == EventKind.WHAT_MATTERS)
    Referral.objects.filter(pk=referral.pk).update(**updates)
