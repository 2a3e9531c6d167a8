"""The Django admin shows people's records as fully as any page, so it is audited the same way.

Mix `AuditedAdminMixin` into the ModelAdmin of any model that holds a person's details: every
showing of a record's admin page, and every addition, change or deletion made through the admin,
goes into the audit trail with who and from where. With `audit_via` the entry names the record
the object belongs to (a case note's referral), so a search of the trail by NHS number finds it.
"""

from .services import AuditAction, audit_record, client_ip


class AuditedAdminMixin:
    audit_via: str = ""

    def _audit(self, request, obj, *, action: str, what: str) -> None:
        target = getattr(obj, self.audit_via) if self.audit_via else obj
        record = f"{obj._meta.verbose_name} of {target}" if self.audit_via else f"{target}"
        audit_record(
            user=request.user,
            action=action,
            obj=target,
            detail=f"{what} in the admin: {record}",
            ip_address=client_ip(request),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        context = getattr(response, "context_data", None) or {}
        if response.status_code == 200 and context.get("original") is not None:
            self._audit(request, context["original"], action=AuditAction.VIEW, what="Viewed")
        return response

    def log_addition(self, request, obj, message):
        self._audit(request, obj, action=AuditAction.CREATE, what="Added")
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._audit(request, obj, action=AuditAction.CHANGE, what="Changed")
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._audit(request, obj, action=AuditAction.CHANGE, what="Deleted")
        return super().log_deletions(request, queryset)
