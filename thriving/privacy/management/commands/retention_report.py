from django.core.management.base import BaseCommand

from thriving.privacy import services

from ._support import report_lines


class Command(BaseCommand):
    help = (
        "Dry run of the nightly retention job: how many records of each kind are past their "
        "retention period and would be anonymised now. Changes nothing."
    )

    def handle(self, *args, **options):
        lines = services.retention_report()
        self.stdout.write("Retention report (dry run: nothing changed)")
        for text in report_lines(lines, verb="due for anonymising"):
            self.stdout.write(f"  {text}")
        total = sum(line.count for line in lines)
        self.stdout.write(f"Total due: {total}. Run `manage.py retention_apply` to anonymise.")
