"""Times one reminder sweep over a million referrals, of which about 50,000 are due.

A benchmark, not a test: it builds a throwaway PostgreSQL database next to the one
DATABASE_URL names (migrated like production), fills it with INSERT ... SELECT
generate_series, runs the sweep end to end (record, resolve, notify, queue emails), prints
the figures, and drops the database again. Nothing in the real database is touched.

    DATABASE_URL=postgres://... python manage.py bench_reminders [--referrals 1000000]

The domain tables are reached through the app registry, not imported: notifications knows
nothing of referrals (ARCHITECTURE.md), and neither does its benchmark's code.
"""

import os
import resource
import time
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from thriving.accounts.roles import OrganisationKind, Role
from thriving.celery import app as celery_app

TARGET_SECONDS = 60
PROVIDERS = 5
COORDINATORS_PER_PROVIDER = 2
LINK_WORKERS_PER_PROVIDER = 40
PRACTICES = 20

# Where each referral falls, by i % 10000: (upper bound, state). About 5% of referrals are
# due one reminder or more; the rest are recent, in progress or closed.
BUCKETS = [
    (5, "unallocated_due"),  # submitted 10 days ago
    (25, "unallocated_recent"),
    (75, "allocated_due"),  # allocated 6 days ago: 2-working-day reminder
    (100, "allocated_escalated"),  # allocated 30 days ago: both reminders
    (300, "allocated_recent"),
    (400, "accepted_due"),  # accepted 5 days ago, no contact attempt
    (425, "accepted_escalated"),  # accepted 20 days ago, no contact attempt
    (700, "accepted_recent"),
    (1300, "contacting"),
    (1450, "engaged_follow_up_due"),  # next contact date 3 days ago
    (1600, "engaged_inactive"),  # last activity 40 days ago
    (4300, "engaged"),
    (4400, "on_hold"),
    (10000, "closed"),
]


