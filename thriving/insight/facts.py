"""Referral facts: one narrow row per referral that the dashboard and the index count over.

Why: the figures used to be worked out from the wide referrals table, its history, its
connections and its measures on every page view (the earliest start and latest end measure
of each referral alone took seconds over a million referrals). `ReferralFact` holds, per
referral, just what the figures need, with the Europe/London dates and the wellbeing changes
already worked out, so each figure is one scan of a narrow table.

`refresh_referral_facts()` rebuilds them in the database, set-based (DELETE, then one
INSERT ... SELECT joining the referral to its engaged events, its connections and its chosen
measures), the same SQL on PostgreSQL and SQLite; for all referrals or for some.

How the facts stay fresh:
- saving or deleting a referral, one of its events, connections or measures, or changing its
  reasons collects the referral's id; when the transaction commits, the facts of the ids it
  collected are refreshed (`signals.py`). A failure there is logged and never breaks the
  request: the next full refresh puts it right.
- `QuerySet.update()`, `bulk_create()` and raw SQL send no signals: the `facts_refresh` task
  rebuilds every fact every 15 minutes, and before the nightly index.

The definitions are the dashboard's (thriving.insight.dashboard) and the index's:
- engaged: the history has an event to "engaged";
- attended: one of its connections reached attending (has an "attending from" date);
- connected_now: one of its connections is now contacted or attending (the index);
- allocation / contact working days: working days after the submitted (accepted) date up to
  and including the allocated (first contact) date, from the calendar table
  (thriving.core.calendar: through(B) - through(A)); empty until the interval ends;
- wellbeing: the earliest start and the latest end measure of each instrument, by date taken
  then the order recorded; the SWEMWBS change is end metric minus start metric, the ONS4
  answers are kept at both ends; all empty unless the referral has both.
"""

import logging
import time
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from referrals.models import Connection, OutcomeMeasure, Referral, ReferralEvent
from referrals.workflow import Status
from thriving.core.calendar import ensure_calendar
from thriving.core.models import CalendarDay

from .index.definitions import CONNECTED_STATUSES
from .models import FactsRefresh, ReferralFact, ReferralReasonFact

logger = logging.getLogger(__name__)

BATCH = 500  # ids per statement (SQLite allows 999 parameters)

ONS4 = ("ons_life_satisfaction", "ons_worthwhile", "ons_happiness", "ons_anxiety")

COLUMNS = [
    "referral_id",
    "submitted_at",
    "submitted_on",
    "provider_id",
    "link_worker_id",
    "ward_id",
    "referring_organisation_id",
    "status",
    "allocated_on",
    "accepted_on",
    "first_contact_on",
    "allocation_working_days",
    "contact_working_days",
    "engaged",
    "attended",
    "connected_now",
    "swemwbs_change",
    "swemwbs_end_on",
    *[f"{q}_{end}" for q in ONS4 for end in ("start", "end")],
]


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _london_date(column: str) -> tuple[str, list]:
    """SQL for the Europe/London date of a timestamp column (NULL stays NULL)."""
    tzname = timezone.get_default_timezone_name()
    sql, params = connection.ops.datetime_cast_date_sql(column, (), tzname)
    return sql, list(params)


def _working_days(start: str, end: str) -> str:
    """SQL for the working days between two joined calendar days (NULL if either is)."""
    through = "working_days_through"
    return (
        f"CASE WHEN {end}.{through} > {start}.{through} "
        f"THEN {end}.{through} - {start}.{through} "
        f"WHEN {end}.day IS NOT NULL AND {start}.day IS NOT NULL THEN 0 END"
    )


