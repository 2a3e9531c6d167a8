"""Writing to the audit trail: the one way entries are made. Nothing here changes or deletes
an entry, and the database refuses it on PostgreSQL."""

import ipaddress

from django.conf import settings

from .models import AuditAction, AuditEntry


def client_ip(request) -> str | None:
    """Where the request came from.

    Behind a reverse proxy REMOTE_ADDR is the proxy, so with TRUSTED_PROXY_COUNT set to the
    number of proxies in front of the service the address is read from X-Forwarded-For,
    counting from the right: the entries a client adds itself on the left are never trusted.
    """
    if request is None:
        return None
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops and _is_ip(forwarded[-hops]):
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR") or None


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def audit_record(
    *,
    user,
    action: str,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    detail: str = "",
    ip_address: str | None = None,
) -> AuditEntry:
    """Record one thing someone did. `detail` names things by reference (a referral's
    TC-... reference, an application's FA-... reference), never by a person's details."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    return AuditEntry.objects.create(
        user=user if authenticated else None,
        user_email=user.email if authenticated else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=detail[:255],
        ip_address=ip_address,
    )


__all__ = ["AuditAction", "audit_record", "client_ip"]
