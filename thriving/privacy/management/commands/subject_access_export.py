import json
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from thriving.privacy import services

from ._support import acting_admin


class Command(BaseCommand):
    help = (
        "Export everything held about one person (by NHS number) as one JSON document, to "
        "--output or standard output. The export is recorded in the audit trail under --by. "
        "Without --nhs-number the number is asked for, so it stays out of the shell history."
    )

    def add_arguments(self, parser):
        parser.add_argument("--by", required=True, help="Email address of the admin exporting")
        parser.add_argument("--nhs-number", default="", help="The person's NHS number")
        parser.add_argument("--output", default="", help="File to write (default: stdout)")

    def handle(self, *args, by, nhs_number, output, **options):
        admin = acting_admin(by)
        nhs_number = nhs_number or input("NHS number: ")
        try:
            document = services.subject_export(nhs_number=nhs_number, by=admin)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        text = json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            Path(output).chmod(0o600)
            count = len(document["records"])
            sys.stderr.write(f"Wrote {count} record(s) to {output}\n")
        else:
            self.stdout.write(text)
