"""bench_build: the whole bench, loaded the way a restore loads a database."""

import time
from contextlib import contextmanager
from datetime import datetime

from django.db import connection
from django.utils import timezone

from . import journeys, organisations
from .organisations import BUILT, COORDINATOR_EMAIL, BenchPeople
from .sql import PLAN, model_of, table_of

BULK_LOADED = [
    "referrals.Referral",
    "referrals.ReferralEvent",
    "referrals.Connection",
    "referrals.OutcomeMeasure",
]


@contextmanager
def _bulk_load(cursor):
    """Load the big tables without per-row work, as a restore does: their secondary indexes
    are dropped and built again afterwards, one pass each; and when the bench connects as a
    superuser, foreign-key triggers are skipped (every key is made to match). Constraints
    behind unique keys stay, and the schema ends exactly as migrated."""
    tables = [table_of(label) for label in BULK_LOADED] + [
        model_of("referrals.Referral").reasons.through._meta.db_table
    ]
    cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
        "AND i.tablename = ANY(%(tables)s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
        "WHERE c.conname = i.indexname AND c.contype IN ('p', 'u', 'x'))",
        {"tables": tables},
    )
    indexes = cursor.fetchall()
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    superuser = cursor.fetchone()[0]
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    if superuser:
        cursor.execute("SET session_replication_role = replica")
    cursor.execute("SET work_mem = '256MB'")  # the sorts that put rows in time order
    try:
        yield
    finally:
        if superuser:
            cursor.execute("RESET session_replication_role")
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        cursor.execute("RESET maintenance_work_mem")
        cursor.execute("RESET work_mem")


def bench_build(count: int, *, now: datetime | None = None, say=print) -> BenchPeople:
    """Fill the (empty, migrated) bench database; returns who the figures are timed for."""
    now = now or timezone.now()
    started = time.perf_counter()

    def done(what: str) -> None:
        say(f"  {what} ({time.perf_counter() - started:.0f} s)")

    people = organisations.people_make()
    wards = organisations.wards_ready()
    with connection.cursor() as cursor:
        services = organisations.directory(cursor, wards, now)
        organisations.grants(cursor, wards, people, now)
        journeys.plan(cursor, count, now, people, wards)
        done("planned")
        with _bulk_load(cursor):
            journeys.referrals(cursor, now)
            done(f"{count:,} referrals")
            done(f"{journeys.events(cursor):,} status events")
            done(f"{journeys.connections(cursor, services, now):,} connections")
            done(f"{journeys.measures(cursor):,} wellbeing measures")
        done("indexes built")
        cursor.execute(f"DROP TABLE {PLAN}")
        # As autovacuum leaves a live database: statistics, and the visibility map that lets
        # index-only scans skip the table (VACUUM cannot run inside a test's transaction).
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        done("vacuumed and analysed")
        # The mark that the build finished: a kept database is reused only when it has one.
        cursor.execute(f"COMMENT ON TABLE {table_of('referrals.Referral')} IS '{BUILT} {count}'")
    return BenchPeople(lead_id=people["lead"], coordinator_id=_coordinator_id())


def _coordinator_id() -> int:
    return model_of("accounts.User").objects.get(email=COORDINATOR_EMAIL).pk