def _rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("--referrals", type=int, default=1_000_000)

    def handle(self, *args, referrals: int, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "bench_reminders measures the sweep on PostgreSQL, as production runs it; the "
                f"database configured now is {connection.vendor}. Set "
                "DATABASE_URL=postgres://... and run it again."
            )
        # Queued emails must go nowhere: a real worker on the real database must never see
        # ids from the throwaway one.
        celery_app.conf.broker_url = "memory://localhost/"
        celery_app._pool = None
        settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
        # As in production: with DEBUG on, Django keeps the text of every query in memory,
        # which would be measured as the sweep's.
        settings.DEBUG = False

        settings_dict = connection.settings_dict
        real_name = settings_dict["NAME"]
        settings_dict.setdefault("TEST", {})["NAME"] = f"bench_reminders_{os.getpid()}"
        self.stdout.write(
            f"Creating a throwaway database {settings_dict['TEST']['NAME']} (migrating)…"
        )
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            self._run(referrals)
        finally:
            connection.creation.destroy_test_db(real_name, verbosity=0, keepdb=False)
            self.stdout.write("Dropped the throwaway database.")

    # --------------------------------------------------------------------------------------

    def _run(self, count: int) -> None:
        from thriving.notifications import services
        from thriving.notifications.models import Notification, OutboundEmail, Reminder

        started = time.perf_counter()
        people = self._people()
        self._referrals(count, people)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            f"Built {count:,} referrals and their events in {time.perf_counter() - started:.1f} s"
        )

        rss_before = _rss_mb()
        started = time.perf_counter()
        recorded = services.reminders_record()
        record_seconds = time.perf_counter() - started
        emails = services.reminders_email()
        sweep_seconds = time.perf_counter() - started
        rss_after = _rss_mb()

        started = time.perf_counter()
        again = services.reminders_sweep()
        second_seconds = time.perf_counter() - started

        started = time.perf_counter()
        sent = 0
        while batch := services.emails_deliver(limit=500):
            sent += batch
        send_seconds = time.perf_counter() - started

        verdict = "OK" if sweep_seconds < TARGET_SECONDS else "TOO SLOW"
        rows = [
            ("referrals", f"{count:,}"),
            ("things due (kind, referral)", f"{self._things_due():,}"),
            ("due rows found by the rules", f"{recorded.due:,} (one per person told)"),
            ("reminders created", f"{Reminder.objects.count():,}"),
            ("in-app notifications", f"{Notification.objects.count():,}"),
            ("emails queued (one per person)", f"{OutboundEmail.objects.count():,}"),
            ("sweep: record and notify (all rules)", f"{record_seconds:.1f} s"),
            ("sweep: queue emails", f"{sweep_seconds - record_seconds:.1f} s"),
            (
                "sweep: end to end",
                f"{sweep_seconds:.1f} s  (target under {TARGET_SECONDS} s: {verdict})",
            ),
            ("second sweep (nothing new)", f"{second_seconds:.1f} s, {again.notified} new"),
            ("sending the queued emails", f"{send_seconds:.1f} s for {sent:,} (dummy backend)"),
            ("peak RSS before the sweep", f"{rss_before:.0f} MB"),
            ("peak RSS after the sweep", f"{rss_after:.0f} MB (+{rss_after - rss_before:.0f} MB)"),
            ("RSS now", f"{_current_rss_mb():.0f} MB"),
        ]
        self.stdout.write("")
        for label, value in rows:
            self.stdout.write(f"  {label:<38} {value}")
        if recorded.notified != Notification.objects.count() or emails != sent:
            raise CommandError("The sweep did not notify and email every reminder it recorded.")

    def _things_due(self) -> int:
        from thriving.notifications.models import Reminder

        return Reminder.objects.values("kind", "object_id").distinct().count()

    def _people(self) -> dict:
        Organisation = apps.get_model("accounts", "Organisation")
        User = apps.get_model("accounts", "User")
        Membership = apps.get_model("accounts", "Membership")

        providers = Organisation.objects.bulk_create(
            Organisation(name=f"Provider {n}", kind=OrganisationKind.PROVIDER)
            for n in range(PROVIDERS)
        )
        practices = Organisation.objects.bulk_create(
            Organisation(name=f"Surgery {n}", kind=OrganisationKind.REFERRER, ods_code=f"B{n:05d}")
            for n in range(PRACTICES)
        )

        def staff(prefix: str, n: int):
            return User(email=f"{prefix}{n}@bench.example.org", full_name=f"{prefix} {n}")

        coordinators = User.objects.bulk_create(
            staff("coordinator", n) for n in range(PROVIDERS * COORDINATORS_PER_PROVIDER)
        )
        link_workers = User.objects.bulk_create(
            staff("linkworker", n) for n in range(PROVIDERS * LINK_WORKERS_PER_PROVIDER)
        )
        referrers = User.objects.bulk_create(staff("referrer", n) for n in range(PRACTICES))
        Membership.objects.bulk_create(
            [
                *(
                    Membership(
                        user=user,
                        organisation=providers[n // COORDINATORS_PER_PROVIDER],
                        role=Role.COORDINATOR,
                    )
                    for n, user in enumerate(coordinators)
                ),
                *(
                    Membership(
                        user=user,
                        organisation=providers[n // LINK_WORKERS_PER_PROVIDER],
                        role=Role.LINK_WORKER,
                    )
                    for n, user in enumerate(link_workers)
                ),
                *(
                    Membership(user=user, organisation=practices[n], role=Role.REFERRER)
                    for n, user in enumerate(referrers)
                ),
            ]
        )
        return {
            "providers": [str(p.pk) for p in providers],
            "practices": [str(p.pk) for p in practices],
            "link_workers": [u.pk for u in link_workers],
            "referrers": [u.pk for u in referrers],
        }

    def _referrals(self, count: int, people: dict) -> None:
        Referral = apps.get_model("referrals", "Referral")
        Event = apps.get_model("referrals", "ReferralEvent")
        now = timezone.now()
        today = timezone.localdate()
        state = (
            "CASE "
            + " ".join(f"WHEN i %% 10000 < {bound} THEN '{name}'" for bound, name in BUCKETS[:-1])
            + f" ELSE '{BUCKETS[-1][1]}' END"
        )
        workers = len(people["link_workers"])
        per_provider = LINK_WORKERS_PER_PROVIDER
        days = "make_interval(days => {})"

        def ago(n: int) -> str:
            return f"(%(now)s::timestamptz - {days.format(n)})"

        status = {
            "unallocated_due": "submitted",
            "unallocated_recent": "submitted",
            "allocated_due": "allocated",
            "allocated_escalated": "allocated",
            "allocated_recent": "allocated",
            "accepted_due": "accepted",
            "accepted_escalated": "accepted",
            "accepted_recent": "accepted",
            "contacting": "contacting",
            "engaged_follow_up_due": "engaged",
            "engaged_inactive": "engaged",
            "engaged": "engaged",
            "on_hold": "on_hold",
            "closed": "closed",
        }

        def by_state(values: dict[str, str], default: str = "NULL") -> str:
            cases = " ".join(f"WHEN '{k}' THEN {v}" for k, v in values.items())
            return f"CASE s.state {cases} ELSE {default} END"

        submitted_at = by_state(
            {
                "unallocated_due": ago(10),
                "unallocated_recent": "(%(now)s::timestamptz - interval '2 hours')",
                "engaged_inactive": ago(70),
            },
            ago(45),
        )
        allocated_at = by_state(
            {
                "unallocated_due": "NULL",
                "unallocated_recent": "NULL",
                "allocated_due": ago(6),
                "allocated_escalated": ago(30),
                "allocated_recent": "(%(now)s::timestamptz - interval '2 hours')",
            },
            ago(44),
        )
        accepted_at = by_state(
            {
                "accepted_due": ago(5),
                "accepted_escalated": ago(20),
                "accepted_recent": "(%(now)s::timestamptz - interval '2 hours')",
                "contacting": ago(10),
                "engaged_follow_up_due": ago(30),
                "engaged_inactive": ago(60),
                "engaged": ago(30),
                "on_hold": ago(30),
                "closed": ago(40),
            }
        )
        unallocated = "s.state LIKE 'unallocated%%'"
        unaccepted = f"({unallocated} OR s.state LIKE 'allocated%%')"
        worker = f"(%(workers)s::bigint[])[1 + s.i %% {workers}]"
        provider = f"(%(providers)s::uuid[])[1 + (s.i %% {workers}) / {per_provider}]"
        given = {
            "id": "gen_random_uuid()",
            "reference": "'TC-' || lpad(s.i::text, 8, '0')",
            "nhs_number": "lpad((9000000000 + s.i)::text, 10, '0')",
            "given_name": "'Bench'",
            "family_name": "'Person ' || s.i",
            "date_of_birth": "DATE '1960-01-01' + (s.i %% 20000)",
            "address_line_1": "'1 High Street'",
            "postcode": "'OL1 1AA'",
            "consent_to_referral": "true",
            "consent_to_share": "true",
            "referrer_id": "(%(referrers)s::bigint[])[1 + s.i %% {n}]".format(
                n=len(people["referrers"])
            ),
            "referring_organisation_id": "(%(practices)s::uuid[])[1 + s.i %% {n}]".format(
                n=len(people["practices"])
            ),
            "status": by_state({k: f"'{v}'" for k, v in status.items()}),
            "status_before_hold": "CASE s.state WHEN 'on_hold' THEN 'engaged' ELSE '' END",
            "provider_id": f"CASE WHEN {unallocated} THEN NULL ELSE {provider} END",
            "link_worker_id": f"CASE WHEN {unaccepted} THEN NULL ELSE {worker} END",
            "next_contact_date": by_state(
                {
                    "engaged_follow_up_due": "%(today)s::date - 3",
                    "engaged": "%(today)s::date + 10",
                    "engaged_inactive": "%(today)s::date + 10",
                }
            ),
            "close_reason": "CASE s.state WHEN 'closed' THEN 'goals_met' ELSE '' END",
            "submitted_at": submitted_at,
            "allocated_at": allocated_at,
            "accepted_at": accepted_at,
            "first_contact_at": by_state(
                {
                    "contacting": ago(9),
                    "engaged_follow_up_due": ago(29),
                    "engaged_inactive": ago(59),
                    "engaged": ago(29),
                    "on_hold": ago(29),
                    "closed": ago(39),
                }
            ),
            "closed_at": by_state({"closed": ago(2)}),
            "updated_at": "%(now)s",
        }
        columns, values, params = self._columns(Referral, given)
        params |= {
            "now": now,
            "today": today,
            "workers": people["link_workers"],
            "providers": people["providers"],
            "referrers": people["referrers"],
            "practices": people["practices"],
            "count": count,
        }
        # Table and column names come from the model registry; every value is a parameter.
        sql = (
            f"INSERT INTO {Referral._meta.db_table} ({', '.join(columns)}) "  # noqa: S608
            f"SELECT {', '.join(values)} FROM "
            f"(SELECT i, {state} AS state FROM generate_series(1, %(count)s) AS i) AS s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            # Every referral's submission event, and for engaged cases their latest activity.
            events = Event._meta.db_table
            cursor.execute(
                f"INSERT INTO {events} (referral_id, at, kind, from_status, to_status, reason) "  # noqa: S608
                f"SELECT id, submitted_at, 'status', '', 'submitted', 'Referral submitted' "
                f"FROM {Referral._meta.db_table}"
            )
            cursor.execute(
                f"INSERT INTO {events} (referral_id, at, kind, from_status, to_status, reason) "  # noqa: S608
                "SELECT id, CASE WHEN submitted_at < %(old)s THEN %(inactive)s "
                "ELSE %(active)s END, 'note', '', '', 'Note added' "
                f"FROM {Referral._meta.db_table} WHERE status = 'engaged'",
                {
                    "old": now - timedelta(days=60),
                    "inactive": now - timedelta(days=40),
                    "active": now - timedelta(days=3),
                },
            )

    def _columns(self, model, given: dict[str, str]):
        """Every concrete column of `model`: the SQL expression given for it, or its
        default, or NULL. Refuses a required column it cannot fill."""
        columns, values, params = [], [], {}
        for field in model._meta.concrete_fields:
            column = field.column
            columns.append(connection.ops.quote_name(column))
            if column in given:
                values.append(given[column])
            elif field.has_default() and not callable(field.default):
                key = f"default_{column}"
                params[key] = field.get_db_prep_save(field.get_default(), connection)
                values.append(f"%({key})s")
            elif field.null:
                values.append("NULL")
            elif field.blank and field.get_internal_type() in {"CharField", "TextField"}:
                values.append("''")
            else:
                raise CommandError(f"bench_reminders cannot fill {model.__name__}.{column}")
        return columns, values, params
