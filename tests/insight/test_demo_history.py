"""The demo's year of history (thriving.insight.demo): about 800 referrals with timelines that
agree with their statuses and timestamps, measures at the start and the end, and seeding
twice changing nothing."""

import io
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from community_assets import demo as directory_demo
from referrals.connection_workflow import ConnectionStatus
from referrals.models import (
    SWEMWBS_FIELDS,
    SWEMWBS_METRIC,
    Connection,
    ContactAttempt,
    EventKind,
    OutcomeMeasure,
    Referral,
    ReferralEvent,
)
from referrals.workflow import ACTIVE_STATUSES, CLOSED_STATUSES, Status
from thriving.core.validators import nhs_number_is_valid
from thriving.demo import seed as demo_seed
from thriving.insight import demo
from thriving.insight.demo.build import HISTORY_SIZE, history_referrals
from thriving.insight.demo.cast import ILLUSTRATIVE_IMD_RANKS
from thriving.places.models import Ward


def _base_demo() -> None:
    """The demo's organisations, people, postcodes and rules, and the directory's listings:
    what the history is built on (the fifty hand-made stories are not needed)."""
    organisations = demo_seed.organisations_seed()
    demo_seed.users_seed(organisations)
    demo_seed.places_seed()
    demo_seed.allocation_rules_seed(organisations)
    directory_demo.seed(io.StringIO())


