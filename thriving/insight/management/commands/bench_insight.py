"""Times the programme dashboard and the Thriving Communities Index over a million referrals.

A benchmark, not a test (issue 5: each under 1 second on the 2-core machine). Like
bench_reminders it builds a PostgreSQL database next to the one DATABASE_URL names (migrated
like production), fills it with INSERT ... SELECT generate_series (thriving.insight.benchdata:
referrals over four years with their status events, reasons, connections, measures, listings
and grants), then times each figure REPEAT times and prints the best and the median, in
milliseconds, with the number of SQL queries:

  (a) the programme lead's dashboard with the default filters (the last 12 months)
  (b) the same over all time
  (c) a provider coordinator's dashboard (their organisation only), default filters
  (d) computing the index

Nothing in the real database is touched. The bench database is dropped at the end, unless
--keep: then it is kept (as `bench_insight`) and reused by the next --keep run of the same
size, so timing again after changing a query or an index takes seconds, not minutes
(--rebuild builds it again). With -v 2 it prints every query of each figure, slowest first,
ready for EXPLAIN ANALYZE.

    DATABASE_URL=postgres://... python manage.py bench_insight [--referrals 1000000] [--keep]
"""

import dataclasses
import importlib
import os
import statistics
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Min, QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from thriving.celery import app as celery_app

TARGET_MS = 1000
REPEAT = 3
KEPT_DATABASE = "bench_insight"
DASHBOARD = ("thriving.insight.dashboard.selectors", "programme_dashboard")
INDEX = ("thriving.insight.index.services", "index_compute")


@dataclasses.dataclass
class Figure:
    label: str
    best_ms: float
    median_ms: float
    queries: int
    slowest_ms: float
    slowest_sql: str
    queries_run: list[dict]  # the last run's queries: sql and time (seconds, as text)

    @property
    def verdict(self) -> str:
        return "OK" if self.best_ms < TARGET_MS else "OVER 1 s"


