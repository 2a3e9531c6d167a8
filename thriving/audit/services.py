from .models import AuditAction, AuditEntry


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


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
