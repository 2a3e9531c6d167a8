"""A year of made-up case histories for the demo's dashboards and index, as plain data.

Each history is planned from its own seeded random generator (so the demo is the same every
time it is built on a given day) and follows the journey in PRODUCT.md step by step: submitted,
allocated by a rule or by hand, accepted, contact attempts, engaged, "what matters", wellbeing
measures at the start, connections to directory listings, follow-ups, sometimes a hold, then
closed with an end measure or the reason there is none. Most steps fall on working days within
the service's targets; some are late, as they are in real life. A step that would fall after
`now` does not happen, so recent referrals are still open, in whatever state they reached.

Nothing here touches the database: build.py writes what this plans. The pieces a plan is
made of are in plans.py, the people and their reasons in people.py.
"""

import random
from datetime import datetime, timedelta

from django.utils import timezone

from referrals.connection_workflow import ConnectionStatus as C
from referrals.models import ContactMethod, ContactOutcome, EventKind, Instrument, Timepoint
from referrals.workflow import CloseReason, NoEndMeasureReason, Status
from thriving.core.dates import is_working_day
from thriving.demo import data

from .people import listings_for, person_for, reasons_for, submitted_day, ward_for
from .plans import (
    Attempt,
    Case,
    Clock,
    ConnectionPlan,
    Event,
    Later,
    Listing,
    Setting,
    delay,
    measures_pair,
    moment_on,
)

SEED = 20260501
_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

# Mean change in the SWEMWBS raw score by reason: some needs are harder to shift.
REASON_EFFECT = {"loneliness": 1.0, "bereavement": -1.0, "money-debt": -0.5, "housing": -0.8}
PROVIDER_EFFECT = {"provider": 0.4, "provider2": -0.3}

CLOSE_WEIGHTS = {
    CloseReason.CONNECTED: 36,
    CloseReason.GOALS_MET: 30,
    CloseReason.NO_LONGER_NEEDED: 15,
    CloseReason.REFERRED_ELSEWHERE: 9,
    CloseReason.MOVED_AWAY: 7,
    CloseReason.DIED: 3,
}
CLOSING_SUMMARIES = {
    CloseReason.MOVED_AWAY: "Moved out of the borough; given the details of the social "
    "prescribing service where they now live.",
    CloseReason.REFERRED_ELSEWHERE: "Referred on, with their agreement, to a specialist service.",
    CloseReason.NO_LONGER_NEEDED: "Feeling better and back in touch with friends; knows how "
    "to come back to us.",
    CloseReason.DIED: "Sadly the person died; the family were offered bereavement support.",
    CloseReason.PERSON_DECLINED: "Said they would rather not take part for now; has our "
    "number if they change their mind.",
}


# ------------------------------------------------------------------------------------------
# The journey
# ------------------------------------------------------------------------------------------


class _Story:
    def __init__(self, case: Case, rng: random.Random, ceiling: datetime):
        self.case, self.rng, self.ceiling = case, rng, ceiling
        self.clock = Clock(rng)
        self.status = ""

    def step(self, at: datetime, *, actor, to: str = "", kind=EventKind.STATUS, reason=""):
        """A step on the main path: after now, it and everything after it do not happen."""
        if at > self.ceiling:
            raise Later
        if to:
            self.case.events.append(Event(at, kind, actor, self.status, to, reason))
            self.status = to
        else:
            self.case.events.append(Event(at, kind, actor, reason=reason))

    def attempt(self, at: datetime, *, spoke: bool) -> None:
        rng = self.rng
        if spoke:
            method = rng.choice([ContactMethod.PHONE, ContactMethod.PHONE, ContactMethod.IN_PERSON])
            outcome = ContactOutcome.SPOKE
        else:
            method = rng.choice([ContactMethod.PHONE, ContactMethod.PHONE, ContactMethod.TEXT])
            outcome = rng.choice([ContactOutcome.NO_ANSWER, ContactOutcome.LEFT_MESSAGE])
        self.step(
            at,
            actor="link_worker",
            kind=EventKind.CONTACT,
            reason=f"{ContactMethod(method).label}: {ContactOutcome(outcome).label}",
        )
        self.case.attempts.append(Attempt(at, method, outcome))
        if self.status == Status.ACCEPTED:
            self.step(at, actor="link_worker", to=Status.CONTACTING, reason="First contact attempt")
        if spoke and self.status == Status.CONTACTING:
            self.step(at, actor="link_worker", to=Status.ENGAGED, reason="Spoke to the person")

    def side(self, at: datetime, limit: datetime, event: Event) -> bool:
        """A step off the main path (a follow-up, a measure, a connection): kept when it
        happens before `limit` (the case's close, or now)."""
        if at > limit:
            return False
        self.case.events.append(event)
        return True


