"""The pieces a demo history is planned with: what a planned case holds (its events, contact
attempts, connections and measures), the clock that keeps steps in office hours on working
days, and the wellbeing scores. Plain data; thriving.insight.demo.history tells the stories.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from referrals.connection_workflow import ConnectionStatus as C
from referrals.models import Instrument, Timepoint
from referrals.workflow import CLOSED_STATUSES, Status
from thriving.core.dates import add_working_days, is_working_day


@dataclass(frozen=True)
class Listing:
    """A directory listing a connection can point at: its categories (with their parents)
    and the wards it runs in."""

    id: object
    name: str
    codes: frozenset[str]
    wards: frozenset[str]


@dataclass(frozen=True)
class Setting:
    """What the histories are planned against: the borough, the practices, the directory."""

    wards: dict[str, str]  # ward name -> district name
    populations: dict[str, int]
    imd_ranks: dict[str, int]  # ward name -> order in the borough, 1 = most deprived
    practice_of_ward: dict[str, str]  # ward name -> practice key
    practices: list[str]
    provider_of_district: dict[str, str]  # district -> provider key (allocation rules)
    providers: list[str]
    provider_names: dict[str, str]
    worker_names: dict[str, list[str]]  # provider key -> link workers, the demo's own first
    listings: list[Listing]
    reason_categories: dict[str, tuple[str, ...]]


@dataclass
class Event:
    at: datetime
    kind: str
    actor: str | None  # "referrer", "coordinator", "accepter", "link_worker", or None
    from_status: str = ""
    to_status: str = ""
    reason: str = ""


@dataclass
class Attempt:
    at: datetime
    method: str
    outcome: str


@dataclass
class ConnectionPlan:
    listing: Listing
    suggested_at: datetime
    status: str = C.SUGGESTED
    contacted_on: date | None = None
    attending_from: date | None = None
    ended_on: date | None = None


@dataclass
class Measure:
    instrument: str
    timepoint: str
    taken_on: date
    scores: dict[str, int]
    at: datetime  # when it was recorded


@dataclass
class Case:
    index: int
    reference: str
    ward: str | None
    practice: str
    provider: str = ""
    reasons: list[str] = field(default_factory=list)
    person: dict = field(default_factory=dict)
    urgent: bool = False
    consent_to_share: bool = True
    accepted_by_coordinator: bool = False
    worker: int = 0  # which of the provider's link workers: 0 is the demo's own
    events: list[Event] = field(default_factory=list)
    attempts: list[Attempt] = field(default_factory=list)
    connections: list[ConnectionPlan] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    close_reason: str = ""
    outcome_summary: str = ""
    no_end_measure_reason: str = ""
    what_matters: str = ""
    what_matters_recorded_at: datetime | None = None
    next_contact_date: date | None = None
    status: str = Status.SUBMITTED
    status_before_hold: str = ""

    def first(self, to_status: str) -> datetime | None:
        return next((e.at for e in self.events if e.to_status == to_status), None)

    def last(self, to_status: str) -> datetime | None:
        return next((e.at for e in reversed(self.events) if e.to_status == to_status), None)

    @property
    def submitted_at(self) -> datetime:
        return self.events[0].at

    @property
    def allocated_at(self) -> datetime | None:
        return self.last(Status.ALLOCATED) if self.provider else None

    @property
    def accepted_at(self) -> datetime | None:
        return self.last(Status.ACCEPTED)

    @property
    def first_contact_at(self) -> datetime | None:
        return self.attempts[0].at if self.attempts else None

    @property
    def closed_at(self) -> datetime | None:
        return self.last(self.status) if self.status in CLOSED_STATUSES else None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Later(Exception):
    """The next step would happen after now: the history stops where it is."""


# ------------------------------------------------------------------------------------------
# Time
# ------------------------------------------------------------------------------------------


def moment_on(day: date, hour: float) -> datetime:
    minutes = int(hour * 60)
    return timezone.make_aware(datetime.combine(day, time(minutes // 60, minutes % 60)))


def _working_day_on_or_after(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


class Clock:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def office(self, day: date) -> datetime:
        return moment_on(_working_day_on_or_after(day), self.rng.uniform(9, 17))

    def after(self, moment: datetime, working_days: int, *, minutes=(20, 240)) -> datetime:
        """`working_days` working days after `moment` in office hours; 0 means later the same
        working day, or first thing the next one if the day is over."""
        local = timezone.localtime(moment)
        if working_days == 0:
            later = local + timedelta(minutes=self.rng.uniform(*minutes))
            if later.date() == local.date() and later.time() <= time(17, 30):
                return later
            return moment_on(add_working_days(local.date(), 1), self.rng.uniform(9, 10.5))
        return moment_on(add_working_days(local.date(), working_days), self.rng.uniform(9, 17))

    def days_after(self, moment: datetime, days: int) -> datetime:
        """About `days` calendar days after `moment`, on a working day; never before it."""
        at = self.office(timezone.localtime(moment).date() + timedelta(days=days))
        return at if at > moment else self.after(moment, 0)


def delay(rng: random.Random, weights: list[tuple[int, int]]) -> int:
    """Working days of delay, from (days, weight) pairs."""
    days, chances = zip(*weights, strict=True)
    return rng.choices(days, weights=chances)[0]


# ------------------------------------------------------------------------------------------
# Scores
# ------------------------------------------------------------------------------------------


def _clip(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _swemwbs_items(total: int, rng: random.Random) -> dict[str, int]:
    """Seven item scores (1-5) adding up to `total` (7-35)."""
    items = [1] * 7
    for _ in range(total - 7):
        room = [n for n in range(7) if items[n] < 5]
        items[rng.choice(room)] += 1
    return {f"swemwbs_{n + 1}": score for n, score in enumerate(items)}


def measures_pair(rng, *, start: bool, base: dict, gain: float, at: datetime) -> list[Measure]:
    timepoint = Timepoint.START if start else Timepoint.END
    lift = 0 if start else gain
    ons = {
        "ons_life_satisfaction": _clip(base["life"] + lift * 0.55 + rng.gauss(0, 1), 0, 10),
        "ons_worthwhile": _clip(base["worth"] + lift * 0.45 + rng.gauss(0, 1), 0, 10),
        "ons_happiness": _clip(base["happy"] + lift * 0.5 + rng.gauss(0, 1.2), 0, 10),
        "ons_anxiety": _clip(base["anxiety"] - lift * 0.5 + rng.gauss(0, 1.2), 0, 10),
    }
    raw = _clip(base["swemwbs"] + lift + rng.gauss(0, 1.5), 7, 35)
    day = timezone.localtime(at).date()
    return [
        Measure(Instrument.ONS4, timepoint, day, ons, at),
        Measure(Instrument.SWEMWBS, timepoint, day, _swemwbs_items(raw, rng), at),
    ]
