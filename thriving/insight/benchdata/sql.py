"""The bench's SQL helpers: models reached through the app registry, and INSERT ... SELECT
that fills every column (bench_reminders' `_columns` supplies the defaults)."""

from django.apps import apps
from django.db.models.fields import AutoFieldMixin

from thriving.notifications.management.commands.bench_reminders import (
    Command as RemindersBench,
)

SPAN_DAYS = 4 * 365  # the referrals run over four years, the newest today
PLAN = "bench_insight_plan"  # the temporary table of each referral's fate


def model_of(label: str):
    """A model by its app label, through the registry (the bench names no domain model)."""
    return apps.get_model(*label.split("."))


def table_of(label: str) -> str:
    return model_of(label)._meta.db_table


def insert(cursor, label: str, given: dict[str, str], source: str, params: dict) -> int:
    """INSERT INTO the model's table every concrete column, from `given` SQL expressions
    over `source` (bench_reminders' `_columns` fills the rest with defaults)."""
    model = model_of(label)
    table = model._meta.db_table
    if isinstance(model._meta.pk, AutoFieldMixin) and model._meta.pk.column not in given:
        given = given | {model._meta.pk.column: f"nextval(pg_get_serial_sequence('{table}', 'id'))"}
    columns, values, defaults = RemindersBench()._columns(model, given)
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {', '.join(values)} {source}",
        params | defaults,
    )
    return cursor.rowcount
