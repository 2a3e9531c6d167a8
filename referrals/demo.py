"""Demo connections and wellbeing measures.

Each engaged demo case gets up to two connections to directory listings that fit its reasons
(in the person's ward where there are any), at different stages, dated between the day the
person engaged and today.

Every demo case that reached the "what matters to you" conversation gets ONS4 and SWEMWBS
start measures that day; closed cases get their end measures on the day they closed, mostly
better than at the start (one closed case, the person who moved away, has none and says why).
The stories close cases with the end measure "to follow" (their dates are in the past, which
the service refuses), so the measures are written here directly, through the model's own
validation and SWEMWBS scoring, each with its event on the timeline.

For `manage.py seed_demo`, after the directory's demo has added its listings (list this
module after `community_assets.demo` in thriving.demo.seed.OPTIONAL_SEEDERS). Connections go
through referrals.connections. Safe to run again: a case with connections, or with measures,
is left alone.
"""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from community_assets.filters import filter_by_categories, filter_by_place
from community_assets.models import Service, TaxonomyTerm

from . import connections
from .connection_workflow import ConnectionStatus as S
from .measures import INSTRUMENT_SHORT, ITEMS
from .models import EventKind, Instrument, OutcomeMeasure, Referral, ReferralEvent, Timepoint
from .presenters import format_date
from .workflow import CloseReason, NoEndMeasureReason, Status

CONNECTIONS_PER_CASE = 2

# The steps each connection takes after being suggested, by the case's place in the list, so
# the demo shows every status and the listings' counts have some people attending.
PATHS = [
    [S.CONTACTED, S.ATTENDING],
    [S.CONTACTED],
    [],
    [S.NOT_TAKEN_UP],
    [S.CONTACTED, S.ATTENDING],
    [S.CONTACTED, S.NO_SPACE],
]


def _listings_for(referral: Referral) -> list[Service]:
    """Active listings in the categories of the person's reasons: their ward's first."""
    fitting = Service.objects.active()
    codes = connections.category_codes_for(referral)
    if codes:
        term_ids = TaxonomyTerm.objects.filter(code__in=codes).values_list("id", flat=True)
        fitting = filter_by_categories(fitting, term_ids)
    chosen: list[Service] = []
    if referral.ward_id is not None:
        chosen = list(filter_by_place(fitting, ward=referral.ward).order_by("name")[:2])
    for service in fitting.order_by("name"):
        if len(chosen) >= CONNECTIONS_PER_CASE:
            break
        if service not in chosen:
            chosen.append(service)
    return chosen


def _engaged_on(referral: Referral, today: date) -> date:
    event = referral.events.filter(to_status=Status.ENGAGED).order_by("-at").first()
    moment = event.at if event else referral.accepted_at
    return min(timezone.localdate(moment), today) if moment else today