def _select_sql(ids: list | None) -> tuple[str, list]:
    """The INSERT ... SELECT for every referral, or for `ids` only."""
    params: list = []

    def only(column: str) -> str:
        if ids is None:
            return "1 = 1"
        params.extend(ids)
        return f"{column} IN ({', '.join(['%s'] * len(ids))})"

    # The SELECT list comes first in the text, so its parameters do too.
    select = []
    for column in ("submitted_at", "allocated_at", "accepted_at", "first_contact_at"):
        sql, date_params = _london_date(f"r.{column}")
        select.append(sql)
        params.extend(date_params)
    submitted_on, allocated_on, accepted_on, first_contact_on = select

    ons4_picks = ",\n".join(
        f"MAX(CASE WHEN instrument = 'ons4' AND timepoint = '{tp}' THEN {q} END) AS {q}_{tp}"
        for q in ONS4
        for tp in ("start", "end")
    )
    ons4_values = ", ".join(
        f"CASE WHEN w.ons4_picks = 2 THEN w.{q}_{tp} END" for q in ONS4 for tp in ("start", "end")
    )
    connected = ", ".join(f"'{s}'" for s in sorted(CONNECTED_STATUSES))
    # Derived tables, each limited to the ids when there are some (parameters in text order).
    events = (
        f"SELECT referral_id FROM {_table(ReferralEvent)} "  # noqa: S608 - see _select_sql
        f"WHERE to_status = '{Status.ENGAGED}' AND {only('referral_id')} GROUP BY referral_id"
    )
    connections = (
        f"SELECT referral_id, "  # noqa: S608 - names and constants from the models
        f"MAX(CASE WHEN attending_from IS NOT NULL THEN 1 ELSE 0 END) AS attended, "
        f"MAX(CASE WHEN status IN ({connected}) THEN 1 ELSE 0 END) AS connected_now "
        f"FROM {_table(Connection)} WHERE {only('referral_id')} GROUP BY referral_id"
    )
    measures = f"""
        SELECT referral_id,
            MAX(CASE WHEN instrument = 'swemwbs' AND timepoint = 'start'
                THEN swemwbs_metric END) AS swemwbs_start,
            MAX(CASE WHEN instrument = 'swemwbs' AND timepoint = 'end'
                THEN swemwbs_metric END) AS swemwbs_end,
            MAX(CASE WHEN instrument = 'swemwbs' AND timepoint = 'end'
                THEN taken_on END) AS swemwbs_end_on,
            SUM(CASE WHEN instrument = 'ons4' THEN 1 ELSE 0 END) AS ons4_picks,
            {ons4_picks}
        FROM (
            SELECT referral_id, instrument, timepoint, taken_on, swemwbs_metric,
                {", ".join(ONS4)},
                ROW_NUMBER() OVER (
                    PARTITION BY referral_id, instrument, timepoint ORDER BY taken_on, id
                ) AS n,
                COUNT(*) OVER (PARTITION BY referral_id, instrument, timepoint) AS picks
            FROM {_table(OutcomeMeasure)}
            WHERE timepoint IN ('start', 'end') AND {only("referral_id")}
        ) ranked
        WHERE (timepoint = 'start' AND n = 1) OR (timepoint = 'end' AND n = picks)
        GROUP BY referral_id
    """  # noqa: S608 - names and constants from the models; every value is a parameter
    # Working days after A up to and including B: each London date joined to its calendar
    # day, through(B) - through(A), 0 when B is not after A (as thriving.core.calendar).
    calendar_joins = []
    for alias, column in (
        ("cs", "submitted_at"),
        ("ca", "allocated_at"),
        ("cp", "accepted_at"),
        ("cf", "first_contact_at"),
    ):
        day_sql, day_params = _london_date(f"r.{column}")
        calendar_joins.append(f"LEFT JOIN {_table(CalendarDay)} {alias} ON {alias}.day = {day_sql}")
        params.extend(day_params)
    where = only("r.id")
    sql = f"""
        INSERT INTO {_table(ReferralFact)} ({", ".join(COLUMNS)})
        SELECT r.id, r.submitted_at, {submitted_on}, r.provider_id, r.link_worker_id,
            r.ward_id, r.referring_organisation_id, r.status,
            {allocated_on}, {accepted_on}, {first_contact_on},
            {_working_days("cs", "ca")}, {_working_days("cp", "cf")},
            (e.referral_id IS NOT NULL),
            (COALESCE(c.attended, 0) = 1),
            (COALESCE(c.connected_now, 0) = 1),
            ROUND(w.swemwbs_end - w.swemwbs_start, 2),
            CASE WHEN w.swemwbs_start IS NOT NULL THEN w.swemwbs_end_on END,
            {ons4_values}
        FROM {_table(Referral)} r
        LEFT JOIN ({events}) e ON e.referral_id = r.id
        LEFT JOIN ({connections}) c ON c.referral_id = r.id
        LEFT JOIN ({measures}) w ON w.referral_id = r.id
        {" ".join(calendar_joins)}
        WHERE {where}
        ORDER BY r.submitted_at
    """  # noqa: S608 - names and constants from the models; every value is a parameter
    return sql, params