def _submit_and_allocate(story: _Story, setting: Setting, submitted: datetime) -> bool:
    """Returns False when the referral was rejected."""
    case, rng, clock = story.case, story.rng, story.clock
    story.step(submitted, actor="referrer", to=Status.SUBMITTED, reason="Referral submitted")
    district = setting.wards.get(case.ward) if case.ward else None
    ruled = setting.provider_of_district.get(district) if district else None
    rejected = case.ward is None or rng.random() < 0.04
    if ruled:
        name = setting.provider_names[ruled]
        story.step(
            submitted + timedelta(seconds=1),
            actor=None,
            to=Status.ALLOCATED,
            reason=f"Allocated to {name} by the rule for the district {district}",
        )
        case.provider = ruled
    elif not rejected:
        # Allocation by hand: the target is 1 working day; most make it, some do not.
        at = clock.after(submitted, delay(rng, [(0, 55), (1, 30), (2, 8), (3, 5), (4, 2)]))
        provider = rng.choices(setting.providers, weights=[6, 4])[0]
        name = setting.provider_names[provider]
        story.step(at, actor="coordinator", to=Status.ALLOCATED, reason=f"Allocated to {name}")
        case.provider = provider
    if not rejected:
        return True
    if case.ward is None:
        reason, note = CloseReason.OUT_OF_AREA, data.REJECT_NOTES["out_of_area"]
    else:
        reason = rng.choice([CloseReason.NOT_SUITABLE, CloseReason.DUPLICATE])
        note = data.REJECT_NOTES[reason]
    at = clock.after(story.case.events[-1].at, delay(rng, [(0, 5), (1, 4), (2, 1)]))
    case.close_reason = reason
    story.step(
        at, actor="coordinator", to=Status.REJECTED, reason=f"{CloseReason(reason).label}. {note}"
    )
    return False


def _accept_and_contact(story: _Story) -> bool:
    """Returns True when the person was reached (engaged)."""
    case, rng, clock = story.case, story.rng, story.clock
    case.accepted_by_coordinator = rng.random() < 0.2
    at = clock.after(case.events[-1].at, delay(rng, [(0, 40), (1, 40), (2, 14), (3, 6)]))
    story.step(at, actor="accepter", to=Status.ACCEPTED, reason="Accepted")
    # The first attempt: the target is 2 working days after acceptance.
    at = clock.after(at, delay(rng, [(0, 40), (1, 33), (2, 14), (3, 6), (4, 4), (6, 3)]))
    failures = rng.choices([0, 1, 2, 3], weights=[52, 28, 12, 8])[0]
    for attempt in range(failures):
        story.attempt(at, spoke=False)
        at = clock.after(at, rng.randint(1, 3))
        if attempt == 2:
            story.step(
                at,
                actor="link_worker",
                to=Status.UNABLE_TO_CONTACT,
                reason=CloseReason.NO_RESPONSE.label,
            )
            case.close_reason = CloseReason.NO_RESPONSE
            case.no_end_measure_reason = NoEndMeasureReason.UNABLE_TO_CONTACT
            return False
    story.attempt(at, spoke=True)
    return True


def _wellbeing_base(rng: random.Random, case: Case, setting: Setting) -> tuple[dict, float]:
    deprived = case.ward is not None and setting.imd_ranks.get(case.ward, 10) <= 6
    base = {
        "life": rng.gauss(4.6, 1.6) - (0.4 if deprived else 0),
        "worth": rng.gauss(5.2, 1.6),
        "happy": rng.gauss(4.8, 1.9),
        "anxiety": rng.gauss(6.0, 2.0),
        "swemwbs": rng.gauss(19.5, 3.5) - (1 if deprived else 0),
    }
    mean_gain = 3.0 + PROVIDER_EFFECT.get(case.provider, 0)
    mean_gain += sum(REASON_EFFECT.get(r, 0) for r in case.reasons) / len(case.reasons)
    return base, rng.gauss(mean_gain, 3.2)


