from django.db import migrations


def fill(apps, schema_editor):
    from thriving.core.calendar import rebuild_calendar

    rebuild_calendar(model=apps.get_model("core", "CalendarDay"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_calendar_day")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
