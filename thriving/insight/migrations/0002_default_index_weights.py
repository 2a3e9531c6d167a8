"""The default weight of every indicator of the Thriving Communities Index: 1 each, so need
and capacity count equally (thriving/insight/index/definitions.py, DEFAULT_WEIGHTS, holds the
same; admins change them in Insight › Index weights). Existing weights are left alone."""

from decimal import Decimal

from django.db import migrations

DEFAULT_WEIGHTS = {
    "referrals": Decimal("1.00"),
    "deprivation": Decimal("1.00"),
    "wellbeing": Decimal("1.00"),
    "services": Decimal("1.00"),
    "connected": Decimal("1.00"),
    "grants": Decimal("1.00"),
}


def seed(apps, schema_editor):
    IndexWeight = apps.get_model("insight", "IndexWeight")
    for indicator, weight in DEFAULT_WEIGHTS.items():
        IndexWeight.objects.get_or_create(indicator=indicator, defaults={"weight": weight})


class Migration(migrations.Migration):
    dependencies = [("insight", "0001_index_models")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
