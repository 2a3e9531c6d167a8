"""The reminder sweep: record what is due once, with its in-app notification, then email.

1. Record. Each rule's set-based query streams its due rows; they are written in batches by
   one statement that inserts the reminders with ON CONFLICT DO NOTHING under the unique key
   (person, kind, thing, due date) and, from the rows it actually inserted (RETURNING),
   their in-app notifications. A second sweep, or one running alongside, inserts nothing, so
   notifies nobody again; a reminder never exists without its notification.
2. Resolve. Open reminders of a rule whose thing the rule no longer finds are marked done,
   so the daily summary never lists work that has been done.
3. Email. Reminders for people who want email straight away, not yet emailed, are taken a
   batch at a time with SELECT ... FOR UPDATE SKIP LOCKED; each person gets one email listing
   their new items, in the transaction that links the reminders to it. What a crashed sweep
   left is taken by the next.
4. Send. Emails are queued to the workers after the commit; if the broker is away, the outbox
   sweep sends them later.
"""

import logging
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import DatabaseError, OperationalError, connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from thriving.accounts.models import User

from .. import registry
from ..models import Delivery, Notification, NotificationPreference, OutboundEmail, Reminder
from .outbox import SEND_BATCH, enqueue_on_commit

logger = logging.getLogger(__name__)

RECORD_BATCH = 5000
EMAIL_BATCH = 5000
RESOLVE_BATCH = 5000
# An email lists this many items; the rest are on the notifications page.
EMAIL_ITEMS_MAX = 50
_DEADLOCK = "40P01"


@dataclass
class SweepResult:
    due: int = 0
    notified: int = 0
    emails: int = 0
    resolved: int = 0
    failed_rules: list[str] = field(default_factory=list)


def _preferences() -> dict[tuple[int, str], str]:
    return {
        (user_id, kind): delivery
        for user_id, kind, delivery in NotificationPreference.objects.values_list(
            "user_id", "kind", "delivery"
        ).iterator()
    }


def _is_deadlock(exc: OperationalError) -> bool:
    return getattr(exc.__cause__, "pgcode", None) == _DEADLOCK


_COLUMNS = "recipient_id, kind, object_type, object_id, due_on, title, link, delivery, created_at"
_KEY = "recipient_id, kind, object_type, object_id, due_on"


