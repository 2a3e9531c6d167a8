"""A small programme whose dashboard figures are worked out by hand in the tests.

Two providers (Action Together "A", Age UK Oldham "B"), two practices (Werneth Surgery "P1",
Royton Medical Centre "P2"), March and April 2025, "today" 1 May 2025. England's bank
holidays in the period: Good Friday 18 April and Easter Monday 21 April 2025.

    ref practice ward      provider status    submitted        allocated  accepted   1st contact
    R1  P1       Coldhurst A (a1)   closed    Mon 3 Mar 10:00  Mon 3 Mar  Tue 4 Mar  Thu 6 Mar
    R2  P1       Coldhurst A (a1)   engaged   Fri 7 Mar 16:00  Mon 10 Mar Mon 10 Mar Fri 14 Mar
    R3  P2       Werneth   A (a2)   closed    Thu 17 Apr 11:00 Tue 22 Apr Tue 22 Apr Wed 23 Apr
    R4  P2       (none)    B (b1)   accepted  Mon 10 Mar 09:00 Thu 13 Mar Fri 14 Mar (none yet)
    R5  P1       Coldhurst -        submitted Tue 29 Apr 15:00 -          -          -
    R6  P1       Werneth   -        rejected  Wed 5 Mar 12:00  -          -          -
    R8  P2       Werneth   B (b1)   on hold   Wed 12 Mar 09:00 Wed 12 Mar Wed 12 Mar Thu 13 Mar
    R7  P1       Coldhurst A (a1)   engaged   Sat 15 Feb: before the range; counts in caseloads only

Reasons: R1 loneliness; R2 loneliness and low mood; R3 low mood; R4, R5, R6 loneliness;
R8 physical inactivity. Engaged events: R1, R2, R3, R8. Connections: R1 one attending; R3 one
suggested only. SWEMWBS (metric): R1 20.73 -> 24.11; R2 17.43 -> 16.88; R3 22.35 -> ends
18.59 (30 April, the latest, recorded first) and 19.98 (24 April); R8 a start only. ONS4
(life, worthwhile, happiness, anxiety): R1 5,6,5,6 -> 7,7,6,3 (and a review, ignored);
R2 4,4,4,8 -> 5,5,5,6.

Grants: G1 approved £300 Coldhurst constituted group, decided 10 Mar; G2 paid £500 Coldhurst
and Werneth, charity, 2 Apr; G3 completed £120 no ward, charity, 20 Apr; G4 declined, 15 Mar;
G5 approved £200 Coldhurst, decided 1 Feb (outside the range).
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from community_assets.models import Service
from grants.workflow import Status as GrantStatus
from referrals.models import (
    SWEMWBS_FIELDS,
    SWEMWBS_METRIC,
    Connection,
    EventKind,
    Instrument,
    OutcomeMeasure,
    ReferralEvent,
)
from referrals.workflow import Status
from tests.community_assets.factories import GroupFactory
from tests.factories import reasons, user_with_role, ward
from tests.grants.factories import ApplicationFactory, AwardedApplicationFactory
from tests.referrals.case_data import referral_in
from thriving.accounts.roles import Role
from thriving.insight.dashboard.figures import DashboardFilters
from thriving.insight.facts import refresh_referral_facts

TODAY = date(2025, 5, 1)
FILTERS = DashboardFilters(date_from=date(2025, 3, 1), date_to=date(2025, 4, 30))
QUERY = {"date_from": "2025-03-01", "date_to": "2025-04-30"}
METRIC_TO_RAW = {Decimal(metric): raw for raw, metric in SWEMWBS_METRIC.items()}


def at(day: date, hour: int = 9) -> datetime:
    """A moment on a day, Europe/London."""
    return timezone.make_aware(datetime.combine(day, time(hour)))


def swemwbs_items(metric: str) -> dict[str, int]:
    """Seven item scores (1-5) whose raw total converts to `metric`."""
    raw = METRIC_TO_RAW[Decimal(metric)]
    items, extra = [1] * 7, raw - 7
    for i in range(7):
        step = min(4, extra)
        items[i] += step
        extra -= step
    return dict(zip(SWEMWBS_FIELDS, items, strict=True))


def swemwbs(referral, timepoint: str, taken_on: date, metric: str, by) -> OutcomeMeasure:
    measure = OutcomeMeasure(
        referral=referral,
        instrument=Instrument.SWEMWBS,
        timepoint=timepoint,
        taken_on=taken_on,
        recorded_by=by,
        **swemwbs_items(metric),
    )
    measure.save()
    assert measure.swemwbs_metric == Decimal(metric)
    return measure


def ons4(referral, timepoint: str, taken_on: date, scores: tuple, by) -> OutcomeMeasure:
    life, worthwhile, happiness, anxiety = scores
    return OutcomeMeasure.objects.create(
        referral=referral,
        instrument=Instrument.ONS4,
        timepoint=timepoint,
        taken_on=taken_on,
        recorded_by=by,
        ons_life_satisfaction=life,
        ons_worthwhile=worthwhile,
        ons_happiness=happiness,
        ons_anxiety=anxiety,
    )


def engaged_event(referral, day: date) -> None:
    ReferralEvent.objects.create(
        referral=referral,
        at=at(day, 12),
        kind=EventKind.STATUS,
        from_status=Status.CONTACTING,
        to_status=Status.ENGAGED,
    )


def connection(referral, service, by, *, attending: bool) -> Connection:
    day = timezone.localdate(referral.accepted_at)
    return Connection.objects.create(
        referral=referral,
        service=service,
        status="attending" if attending else "suggested",
        suggested_on=day,
        contacted_on=day if attending else None,
        attending_from=day if attending else None,
        created_by=by,
    )


@dataclass
class World:
    provider_a: object
    provider_b: object
    practice_1: object
    practice_2: object
    lw_a1: object
    lw_a2: object
    lw_b1: object
    referrals: dict


def build_world(*, provider, other_provider, practice, other_practice, link_worker) -> World:
    """The programme in the module docstring. `link_worker` (of `provider`) is a1."""
    lw_a2 = user_with_role(Role.LINK_WORKER, provider, full_name="Asha Second")
    lw_b1 = user_with_role(Role.LINK_WORKER, other_provider, full_name="Ben Other")
    coldhurst, werneth = ward("Coldhurst"), ward("Werneth")
    loneliness, low_mood, inactivity = (
        reasons("loneliness"),
        reasons("low-mood"),
        reasons("physical-inactivity"),
    )

    def make(status, practice_, **fields):
        return referral_in(status, practice=practice_, **fields)

    r1 = make(
        Status.CLOSED, practice, provider=provider, link_worker=link_worker, ward=coldhurst,
        reasons=loneliness, submitted_at=at(date(2025, 3, 3), 10),
        allocated_at=at(date(2025, 3, 3), 14), accepted_at=at(date(2025, 3, 4)),
        first_contact_at=at(date(2025, 3, 6)),
    )  # fmt: skip
    r2 = make(
        Status.ENGAGED, practice, provider=provider, link_worker=link_worker, ward=coldhurst,
        reasons=loneliness + low_mood, submitted_at=at(date(2025, 3, 7), 16),
        allocated_at=at(date(2025, 3, 10)), accepted_at=at(date(2025, 3, 10), 11),
        first_contact_at=at(date(2025, 3, 14)),
    )  # fmt: skip
    r3 = make(
        Status.CLOSED, other_practice, provider=provider, link_worker=lw_a2, ward=werneth,
        reasons=low_mood, submitted_at=at(date(2025, 4, 17), 11),
        allocated_at=at(date(2025, 4, 22), 10), accepted_at=at(date(2025, 4, 22), 11),
        first_contact_at=at(date(2025, 4, 23)),
    )  # fmt: skip
    r4 = make(
        Status.ACCEPTED, other_practice, provider=other_provider, link_worker=lw_b1, ward=None,
        reasons=loneliness, submitted_at=at(date(2025, 3, 10)),
        allocated_at=at(date(2025, 3, 13)), accepted_at=at(date(2025, 3, 14)),
        first_contact_at=None,
    )  # fmt: skip
    r5 = make(
        Status.SUBMITTED, practice, ward=coldhurst, reasons=loneliness,
        submitted_at=at(date(2025, 4, 29), 15),
    )  # fmt: skip
    r6 = make(
        Status.REJECTED, practice, ward=werneth, reasons=loneliness,
        submitted_at=at(date(2025, 3, 5), 12),
    )  # fmt: skip
    r7 = make(
        Status.ENGAGED, practice, provider=provider, link_worker=link_worker, ward=coldhurst,
        reasons=loneliness, submitted_at=at(date(2025, 2, 15), 10),
        allocated_at=at(date(2025, 2, 17)), accepted_at=at(date(2025, 2, 17)),
        first_contact_at=at(date(2025, 2, 18)),
    )  # fmt: skip
    r8 = make(
        Status.ON_HOLD, other_practice, provider=other_provider, link_worker=lw_b1, ward=werneth,
        reasons=inactivity, submitted_at=at(date(2025, 3, 12)),
        allocated_at=at(date(2025, 3, 12), 10), accepted_at=at(date(2025, 3, 12), 11),
        first_contact_at=at(date(2025, 3, 13)),
    )  # fmt: skip

    for referral, day in [
        (r1, date(2025, 3, 6)),
        (r2, date(2025, 3, 14)),
        (r3, date(2025, 4, 23)),
        (r7, date(2025, 2, 18)),
        (r8, date(2025, 3, 13)),
    ]:
        engaged_event(referral, day)

    service = Service.objects.create(
        organisation=GroupFactory(), name="Tuesday walking group", description="A walk."
    )
    connection(r1, service, link_worker, attending=True)
    connection(r3, service, lw_a2, attending=False)

    swemwbs(r1, "start", date(2025, 3, 6), "20.73", link_worker)
    swemwbs(r1, "end", date(2025, 4, 10), "24.11", link_worker)
    swemwbs(r2, "start", date(2025, 3, 14), "17.43", link_worker)
    swemwbs(r2, "end", date(2025, 4, 20), "16.88", link_worker)
    swemwbs(r3, "start", date(2025, 4, 23), "22.35", lw_a2)
    swemwbs(r3, "end", date(2025, 4, 30), "18.59", lw_a2)  # the latest end, recorded first
    swemwbs(r3, "end", date(2025, 4, 24), "19.98", lw_a2)
    swemwbs(r8, "start", date(2025, 3, 13), "19.25", lw_b1)
    ons4(r1, "start", date(2025, 3, 6), (5, 6, 5, 6), link_worker)
    ons4(r1, "review", date(2025, 3, 20), (1, 1, 1, 10), link_worker)
    ons4(r1, "end", date(2025, 4, 10), (7, 7, 6, 3), link_worker)
    ons4(r2, "start", date(2025, 3, 14), (4, 4, 4, 8), link_worker)
    ons4(r2, "end", date(2025, 4, 20), (5, 5, 5, 6), link_worker)

    grant = {"amount_requested": Decimal("600.00")}
    AwardedApplicationFactory(
        status=GrantStatus.APPROVED, amount_awarded=Decimal("300.00"),
        group_type="constituted_group", wards=[coldhurst], decided_at=at(date(2025, 3, 10)),
        **grant,
    )  # fmt: skip
    AwardedApplicationFactory(
        status=GrantStatus.PAID, amount_awarded=Decimal("500.00"), group_type="charity",
        charity_number="1234567", wards=[coldhurst, werneth], decided_at=at(date(2025, 4, 2)),
        **grant,
    )  # fmt: skip
    AwardedApplicationFactory(
        status=GrantStatus.COMPLETED, amount_awarded=Decimal("120.00"), group_type="charity",
        charity_number="7654321", decided_at=at(date(2025, 4, 20)), **grant,
    )  # fmt: skip
    ApplicationFactory(
        status=GrantStatus.DECLINED, wards=[coldhurst], decided_at=at(date(2025, 3, 15)), **grant
    )
    AwardedApplicationFactory(
        status=GrantStatus.APPROVED, amount_awarded=Decimal("200.00"), wards=[coldhurst],
        decided_at=at(date(2025, 2, 1)), **grant,
    )  # fmt: skip

    # The dashboard reads the referral facts. Signals refresh them when a transaction
    # commits, which never happens inside a test's transaction; the .update() calls above
    # send no signal anyway: rebuild them, as the facts_refresh task does every 15 minutes.
    refresh_referral_facts()
    return World(
        provider_a=provider,
        provider_b=other_provider,
        practice_1=practice,
        practice_2=other_practice,
        lw_a1=link_worker,
        lw_a2=lw_a2,
        lw_b1=lw_b1,
        referrals={"R1": r1, "R2": r2, "R3": r3, "R4": r4, "R5": r5, "R6": r6, "R7": r7, "R8": r8},
    )