def _casework(story: _Story, setting: Setting, now: datetime) -> None:
    """From the first conversation to the close (or to now)."""
    case, rng, clock = story.case, story.rng, story.clock
    engaged = case.events[-1].at
    declined = rng.random() < 0.08
    hold = None
    if declined:
        close_at = clock.after(engaged, rng.randint(1, 8))
    else:
        close_at = clock.days_after(engaged, int(rng.triangular(30, 130, 70)))
        if rng.random() < 0.12:
            starts = clock.days_after(engaged, rng.randint(12, 30))
            ends = clock.days_after(starts, rng.randint(10, 40))
            hold = (starts, ends)
            close_at = clock.days_after(close_at, (ends - starts).days)
            if close_at < ends + timedelta(days=7):
                close_at = clock.days_after(ends, rng.randint(7, 20))
    limit = min(close_at, story.ceiling)
    base, gain = _wellbeing_base(rng, case, setting)

    # The "what matters to you" conversation, and the start measures with it.
    talk = clock.after(engaged, rng.choice([0, 0, 1, 2, 3]))
    if story.side(talk, limit, Event(talk, EventKind.WHAT_MATTERS, "link_worker", reason="")):
        case.events[-1].reason = "Conversation recorded"
        case.what_matters = rng.choice(data.WHAT_MATTERS)
        case.what_matters_recorded_at = talk
        # Measured in the same conversation (some of those who soon decline say no to it).
        if not declined or rng.random() < 0.5:
            _measured(story, talk, limit, start=True, base=base, gain=gain)

    if not declined:
        _connections(story, setting, engaged, limit, hold)
        _follow_ups(story, engaged, limit, hold)
        if hold is not None:
            reason = rng.choice(data.HOLD_REASONS)
            story.step(hold[0], actor="link_worker", to=Status.ON_HOLD, reason=reason)
            case.status_before_hold = Status.ENGAGED
            story.step(hold[1], actor="link_worker", to=Status.ENGAGED, reason="Resumed")
            case.status_before_hold = ""
    _close(story, close_at, declined=declined, base=base, gain=gain)


def _measured(story: _Story, at: datetime, limit: datetime, **how) -> None:
    case, rng = story.case, story.rng
    pair = measures_pair(rng, at=at, **how)
    for measure in pair:
        label = Instrument(measure.instrument).label.split(" (")[0]
        event = Event(
            at,
            EventKind.MEASURE,
            "link_worker",
            reason=f"{label}: {Timepoint(measure.timepoint).label.lower()} measure recorded",
        )
        if story.side(at, limit, event):
            case.measures.append(measure)


def _connections(story: _Story, setting: Setting, engaged, limit, hold) -> None:
    case, rng, clock = story.case, story.rng, story.clock
    if not setting.listings:
        return
    count = rng.choices([1, 2, 3], weights=[45, 40, 15])[0]
    today = timezone.localtime(story.ceiling).date()
    for n, listing in enumerate(listings_for(case, setting, rng)[:count]):
        at = clock.days_after(engaged, rng.randint(0, 4) + 7 * n)
        if n == 0 and at > story.ceiling:
            at = engaged  # suggested in the first conversation
        if not story.side(at, limit, _connection_event(at, listing, "suggested")):
            break
        plan = ConnectionPlan(listing=listing, suggested_at=at)
        case.connections.append(plan)
        roll = rng.random()
        if roll < 0.08:
            path = [C.NOT_TAKEN_UP]
        elif roll < 0.15:
            path = []
        else:
            after = rng.choices(
                [[C.ATTENDING], [C.NOT_TAKEN_UP], [C.NO_SPACE], []], weights=[66, 18, 5, 11]
            )[0]
            path = [C.CONTACTED, *after]
        for target in path:
            at = clock.days_after(at, rng.randint(2, 12))
            day = timezone.localtime(at).date()
            if day > today:
                break
            change = f"{C(plan.status).label.lower()} to {C(target).label.lower()}"
            if not story.side(at, limit, _connection_event(at, listing, change)):
                break
            plan.status = target
            field_name = {
                C.CONTACTED: "contacted_on",
                C.ATTENDING: "attending_from",
                C.NOT_TAKEN_UP: "ended_on",
                C.NO_SPACE: "ended_on",
            }[target]
            setattr(plan, field_name, day)


def _connection_event(at: datetime, listing: Listing, change: str) -> Event:
    return Event(at, EventKind.CONNECTION, "link_worker", reason=f"{listing.name}: {change}"[:500])


def _follow_ups(story: _Story, engaged, limit, hold) -> None:
    """A follow-up conversation every two to four weeks (the target is at least every four),
    none while the case is on hold."""
    case, rng, clock = story.case, story.rng, story.clock
    at = engaged
    while True:
        at = clock.days_after(at, rng.randint(14, 30))
        if hold is not None and hold[0] <= at <= hold[1]:
            at = clock.days_after(hold[1], rng.randint(1, 5))
        if at >= limit:
            break
        spoke = rng.random() < 0.9
        method = rng.choice([ContactMethod.PHONE, ContactMethod.IN_PERSON])
        outcome = ContactOutcome.SPOKE if spoke else ContactOutcome.NO_ANSWER
        reason = f"{ContactMethod(method).label}: {ContactOutcome(outcome).label}"
        story.side(at, limit, Event(at, EventKind.CONTACT, "link_worker", reason=reason))
        case.attempts.append(Attempt(at, method, outcome))


