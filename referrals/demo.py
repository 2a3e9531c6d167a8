"""Demo connections: each engaged demo case gets up to two connections to directory listings
that fit its reasons (in the person's ward where there are any), at different stages, dated
between the day the person engaged and today.

For `manage.py seed_demo`, after the directory's demo has added its listings (list this
module after `community_assets.demo` in thriving.demo.seed.OPTIONAL_SEEDERS). Every write goes
through referrals.connections. Safe to run again: a case with connections is left alone.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from community_assets.filters import filter_by_categories, filter_by_place
from community_assets.models import Service, TaxonomyTerm

from . import connections
from .connection_workflow import ConnectionStatus as S
from .models import EventKind, Referral, ReferralEvent
from .workflow import Status

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


@transaction.atomic
def seed(stdout) -> None:
    today = timezone.localdate()
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
    stdout.write(f"Demo connections: {made} added to engaged cases.")