def _insert_postgresql(kind: str, rows: list[registry.Due], deliveries: list[str], now) -> int:
    """One statement: the reminders from arrays, and notifications for those inserted."""
    reminders, notifications = Reminder._meta.db_table, Notification._meta.db_table
    sql = f"""
        WITH new AS (
            INSERT INTO {reminders} ({_COLUMNS})
            SELECT recipient, %(kind)s, object_type, object_id, due_on, title, link, delivery,
                   %(now)s
            FROM unnest(%(recipients)s::bigint[], %(object_types)s::text[],
                        %(object_ids)s::text[], %(due_ons)s::date[], %(titles)s::text[],
                        %(links)s::text[], %(deliveries)s::text[])
                 AS due (recipient, object_type, object_id, due_on, title, link, delivery)
            ON CONFLICT ({_KEY}) DO NOTHING
            RETURNING id, recipient_id, title, link
        )
        INSERT INTO {notifications} (recipient_id, reminder_id, title, link, created_at)
        SELECT recipient_id, id, title, link, %(now)s FROM new
    """  # noqa: S608 - table names from the models; every value is a parameter
    params = {
        "kind": kind,
        "now": now,
        "recipients": [row.recipient_id for row in rows],
        "object_types": [row.object_type for row in rows],
        "object_ids": [row.object_id for row in rows],
        "due_ons": [row.due_on for row in rows],
        "titles": [row.title[:200] for row in rows],
        "links": [row.link[:300] for row in rows],
        "deliveries": deliveries,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _insert_portable(kind: str, rows: list[registry.Due], deliveries: list[str], now) -> int:
    """The same, a row at a time, for SQLite (the embedded default's small volumes)."""
    sql = (
        f"INSERT INTO {Reminder._meta.db_table} ({_COLUMNS}) "  # noqa: S608 - names from models
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING id"
    )
    notifications = []
    created_at = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        for row, delivery in zip(rows, deliveries, strict=True):
            cursor.execute(
                sql,
                [
                    row.recipient_id,
                    kind,
                    row.object_type,
                    row.object_id,
                    connection.ops.adapt_datefield_value(row.due_on),
                    row.title[:200],
                    row.link[:300],
                    delivery,
                    created_at,
                ],
            )
            inserted = cursor.fetchone()
            if inserted is not None:
                notifications.append(
                    Notification(
                        recipient_id=row.recipient_id,
                        reminder_id=inserted[0],
                        title=row.title[:200],
                        link=row.link[:300],
                        created_at=now,
                    )
                )
    Notification.objects.bulk_create(notifications)
    return len(notifications)


def _insert(rule: registry.ReminderRule, batch: list[registry.Due], now, preferences) -> int:
    """Write a batch; returns how many reminders were new. Sorted by the unique key, so two
    sweeps writing the same rows take their locks in the same order and wait for each other
    rather than deadlock (and a deadlock all the same is retried)."""
    rows = sorted(set(batch), key=lambda d: (d.recipient_id, d.object_type, d.object_id, d.due_on))
    deliveries = [
        preferences.get((row.recipient_id, rule.kind), rule.default_delivery) for row in rows
    ]
    insert = _insert_postgresql if connection.vendor == "postgresql" else _insert_portable
    for attempt in range(3):
        try:
            with transaction.atomic():
                return insert(rule.kind, rows, deliveries, now)
        except OperationalError as exc:
            if attempt == 2 or not _is_deadlock(exc):
                raise
    return 0


def _record(rule: registry.ReminderRule, *, today: date, now: datetime, preferences) -> tuple:
    """Write the rule's due rows; return (rows found, reminders new, things due)."""
    found = new = 0
    due_objects: set[str] = set()
    batch: list[registry.Due] = []
    for due in rule.find(today=today, now=now):
        found += 1
        due_objects.add(due.object_id)
        batch.append(due)
        if len(batch) >= RECORD_BATCH:
            new += _insert(rule, batch, now, preferences)
            batch = []
    if batch:
        new += _insert(rule, batch, now, preferences)
    return found, new, due_objects


def _resolve(kind: str, *, due_objects: set[str], now: datetime) -> int:
    """Mark done the open reminders of `kind` whose thing is no longer due. Only those written
    before this sweep: one a concurrent sweep has just written may be due since."""
    open_reminders = Reminder.objects.filter(
        kind=kind, resolved_at__isnull=True, created_at__lt=now
    ).values_list("pk", "object_id")
    done = [
        pk
        for pk, object_id in open_reminders.iterator(chunk_size=RESOLVE_BATCH)
        if object_id not in due_objects
    ]
    for start in range(0, len(done), RESOLVE_BATCH):
        Reminder.objects.filter(pk__in=done[start : start + RESOLVE_BATCH]).update(resolved_at=now)
    return len(done)


@contextmanager
def _planned_for_every_row():
    """The rules stream their rows through server-side cursors, which PostgreSQL plans for
    the first 10% of rows (`cursor_tuple_fraction`): with ORDER BY that can mean walking a
    million-row table in index order. The sweep reads every row, so plan for all of them."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET cursor_tuple_fraction = 1.0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET cursor_tuple_fraction")


def reminders_record(*, now: datetime | None = None) -> SweepResult:
    """Steps 1 and 2 for every registered rule. A rule whose query fails is logged and
    skipped; the others still run, and the next sweep tries it again."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    preferences = _preferences()
    result = SweepResult()
    with _planned_for_every_row():
        for rule in registry.rules():
            try:
                found, new, due_objects = _record(
                    rule, today=today, now=now, preferences=preferences
                )
            except DatabaseError:
                logger.exception("Reminder rule %s failed; the next sweep tries again", rule.kind)
                result.failed_rules.append(rule.kind)
                continue
            result.due += found
            result.notified += new
            result.resolved += _resolve(rule.kind, due_objects=due_objects, now=now)
    return result


def reminder_email_body(items: list[dict], *, template: str, context: dict) -> str:
    return render_to_string(
        template,
        {
            **context,
            "items": items[:EMAIL_ITEMS_MAX],
            "more": max(len(items) - EMAIL_ITEMS_MAX, 0),
            "site_url": settings.SITE_URL,
            "notifications_url": settings.SITE_URL + reverse("notifications:list"),
            "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
        },
    )


def _immediate_subject(items: list[dict]) -> str:
    if len(items) == 1:
        return f"Reminder: {items[0]['title']}"[:200]
    return f"{len(items)} reminders need your attention"


def _take_batch() -> list[dict]:
    rows = list(
        Reminder.objects.select_for_update(skip_locked=True)
        .filter(delivery=Delivery.IMMEDIATE, email__isnull=True, resolved_at__isnull=True)
        .order_by("recipient_id", "pk")
        .values("pk", "recipient_id", "kind", "due_on", "title", "link")[:EMAIL_BATCH]
    )
    # Keep a person's new reminders in one email: leave the last person's rows to the next
    # batch when the batch is full (unless they fill it on their own).
    if len(rows) == EMAIL_BATCH and rows[0]["recipient_id"] != rows[-1]["recipient_id"]:
        last = rows[-1]["recipient_id"]
        rows = [row for row in rows if row["recipient_id"] != last]
    return rows


def _email_batch(rows: list[dict]) -> int:
    """One email per person for their rows; returns the number of emails queued."""
    addresses = dict(
        User.objects.filter(pk__in={row["recipient_id"] for row in rows}, is_active=True)
        .exclude(email="")
        .values_list("pk", "email")
    )
    unreachable = [row["pk"] for row in rows if row["recipient_id"] not in addresses]
    if unreachable:
        # Nobody to email (account closed, or no address): the notification is all they get.
        Reminder.objects.filter(pk__in=unreachable).update(delivery=Delivery.IN_APP)

    by_person: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        if row["recipient_id"] in addresses:
            row["url"] = settings.SITE_URL + row["link"]
            by_person[row["recipient_id"]].append(row)
    people = list(by_person)
    emails = OutboundEmail.objects.bulk_create(
        OutboundEmail(
            to=addresses[person],
            subject=_immediate_subject(by_person[person]),
            body=reminder_email_body(
                by_person[person], template="notifications/email/reminders.txt", context={}
            ),
        )
        for person in people
    )
    for person, email in zip(people, emails, strict=True):
        Reminder.objects.filter(pk__in=[row["pk"] for row in by_person[person]]).update(email=email)

    from ..tasks import email_send_batch

    ids = [email.pk for email in emails]
    for start in range(0, len(ids), SEND_BATCH):
        enqueue_on_commit(email_send_batch, ids[start : start + SEND_BATCH])
    return len(emails)


def reminders_email() -> int:
    """Step 3: email the reminders of people who want them straight away; returns the
    number of emails queued."""
    emails = 0
    while True:
        with transaction.atomic():
            rows = _take_batch()
            if not rows:
                return emails
            emails += _email_batch(rows)


def reminders_sweep(*, now: datetime | None = None) -> SweepResult:
    """Record, resolve, email: what the beat's sweep runs every few minutes."""
    now = now or timezone.now()
    result = reminders_record(now=now)
    result.emails = reminders_email()
    logger.info(
        "Reminder sweep: %s due, %s new, %s emails, %s resolved",
        result.due,
        result.notified,
        result.emails,
        result.resolved,
    )
    return result