def _close(story: _Story, close_at: datetime, *, declined: bool, base, gain) -> None:
    case, rng = story.case, story.rng
    if close_at > story.ceiling:
        raise Later
    if declined:
        reason = CloseReason.PERSON_DECLINED
    else:
        reason = rng.choices(list(CLOSE_WEIGHTS), weights=list(CLOSE_WEIGHTS.values()))[0]
    started = any(m.timepoint == Timepoint.START for m in case.measures)
    gone = reason in {CloseReason.DIED, CloseReason.MOVED_AWAY}
    if started and not declined and not gone and rng.random() < 0.82:
        _measured(
            story, close_at - timedelta(minutes=30), close_at, start=False, base=base, gain=gain
        )
    elif reason == CloseReason.DIED:
        case.no_end_measure_reason = NoEndMeasureReason.DIED
    elif reason == CloseReason.MOVED_AWAY:
        case.no_end_measure_reason = NoEndMeasureReason.UNABLE_TO_CONTACT
    elif declined:
        case.no_end_measure_reason = NoEndMeasureReason.DECLINED
    else:
        case.no_end_measure_reason = rng.choice(
            [
                NoEndMeasureReason.DECLINED,
                NoEndMeasureReason.UNABLE_TO_CONTACT,
                NoEndMeasureReason.NOT_APPROPRIATE,
            ]
        )
    to = Status.DECLINED if declined else Status.CLOSED
    story.step(close_at, actor="link_worker", to=to, reason=CloseReason(reason).label)
    case.close_reason = reason
    case.outcome_summary = CLOSING_SUMMARIES.get(reason) or rng.choice(data.OUTCOME_SUMMARIES)


def _finish(case: Case, story: _Story, rng: random.Random, setting: Setting) -> None:
    """Put the events in time order and fill in what follows from where the story stopped."""
    order = {id(e): n for n, e in enumerate(case.events)}
    case.events.sort(key=lambda e: (e.at, order[id(e)]))
    case.attempts.sort(key=lambda a: a.at)
    case.status = story.status
    if case.status != Status.ON_HOLD:
        case.status_before_hold = ""
    if case.is_open:
        # Open cases are closed-off history for the demo's own link workers only now and then.
        case.worker = 0 if rng.random() < 0.05 else rng.choice([1, 2])
        case.close_reason = case.outcome_summary = case.no_end_measure_reason = ""
        if case.status == Status.ENGAGED:
            last = max(e.at for e in case.events)
            today = timezone.localtime(story.ceiling).date()
            on = timezone.localtime(last).date() + timedelta(days=rng.randint(14, 28))
            if on <= today:
                on = today + timedelta(days=rng.randint(3, 20))
            case.next_contact_date = on
            case.events.append(
                Event(
                    last,
                    EventKind.NEXT_CONTACT,
                    "link_worker",
                    reason=f"Next contact {on:%d %B %Y}",
                )
            )
    else:
        case.worker = rng.choice([0, 1, 2])
    if case.provider:
        workers = setting.worker_names[case.provider]
        case.worker = min(case.worker, len(workers) - 1)
        for event in case.events:
            if event.to_status == Status.ACCEPTED:
                event.reason = f"Accepted by {workers[case.worker]}"


def case_history(index: int, *, setting: Setting, now: datetime) -> Case:
    """The history of the `index`-th demo referral, as it stands at `now`."""
    rng = random.Random(f"{SEED}-{index}")  # noqa: S311 - demo data is meant to repeat
    today = timezone.localtime(now).date()
    ward = ward_for(rng, setting)
    home = setting.practice_of_ward.get(ward) if ward else None
    practice = home if home and rng.random() < 0.8 else rng.choice(setting.practices)
    case = Case(
        index=index,
        reference="TC-H" + "".join(rng.choice(_REFERENCE_ALPHABET) for _ in range(7)),
        ward=ward,
        practice=practice,
    )
    case.person = person_for(rng, ward, today)
    case.reasons = reasons_for(rng, ward, setting)
    case.urgent = rng.random() < 0.08
    case.consent_to_share = rng.random() < 0.85
    story = _Story(case, rng, ceiling=now - timedelta(minutes=10))
    submitted = moment_on(submitted_day(rng, today), rng.uniform(8.5, 17.5))
    while submitted > story.ceiling:  # late today: make it yesterday's (working day)
        day = timezone.localtime(submitted).date() - timedelta(days=1)
        while not is_working_day(day):
            day -= timedelta(days=1)
        submitted = moment_on(day, rng.uniform(8.5, 17.5))
    try:
        if _submit_and_allocate(story, setting, submitted) and _accept_and_contact(story):
            _casework(story, setting, now)
    except Later:
        pass
    _finish(case, story, rng, setting)
    return case
