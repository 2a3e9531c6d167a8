from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from thriving.privacy import services

from ._support import acting_admin


class Command(BaseCommand):
    help = (
        "Erase (anonymise now) everything held about one person, by NHS number, where the law "
        "allows: give the grounds with --reason. Refused while any of their cases is open. "
        "Asks for confirmation unless --yes is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--by", required=True, help="Email address of the admin erasing")
        parser.add_argument("--reason", required=True, help="Why the law allows the erasure")
        parser.add_argument("--nhs-number", default="", help="The person's NHS number")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation")

    def handle(self, *args, by, reason, nhs_number, yes, **options):
        admin = acting_admin(by)
        nhs_number = nhs_number or input("NHS number: ")
        try:
            matches = services.subject_find(nhs_number=nhs_number)
            refusals = services.subject_erase_refusals(nhs_number=nhs_number)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if not matches:
            self.stdout.write("Nothing is held about that person: nothing to erase.")
            return
        if refusals:
            raise CommandError("Cannot erase yet. " + " ".join(refusals))
        listed = ", ".join(m.summary["reference"] for m in matches)
        self.stdout.write(f"Will erase the person's details from: {listed}")
        if not yes and input("Type 'erase' to confirm: ").strip().lower() != "erase":
            raise CommandError("Not confirmed: nothing was erased.")
        try:
            erased = services.subject_erase(nhs_number=nhs_number, by=admin, reason=reason)
        except services.ErasureRefused as refused:
            raise CommandError("Cannot erase yet. " + " ".join(refused.reasons)) from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Erased: {', '.join(erased)}"))
