from django.core.management.base import BaseCommand

from thriving.privacy import services

from ._support import report_lines


class Command(BaseCommand):
    help = (
        "Anonymise every record past its retention period now (what the nightly Celery task "
        "does). Safe to run again: a record done once is never due again."
    )

    def handle(self, *args, **options):
        lines = services.retention_apply()
        for text in report_lines(lines, verb="anonymised"):
            self.stdout.write(f"  {text}")
        total = sum(line.count for line in lines)
        self.stdout.write(self.style.SUCCESS(f"Anonymised {total} record(s)."))