def _days(start: date, today: date, steps: int) -> list[date]:
    """`steps` days from the day after `start` to today, evenly spread, never in the future."""
    first = min(start + timedelta(days=1), today)
    span = (today - first).days
    return [first + timedelta(days=span * i // max(steps - 1, 1)) for i in range(steps)]


def _date_events(referral: Referral, since: datetime, day: date) -> None:
    """Move the connection events the last step wrote to that step's day, mid-morning."""
    moment = timezone.make_aware(datetime.combine(day, time(10, 30)))
    ReferralEvent.objects.filter(
        referral=referral, kind=EventKind.CONNECTION, at__gte=since
    ).update(at=min(moment, timezone.now()))


def _connect(referral: Referral, service: Service, path: list[str], today: date) -> None:
    by = referral.link_worker
    days = _days(_engaged_on(referral, today), today, len(path) + 1)
    since = timezone.now()
    connection = connections.connection_suggest(
        referral=referral, service=service, by=by, on=days[0]
    )
    _date_events(referral, since, days[0])
    for step, day in zip(path, days[1:], strict=True):
        since = timezone.now()
        connection = connections.connection_move(connection=connection, to=step, by=by, on=day)
        _date_events(referral, since, day)


def _connections_seed(today: date) -> int:
    cases = (
        Referral.objects.filter(status=Status.ENGAGED, link_worker__isnull=False)
        .filter(connections__isnull=True)
        .select_related("ward", "link_worker")
        .prefetch_related("reasons")
        .order_by("submitted_at", "pk")
    )
    made = 0
    for index, referral in enumerate(cases):
        for offset, service in enumerate(_listings_for(referral)):
            _connect(referral, service, PATHS[(index + offset) % len(PATHS)], today)
            made += 1
    return made


# ------------------------------------------------------------------------------------------
# Wellbeing measures
# ------------------------------------------------------------------------------------------

_MEASURED = [Status.ENGAGED, Status.ON_HOLD, Status.CLOSED]


def _start_answers(rng: random.Random) -> dict[str, dict[str, int]]:
    """Answers of someone who needs support: lowish wellbeing, highish anxiety."""
    ons4 = {
        "ons_life_satisfaction": rng.randint(2, 6),
        "ons_worthwhile": rng.randint(3, 6),
        "ons_happiness": rng.randint(2, 6),
        "ons_anxiety": rng.randint(5, 9),
    }
    swemwbs = {item.field: rng.choice([1, 2, 2, 3, 3]) for item in ITEMS[Instrument.SWEMWBS]}
    return {Instrument.ONS4: ons4, Instrument.SWEMWBS: swemwbs}


def _end_answers(rng: random.Random, start: dict[str, dict[str, int]]) -> dict:
    """Mostly better at the end, not always, and never past the scale."""
    ons4 = {}
    for item in ITEMS[Instrument.ONS4]:
        step = rng.choice([-1, 0, 1, 2, 2, 3])
        value = start[Instrument.ONS4][item.field] + (step if item.higher_is_better else -step)
        ons4[item.field] = min(max(value, item.low), item.high)
    swemwbs = {
        field: min(value + rng.choice([0, 0, 1, 1, 2]), 5)
        for field, value in start[Instrument.SWEMWBS].items()
    }
    return {Instrument.ONS4: ons4, Instrument.SWEMWBS: swemwbs}


def _measure(referral: Referral, instrument: str, timepoint: str, day: date, answers) -> None:
    by = referral.link_worker
    measure = OutcomeMeasure(
        referral=referral,
        instrument=instrument,
        timepoint=timepoint,
        taken_on=day,
        recorded_by=by,
        **answers,
    )
    # The constraints are the database's to check: save() scores SWEMWBS first.
    measure.full_clean(exclude=["referral", "recorded_by"], validate_constraints=False)
    measure.save()
    moment = min(timezone.make_aware(datetime.combine(day, time(11, 15))), timezone.now())
    OutcomeMeasure.objects.filter(pk=measure.pk).update(recorded_at=moment)
    ReferralEvent.objects.create(
        referral=referral,
        at=moment,
        actor=by,
        kind=EventKind.MEASURE,
        reason=f"{INSTRUMENT_SHORT[instrument]} {Timepoint(timepoint).label.lower()} measure, "
        f"taken on {format_date(day)}",
    )


def _start_day(referral: Referral, today: date) -> date:
    moment = referral.what_matters_recorded_at or referral.accepted_at
    return min(timezone.localdate(moment), today)


def _measures_seed(today: date) -> int:
    cases = (
        Referral.objects.filter(status__in=_MEASURED, link_worker__isnull=False)
        .exclude(what_matters="")
        .filter(measures__isnull=True)
        .select_related("link_worker")
        .order_by("submitted_at", "pk")
    )
    made = 0
    for referral in cases:
        rng = random.Random(f"thriving-demo-measures-{referral.reference}")  # noqa: S311
        start = _start_answers(rng)
        started_on = _start_day(referral, today)
        for instrument, answers in start.items():
            _measure(referral, instrument, Timepoint.START, started_on, answers)
            made += 1
        if referral.status != Status.CLOSED:
            continue
        if referral.close_reason == CloseReason.MOVED_AWAY:
            reason = NoEndMeasureReason.UNABLE_TO_CONTACT
        else:
            ended_on = max(timezone.localdate(referral.closed_at), started_on)
            for instrument, answers in _end_answers(rng, start).items():
                _measure(referral, instrument, Timepoint.END, ended_on, answers)
                made += 1
            reason = ""
        Referral.objects.filter(pk=referral.pk).update(no_end_measure_reason=reason)
    return made


@transaction.atomic
def seed(stdout) -> None:
    today = timezone.localdate()
    connected = _connections_seed(today)
    stdout.write(f"Demo connections: {connected} added to engaged cases.")
    measured = _measures_seed(today)
    stdout.write(f"Demo wellbeing measures: {measured} added to cases.")
