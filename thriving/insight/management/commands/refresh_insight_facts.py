"""Rebuild the insight fact tables now (what the facts_refresh task does every 15 minutes).

Run it after `migrate` on a database that already holds referrals, so the dashboard and the
index have figures at once rather than after the first scheduled rebuild.
"""

import time

from django.core.management.base import BaseCommand

from thriving.insight.facts import rebuild_referral_facts


class Command(BaseCommand):
    help = "Rebuild the referral fact tables the dashboard and the index count over."

    def handle(self, *args, **options):
        started = time.monotonic()
        written = rebuild_referral_facts()
        seconds = time.monotonic() - started
        self.stdout.write(f"Referral facts rebuilt: {written} rows in {seconds:.1f} s.")
