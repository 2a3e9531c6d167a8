"""What the privacy commands share: who is acting, and the report's lines."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils import timezone

from thriving.privacy.permissions import can_handle_subject_access


def acting_admin(email: str):
    """The admin the audit trail will name. Commands run outside a browser session, so the
    second factor is the server's own access control; the account must still hold the
    subject access permission."""
    user = get_user_model().objects.filter(email__iexact=email).first()
    if user is None or not can_handle_subject_access(user):
        raise CommandError(
            f"{email} is not an active admin with the subject access permission. "
            "Give --by the email address of such an admin."
        )
    return user


def report_lines(lines, *, verb: str) -> list[str]:
    out = []
    for line in lines:
        oldest = (
            f", oldest due since {timezone.localtime(line.oldest):%d %b %Y}" if line.oldest else ""
        )
        out.append(f"{line.label} ({line.period}): {line.count} {verb}{oldest}")
    return out
