from django.conf import settings
from django.core.management.base import BaseCommand

from thriving.demo import data
from thriving.demo.seed import demo_seed, optional_seeders_run


class Command(BaseCommand):
    help = (
        "Load the demo: two GP practices, two providers, the council, their people, and about "
        "fifty referrals in every state. Safe to run again: it adds only what is missing."
    )

    def handle(self, *args, **options):
        result = demo_seed()
        optional_seeders_run(self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo referrals: {result.referrals_total} "
                f"({result.referrals_created} created this time)."
            )
        )
        self.stdout.write(
            f'Sign in at /accounts/login/ with password "{settings.DEMO_PASSWORD}" as:'
        )
        for email, full_name, _title, organisation_key, role in data.USERS:
            where = next(
                (name for key, name, *_ in data.ORGANISATIONS if key == organisation_key), ""
            )
            what = f"{role.label}, {where}" if role else "Admin (Django admin at /admin/)"
            self.stdout.write(f"  {email:<26} {full_name:<20} {what}")
