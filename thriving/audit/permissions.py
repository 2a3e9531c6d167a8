"""Who may read the audit trail beyond the admin's own model permissions."""

from django.conf import settings


def is_verified(user) -> bool:
    """Whether this session passed the second factor (django-otp marks it), wherever the
    service requires one. Pages about people's records never rely on the password alone."""
    if not getattr(settings, "OTP_REQUIRED", True):
        return True
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def is_verified_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff and is_verified(user))


def can_search_audit_by_nhs_number(user) -> bool:
    return is_verified_staff(user) and user.has_perm("audit.view_auditentry")