REASON_COLUMNS = [
    "referral_id",
    "reason_id",
    "submitted_on",
    "provider_id",
    "ward_id",
    "swemwbs_change",
]


def _reasons_sql(ids: list | None) -> tuple[str, list]:
    """The INSERT ... SELECT of the reason facts, from the referrals' reasons and their
    referral facts (so it runs after those are written); for every referral or `ids` only."""
    through = connection.ops.quote_name(Referral.reasons.through._meta.db_table)
    where, params = "1 = 1", []
    if ids is not None:
        where = f"t.referral_id IN ({', '.join(['%s'] * len(ids))})"
        params = list(ids)
    sql = f"""
        INSERT INTO {_table(ReferralReasonFact)} ({", ".join(REASON_COLUMNS)})
        SELECT t.referral_id, t.referralreason_id, f.submitted_on, f.provider_id, f.ward_id,
            f.swemwbs_change
        FROM {through} t
        JOIN {_table(ReferralFact)} f ON f.referral_id = t.referral_id
        WHERE {where}
        ORDER BY f.submitted_on
    """  # noqa: S608 - names from the models; every value is a parameter
    return sql, params


def _db_ids(ids: Iterable) -> list:
    pk = Referral._meta.pk
    return [pk.get_db_prep_value(i, connection) for i in ids]


@transaction.atomic
def refresh_referral_facts(referral_ids: Iterable | None = None) -> int:
    """Rebuild the facts of every referral (referral_ids None) or of those given (a referral
    since deleted just loses its fact). Returns how many referral facts were written. The
    reason facts (one per reason a referral gives) are rebuilt with them, from them."""
    started = time.perf_counter()
    ensure_calendar()  # the working days are counted from it
    fact_table = _table(ReferralFact)
    reason_table = _table(ReferralReasonFact)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL jit = off")
        if referral_ids is None:
            cursor.execute(f"DELETE FROM {reason_table}")  # noqa: S608 - the model's table
            cursor.execute(f"DELETE FROM {fact_table}")  # noqa: S608 - the model's table
            sql, params = _select_sql(None)
            cursor.execute(sql, params)
            written = cursor.rowcount
            cursor.execute(*_reasons_sql(None))
            FactsRefresh.objects.update_or_create(
                pk=1,
                defaults={
                    "finished_at": timezone.now(),
                    "referrals": written,
                    "duration_ms": round((time.perf_counter() - started) * 1000),
                },
            )
            return written
        ids = sorted(set(_db_ids(referral_ids)), key=str)
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            marks = ", ".join(["%s"] * len(batch))
            for table in (reason_table, fact_table):
                delete = f"DELETE FROM {table} WHERE referral_id IN ({marks})"  # noqa: S608
                cursor.execute(delete, batch)
            sql, params = _select_sql(batch)
            cursor.execute(sql, params)
            written += cursor.rowcount
            cursor.execute(*_reasons_sql(batch))
    return written


def rebuild_referral_facts() -> int:
    """Rebuild every fact, then (PostgreSQL, outside any transaction) VACUUM ANALYZE the
    tables: a rebuild leaves a dead copy of every row behind, which a vacuum makes reusable at
    once (so the table does not keep growing) and which lets the figures read the covering
    index alone. What the facts_refresh task and the benchmark call."""
    written = refresh_referral_facts()
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            for model in (ReferralFact, ReferralReasonFact):
                cursor.execute(f"VACUUM (ANALYZE) {_table(model)}")
    return written


def last_full_refresh():
    """When the facts were last rebuilt whole (None if never)."""
    return FactsRefresh.objects.filter(pk=1).values_list("finished_at", flat=True).first()