def _seed() -> str:
    out = io.StringIO()
    demo.seed(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def _seeded_once(django_db_setup, django_db_blocker):
    """Seeding takes seconds, so the module's checks share one run, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        Ward.objects.update(imd_rank=None)
        _base_demo()
        output = _seed()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_seeded_once, db) -> str:
    return _seeded_once


def _counts() -> dict[str, int]:
    models = [Referral, ReferralEvent, ContactAttempt, Connection, OutcomeMeasure]
    return {model.__name__: model.objects.count() for model in models}


def test_seeding_adds_the_history_once(seeded):
    assert history_referrals().count() == HISTORY_SIZE
    assert f"{HISTORY_SIZE} referrals over the last 12 months added" in seeded


def test_seeding_again_adds_and_changes_nothing(seeded):
    before = _counts()
    updated = dict(history_referrals().values_list("pk", "updated_at"))
    output = _seed()
    assert _counts() == before
    assert dict(history_referrals().values_list("pk", "updated_at")) == updated
    assert "0 referrals over the last 12 months added" in output


def test_history_spreads_over_the_last_year_across_every_ward_practice_and_provider(seeded):
    now = timezone.now()
    history = history_referrals()
    submitted = history.values_list("submitted_at", flat=True)
    assert all(now - timedelta(days=366) < at < now for at in submitted)
    months = {timezone.localtime(at).strftime("%Y-%m") for at in submitted}
    assert len(months) >= 12
    wards = set(history.exclude(ward=None).values_list("ward__name", flat=True))
    assert wards == set(Ward.objects.values_list("name", flat=True))
    assert history.values("referring_organisation").distinct().count() == 6
    assert set(history.exclude(provider=None).values_list("provider__name", flat=True)) == {
        "Action Together",
        "Age UK Oldham",
    }


def test_most_of_the_history_is_closed_and_every_status_reached_is_realistic(seeded):
    statuses = Counter(history_referrals().values_list("status", flat=True))
    closed = sum(statuses[s] for s in CLOSED_STATUSES)
    assert closed > HISTORY_SIZE * 0.6
    assert {Status.CLOSED, Status.DECLINED, Status.REJECTED, Status.UNABLE_TO_CONTACT} <= set(
        statuses
    )
    assert statuses[Status.ENGAGED] > 0


def test_open_history_cases_mostly_belong_to_the_extra_link_workers(seeded):
    open_cases = history_referrals().filter(status__in=ACTIVE_STATUSES)
    demo_workers = open_cases.filter(
        link_worker__email__in=["linkworker@example.org", "linkworker2@example.org"]
    )
    assert demo_workers.count() < open_cases.count() * 0.15


def test_every_timeline_agrees_with_the_status_and_the_timestamps(seeded):
    now = timezone.now()
    for referral in history_referrals().prefetch_related("events", "contact_attempts"):
        events = list(referral.events.all())
        moves = [e for e in events if e.kind == EventKind.STATUS]
        assert [e.at for e in events] == sorted(e.at for e in events), referral.reference
        assert events[-1].at < now
        assert moves[0].to_status == Status.SUBMITTED
        assert moves[0].at == referral.submitted_at == events[0].at
        assert moves[-1].to_status == referral.status, referral.reference
        for before, after in zip(moves, moves[1:], strict=False):
            assert after.from_status == before.to_status, referral.reference

        def last_at(status, moves=moves):
            return next((e.at for e in reversed(moves) if e.to_status == status), None)

        if referral.provider_id:
            assert referral.allocated_at == last_at(Status.ALLOCATED)
        assert referral.accepted_at == last_at(Status.ACCEPTED)
        assert referral.closed_at == (
            last_at(referral.status) if referral.status in CLOSED_STATUSES else None
        )
        attempts = sorted(a.at for a in referral.contact_attempts.all())
        contacts = [e.at for e in events if e.kind == EventKind.CONTACT]
        assert attempts == contacts
        assert referral.first_contact_at == (attempts[0] if attempts else None)
        if attempts:
            assert last_at(Status.CONTACTING) == attempts[0]
        assert referral.updated_at == max(e.at for e in events)


def test_working_cases_have_a_link_worker_and_a_provider(seeded):
    history = history_referrals()
    assert not history.filter(status__in=ACTIVE_STATUSES, link_worker=None).exists()
    assert not history.exclude(status__in=[Status.SUBMITTED, Status.REJECTED]).filter(provider=None)


def test_most_cases_are_allocated_and_contacted_within_the_targets_and_some_are_late(seeded):
    from thriving.core.dates import working_days_between

    def days(start, end):
        return working_days_between(timezone.localdate(start), timezone.localdate(end))

    history = history_referrals()
    allocation = [
        days(s, a)
        for s, a in history.exclude(allocated_at=None).values_list("submitted_at", "allocated_at")
    ]
    contact = [
        days(a, c)
        for a, c in history.exclude(first_contact_at=None).values_list(
            "accepted_at", "first_contact_at"
        )
    ]
    assert 0.8 < sum(d <= 1 for d in allocation) / len(allocation) < 1
    assert 0.7 < sum(d <= 2 for d in contact) / len(contact) < 1


def test_engaged_cases_have_start_measures_and_closed_ones_end_measures(seeded):
    history = history_referrals()
    engaged_ever = history.filter(events__to_status=Status.ENGAGED).distinct()
    with_start = engaged_ever.filter(measures__timepoint="start").distinct()
    closed = history.filter(status=Status.CLOSED)
    with_end = closed.filter(measures__timepoint="end").distinct()
    assert with_start.count() > engaged_ever.count() * 0.7
    assert with_end.count() > closed.count() * 0.6
    # Both instruments each time: one ONS4 and one SWEMWBS per referral and timepoint.
    pairs = (
        OutcomeMeasure.objects.filter(referral__in=history)
        .values("referral", "timepoint")
        .annotate(n=Count("pk"), kinds=Count("instrument", distinct=True))
    )
    assert all(row["n"] == 2 and row["kinds"] == 2 for row in pairs)


def test_end_measures_follow_start_measures_within_the_case(seeded):
    for referral in history_referrals().filter(measures__timepoint="end").distinct():
        start = referral.measures.filter(timepoint="start").first()
        end = referral.measures.filter(timepoint="end").first()
        assert start is not None and start.taken_on <= end.taken_on
        assert end.taken_on == timezone.localdate(referral.closed_at)


def test_swemwbs_is_scored_with_the_conversion_table(seeded):
    measures = OutcomeMeasure.objects.filter(referral__in=history_referrals(), instrument="swemwbs")
    assert measures.exists()
    for measure in measures:
        raw = sum(getattr(measure, f) for f in SWEMWBS_FIELDS)
        assert measure.swemwbs_raw == raw
        assert measure.swemwbs_metric == Decimal(SWEMWBS_METRIC[raw])


def test_every_closed_case_without_an_end_measure_says_why(seeded):
    worked = history_referrals().filter(
        status__in=[Status.CLOSED, Status.DECLINED, Status.UNABLE_TO_CONTACT]
    )
    missing = worked.exclude(measures__timepoint="end")
    assert missing.exists()
    assert not missing.filter(no_end_measure_reason="").exists()
    assert not worked.filter(measures__timepoint="end").exclude(no_end_measure_reason="")


def test_connections_fall_within_their_case_and_every_engaged_case_has_one(seeded):
    history = history_referrals()
    assert not history.filter(status=Status.ENGAGED, connections=None).exists()
    connections = Connection.objects.filter(referral__in=history).select_related("referral")
    assert {c.status for c in connections} >= {
        ConnectionStatus.ATTENDING,
        ConnectionStatus.NOT_TAKEN_UP,
        ConnectionStatus.CONTACTED,
    }
    today = timezone.localdate()
    for connection in connections:
        referral = connection.referral
        last = timezone.localdate(referral.closed_at) if referral.closed_at else today
        days = [connection.suggested_on, connection.contacted_on, connection.attending_from]
        days = [d for d in [*days, connection.ended_on] if d is not None]
        assert days == sorted(days)
        assert timezone.localdate(referral.first_contact_at) <= days[0] and days[-1] <= last


def test_people_in_the_history_have_valid_test_range_nhs_numbers(seeded):
    numbers = history_referrals().values_list("nhs_number", flat=True)
    assert all(n.startswith("999") and nhs_number_is_valid(n) for n in numbers)


def test_history_references_are_marked(seeded):
    assert all(
        r.startswith("TC-H") for r in history_referrals().values_list("reference", flat=True)
    )


def test_illustrative_imd_ranks_are_loaded_when_the_wards_have_none(seeded):
    assert dict(Ward.objects.values_list("name", "imd_rank")) == ILLUSTRATIVE_IMD_RANKS
    assert "illustrative deprivation (IMD) ranks" in seeded


def test_ranks_an_admin_loaded_are_left_alone(seeded):
    Ward.objects.update(imd_rank=None)
    Ward.objects.filter(name="Coldhurst").update(imd_rank=300)
    assert "IMD" not in _seed()
    assert Ward.objects.filter(imd_rank__isnull=False).count() == 1


def test_the_index_is_computed_once_the_history_is_in(seeded):
    # Needs the index (thriving.insight.index.services.index_compute, issue 5).
    from thriving.insight.models import IndexRun

    assert "the Thriving Communities Index computed" in seeded
    assert IndexRun.objects.exists()


def test_seeding_again_does_not_compute_the_index_again(seeded):
    from thriving.insight.models import IndexRun

    runs = IndexRun.objects.count()
    assert "Index computed" not in _seed()
    assert IndexRun.objects.count() == runs


def test_seeding_works_before_the_index_exists(seeded, monkeypatch):
    from thriving.insight.demo import build as seed_module

    monkeypatch.setattr(seed_module, "INDEX_SERVICES", "thriving.insight.no_such_module")
    monkeypatch.setattr(seed_module, "_index_computed", lambda: False)
    assert "the index is not there yet" in _seed()


def test_the_history_has_the_referral_facts_the_dashboard_reads(seeded):
    # Needs the dashboard's referral facts (thriving.insight.facts, issue 5).
    from thriving.insight.models import ReferralFact

    history = history_referrals()
    assert ReferralFact.objects.filter(referral__in=history).count() == HISTORY_SIZE


def test_the_programme_lead_sees_the_year_on_the_dashboard(seeded):
    # Needs the dashboard (thriving.insight.dashboard.selectors.programme_dashboard, issue 5).
    from thriving.accounts.models import User
    from thriving.insight.dashboard.selectors import programme_dashboard

    dashboard = programme_dashboard(user=User.objects.get(email="lead@example.org"))
    funnel = {row["stage"]: row["referrals"] for row in dashboard.funnel.rows}
    assert funnel["Submitted"] >= HISTORY_SIZE * 0.9
    assert len(dashboard.referrals_by_week.rows) >= 52
    by_ward = [row["referrals"] for row in dashboard.referrals_by_ward.rows]
    assert sum(1 for n in by_ward if isinstance(n, int) and n >= 5) >= 20  # every ward
    bands = [row["referrals"] for row in dashboard.wellbeing_change.rows]
    assert sum(n for n in bands if isinstance(n, int)) > 100
