import time
from binascii import unhexlify

from django.conf import settings
from django.core.management.base import BaseCommand
from django_otp.oath import hotp

from thriving.accounts.two_factor import key_from_base32

STEP = 30


def demo_code(at: float | None = None) -> str:
    """The 6-digit code for DEMO_TOTP_SECRET at the Unix time `at` (now by default)."""
    key = unhexlify(key_from_base32(settings.DEMO_TOTP_SECRET))
    counter = int((time.time() if at is None else at) // STEP)
    return f"{hotp(key, counter):06d}"


class Command(BaseCommand):
    help = (
        "Print the current two-factor code for the seed_demo users (they all share "
        "DEMO_TOTP_SECRET). A code changes every 30 seconds and signs each user in once."
    )

    def handle(self, *args, **options):
        now = time.time()
        self.stdout.write(demo_code(now))
        self.stderr.write(f"Valid for about {STEP - int(now) % STEP} more seconds.")
