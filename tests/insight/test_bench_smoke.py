"""bench_insight at a tiny size: the builder makes consistent data on PostgreSQL, and the command
prints its table of figures. (The real run, a million referrals, is a benchmark, not a test.)"""

import io
from contextlib import nullcontext
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from referrals.models import (
    SWEMWBS_METRIC,
    Connection,
    OutcomeMeasure,
    Referral,
    ReferralEvent,
)
from referrals.workflow import ACTIVE_STATUSES
from thriving.celery import app as celery_app
from thriving.insight import benchdata
from thriving.insight.management.commands import bench_insight

SIZE = 2000


@pytest.fixture
def quiet_side_effects(monkeypatch, settings):
    """The command points Celery and email nowhere; put them back after the test."""
    monkeypatch.setattr(celery_app.conf, "broker_url", celery_app.conf.broker_url)
    monkeypatch.setattr(celery_app, "_pool", celery_app._pool)
    settings.EMAIL_BACKEND = settings.EMAIL_BACKEND


def _scalar(sql: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def test_the_builder_makes_referrals_with_their_journeys(db):
    people = benchdata.bench_build(SIZE, say=lambda _: None)

    assert Referral.objects.count() == SIZE
    events = ReferralEvent.objects.count()
    assert SIZE * 4 < events < SIZE * 8
    assert people.lead_id and people.coordinator_id
    # Every referral's last status event is its status, and its first is the submission.
    assert not _scalar(
        "SELECT count(*) FROM referrals_referral r WHERE r.status <> ("
        "SELECT e.to_status FROM referrals_referralevent e WHERE e.referral_id = r.id "
        "ORDER BY e.at DESC, e.id DESC LIMIT 1)"
    )
    assert not _scalar(
        "SELECT count(*) FROM referrals_referral r WHERE r.submitted_at <> ("
        "SELECT min(e.at) FROM referrals_referralevent e WHERE e.referral_id = r.id)"
    )
    assert Referral.objects.filter(status__in=ACTIVE_STATUSES).exists()
    assert Referral.objects.filter(status="closed").count() > SIZE / 2
    assert Connection.objects.filter(status="attending").exists()


def test_the_builder_scores_swemwbs_with_the_conversion_table(db):
    benchdata.bench_build(SIZE, say=lambda _: None)

    measures = OutcomeMeasure.objects.filter(instrument="swemwbs")
    assert {"start", "end"} == set(measures.values_list("timepoint", flat=True))
    for raw, metric in measures.values_list("swemwbs_raw", "swemwbs_metric").distinct():
        assert metric == Decimal(SWEMWBS_METRIC[raw])


def test_the_command_prints_the_figures_table(db, monkeypatch, quiet_side_effects):
    # Needs the dashboard (thriving.insight.dashboard.selectors.programme_dashboard) and the
    # index (thriving.insight.index.services.index_compute) of issue 5: until both exist,
    # the command stops with "does not exist yet" instead of printing the table.
    monkeypatch.setattr(bench_insight.Command, "_bench_database", lambda self, keep: nullcontext())
    out = io.StringIO()
    call_command("bench_insight", referrals=SIZE, repeat=1, stdout=out)
    printed = out.getvalue()

    assert f"Insight benchmark: {SIZE:,} referrals" in printed
    for figure in [
        "(a) dashboard, lead, last 12 months",
        "(b) dashboard, lead, all time",
        "(c) dashboard, coordinator, 12 months",
        "(d) index compute",
    ]:
        line = next(line for line in printed.splitlines() if line.strip().startswith(figure))
        best, median, queries = line[len("  ") + 40 :].split()[:3]
        assert float(best) >= 0 and float(median) >= float(best) and int(queries) > 0


def test_the_command_refuses_sqlite(monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="on PostgreSQL"):
        call_command("bench_insight", referrals=SIZE)


def test_the_command_says_which_entry_point_is_missing(monkeypatch):
    monkeypatch.setattr(bench_insight, "DASHBOARD", ("thriving.insight.nothing_here", "f"))
    with pytest.raises(CommandError, match="thriving.insight.nothing_here does not exist yet"):
        call_command("bench_insight", referrals=SIZE)
