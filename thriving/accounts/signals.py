"""Sign-ins, sign-outs and failed sign-ins go into the audit trail.

Connected in AccountsConfig.ready(). Never records what was typed as a password (Django hides
it from these signals anyway); a failed attempt records the email address typed, shortened,
and where the attempt came from.
"""

from thriving.audit.services import AuditAction, audit_record, client_ip

EMAIL_SHOWN = 100


def audit_logged_in(sender, request, user, **kwargs):
    audit_record(
        user=user,
        action=AuditAction.LOGIN,
        detail="Password accepted",
        ip_address=client_ip(request),
    )


def audit_logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(user=user, action=AuditAction.LOGOUT, ip_address=client_ip(request))


def audit_login_failed(sender, credentials, request=None, **kwargs):
    """A wrong password (or unknown email address, or locked account), or a wrong code.

    For a wrong password the account is not looked up: the entry names the address typed, which
    may belong to nobody. A wrong code comes from someone already past the password, so it is
    filed against their account.
    """
    if credentials.get("second_factor") and request is not None:
        user, detail = request.user, "Wrong two-factor code"
    else:
        user = None
        typed = str(credentials.get("username", ""))[:EMAIL_SHOWN]
        detail = f"Wrong email address or password for {typed}"
    if request is not None and getattr(request, "axes_locked_out", False):
        detail += " (account locked)"
    audit_record(
        user=user, action=AuditAction.LOGIN_FAILED, detail=detail, ip_address=client_ip(request)
    )