def entry_point(module_name: str, name: str) -> Callable:
    """The function, or a CommandError saying what is missing."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        raise CommandError(
            f"bench_insight times {module_name}.{name}, but {error.name} does not exist yet."
        ) from None
    function = getattr(module, name, None)
    if not callable(function):
        raise CommandError(
            f"bench_insight times {module_name}.{name}, but {module_name} has no {name}()."
        )
    return function


def consume(value, depth: int = 0) -> None:
    """Evaluate whatever lazy parts a result has (querysets, generators), as a page would."""
    if depth > 6 or isinstance(value, str | bytes | int | float | Decimal | date | type(None)):
        return
    if isinstance(value, QuerySet):
        value = list(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = [getattr(value, f.name) for f in dataclasses.fields(value)]
    elif isinstance(value, dict):
        items = list(value.values())
    elif hasattr(value, "__iter__") and not hasattr(value, "_meta"):  # lists, generators
        items = list(value)
    else:
        return
    for item in items:
        consume(item, depth + 1)


def dashboard_filters(*, all_time: bool, today: date):
    """The dashboard's default filters (the last 12 months), or the same from the first
    referral's day: all time."""
    selectors = importlib.import_module(DASHBOARD[0])
    default = selectors.default_filters(today=today)
    if not all_time:
        return default
    first = apps.get_model("referrals", "Referral").objects.aggregate(first=Min("submitted_at"))
    since = timezone.localdate(first["first"]) if first["first"] else default.date_from
    return dataclasses.replace(default, date_from=min(since, default.date_from))


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("--referrals", type=int, default=1_000_000)
        parser.add_argument(
            "--keep",
            action="store_true",
            help=f"Keep the bench database ({KEPT_DATABASE}) and reuse it next time.",
        )
        parser.add_argument(
            "--rebuild", action="store_true", help="With --keep: build the data again."
        )
        parser.add_argument("--repeat", type=int, default=REPEAT)

    def handle(self, *args, referrals: int, keep: bool, rebuild: bool, repeat: int, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "bench_insight measures the dashboard and the index on PostgreSQL, as "
                f"production runs them; the database configured now is {connection.vendor}. "
                "Set DATABASE_URL=postgres://... and run it again."
            )
        # Checked before building, which takes minutes.
        dashboard = entry_point(*DASHBOARD)
        index_compute = entry_point(*INDEX)
        # Queued emails and tasks must go nowhere; and with DEBUG on Django would keep
        # every query's text, which would be measured too.
        celery_app.conf.broker_url = "memory://localhost/"
        celery_app._pool = None
        settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
        settings.DEBUG = False

        with self._bench_database(keep=keep):
            people = self._data(referrals, reuse=keep and not rebuild)
            self._facts()
            figures = self._figures(dashboard, index_compute, people, repeat)
        self._print(referrals, figures, repeat, every_query=options["verbosity"] >= 2)

    # --------------------------------------------------------------------------------------

    @contextmanager
    def _bench_database(self, *, keep: bool):
        settings_dict = connection.settings_dict
        real_name = settings_dict["NAME"]
        name = KEPT_DATABASE if keep else f"bench_insight_{os.getpid()}"
        settings_dict.setdefault("TEST", {})["NAME"] = name
        self.stdout.write(f"Bench database {name} (migrating)…")
        connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=keep
        )
        try:
            yield
        finally:
            connection.creation.destroy_test_db(real_name, verbosity=0, keepdb=keep)
            self.stdout.write("Kept the bench database." if keep else "Dropped the bench database.")

    def _data(self, count: int, *, reuse: bool):
        from thriving.insight import benchdata

        Referral = apps.get_model("referrals", "Referral")
        people = benchdata.bench_people()
        if reuse and people is not None and benchdata.bench_built() == count:
            self.stdout.write(f"Reusing the {count:,} referrals already built.")
            return people
        if people is not None or Referral.objects.exists():
            self._empty()
        self.stdout.write(f"Building {count:,} referrals…")
        started = time.perf_counter()
        people = benchdata.bench_build(count, say=self.stdout.write)
        self.stdout.write(f"Built in {time.perf_counter() - started:.0f} s.")
        return people

    def _facts(self) -> None:
        """Rebuild the referral facts the dashboard and the index read (thriving.insight.facts),
        as the facts_refresh task does every 15 minutes, and say how long it took."""
        from thriving.insight.facts import rebuild_referral_facts

        started = time.perf_counter()
        written = rebuild_referral_facts()
        self.stdout.write(
            f"facts refresh: {written:,} referrals in {time.perf_counter() - started:.1f} s."
        )

    def _empty(self) -> None:
        """Start again from a freshly migrated database of the same name."""
        real_name = connection.settings_dict["NAME"]
        connection.creation.destroy_test_db(real_name, verbosity=0, keepdb=False)
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)

    def _figures(self, dashboard, index_compute, people, repeat: int) -> list[Figure]:
        User = apps.get_model("accounts", "User")
        lead = User.objects.get(pk=people.lead_id)
        coordinator = User.objects.get(pk=people.coordinator_id)
        today = timezone.localdate()
        default = dashboard_filters(all_time=False, today=today)
        all_time = dashboard_filters(all_time=True, today=today)
        runs = [
            ("(a) dashboard, lead, last 12 months", lambda: dashboard(user=lead, filters=default)),
            ("(b) dashboard, lead, all time", lambda: dashboard(user=lead, filters=all_time)),
            (
                "(c) dashboard, coordinator, 12 months",
                lambda: dashboard(user=coordinator, filters=default),
            ),
            ("(d) index compute", index_compute),
        ]
        return [self._time(label, call, repeat) for label, call in runs]

    def _time(self, label: str, call: Callable, repeat: int) -> Figure:
        times, captured = [], []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                consume(call())
                times.append((time.perf_counter() - started) * 1000)
            captured = queries.captured_queries
        slowest = max(captured, key=lambda q: float(q["time"]), default={"time": 0, "sql": ""})
        self.stdout.write(f"  timed {label}: best {min(times):.0f} ms")
        return Figure(
            label=label,
            best_ms=min(times),
            median_ms=statistics.median(times),
            queries=len(captured),
            slowest_ms=float(slowest["time"]) * 1000,
            slowest_sql=slowest["sql"],
            queries_run=list(captured),
        )

    def _print(self, count: int, figures: list[Figure], repeat: int, every_query: bool) -> None:
        self.stdout.write("")
        self.stdout.write(f"Insight benchmark: {count:,} referrals, each figure run {repeat} times")
        header = f"  {'figure':<40} {'best ms':>9} {'median ms':>10} {'queries':>8}  target"
        self.stdout.write(header)
        for f in figures:
            self.stdout.write(
                f"  {f.label:<40} {f.best_ms:>9.0f} {f.median_ms:>10.0f} {f.queries:>8}  "
                f"{f.verdict}"
            )
        self.stdout.write("")
        for f in figures:
            if every_query:  # -v 2: every query of the last run, slowest first
                self.stdout.write(f"Queries of {f.label}:")
                for query in sorted(f.queries_run, key=lambda q: -float(q["time"])):
                    self.stdout.write(f"  {float(query['time']) * 1000:7.0f} ms  {query['sql']}")
                continue
            self.stdout.write(
                f"  slowest query in {f.label}: {f.slowest_ms:.0f} ms: {f.slowest_sql[:300]}"
            )
