"""The audit trail in the admin: read-only, searched by user, by NHS number and by date.

Nobody can add, change or delete an entry here (and on PostgreSQL the database refuses
UPDATE and DELETE too). Searching by NHS number goes through a form sent by POST, which
finds the person's records (through thriving.privacy, where each domain app registers how
to find them) and shows the entries about those records: the NHS number never goes into a
URL, and the trail never stores it.
"""

from datetime import date, datetime, time

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode

from thriving.privacy.services import subject_references

from .models import AuditEntry
from .permissions import can_search_audit_by_nhs_number
from .services import AuditAction, audit_record, client_ip


class DateRangeFilter(admin.ListFilter):
    """Entries from one day to another (inclusive), in London time."""

    title = "date range"
    template = "audit/admin/date_range_filter.html"
    parameters = ("at_from", "at_to")

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.values = {}
        for name in self.parameters:
            if name in params:
                value = params.pop(name)
                value = value[-1] if isinstance(value, list) else value
                self.used_parameters[name] = value
                self.values[name] = self._parse(value)

    @staticmethod
    def _parse(value: str) -> date | None:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None

    def has_output(self) -> bool:
        return True

    def expected_parameters(self) -> list[str]:
        return list(self.parameters)

    def queryset(self, request, queryset):
        zone = timezone.get_current_timezone()
        start, end = self.values.get("at_from"), self.values.get("at_to")
        if start:
            queryset = queryset.filter(at__gte=datetime.combine(start, time.min, tzinfo=zone))
        if end:
            queryset = queryset.filter(at__lte=datetime.combine(end, time.max, tzinfo=zone))
        return queryset

    def choices(self, changelist):
        kept = {
            key: value
            for key, value in changelist.get_filters_params().items()
            if key not in self.parameters
        }
        yield {
            "from": self.used_parameters.get("at_from", ""),
            "to": self.used_parameters.get("at_to", ""),
            "kept": [
                (key, item)
                for key, value in kept.items()
                for item in (value if isinstance(value, list) else [value])
            ],
            "clear": changelist.get_query_string(remove=list(self.parameters)),
        }


class NHSNumberSearchForm(forms.Form):
    nhs_number = forms.CharField(
        label="NHS number",
        max_length=14,
        help_text="10 digits, like 943 476 5919. Shows the entries about every record that "
        "still holds this NHS number.",
        error_messages={"required": "Enter the person's NHS number."},
    )


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "user_email", "action", "object_type", "object_id", "ip_address"]
    list_filter = ["action", "object_type", DateRangeFilter, ("at", admin.DateFieldListFilter)]
    search_fields = ["user_email", "object_id", "detail"]
    search_help_text = "Search by the user's email address, a record's id or the detail."
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    change_list_template = "audit/admin/auditentry_change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "by-nhs-number/",
                self.admin_site.admin_view(self.by_nhs_number_view),
                name="audit_auditentry_by_nhs_number",
            )
        ] + super().get_urls()

    def by_nhs_number_view(self, request):
        """Find the person's records, then list the entries about them in the ordinary
        change list (filtered by record id, which identifies no one)."""
        if not can_search_audit_by_nhs_number(request.user):
            raise PermissionDenied("Searching the audit trail needs a verified admin account.")
        form = NHSNumberSearchForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            target = self._entries_for(request, form)
            if target:
                return HttpResponseRedirect(target)
        return TemplateResponse(
            request,
            "audit/admin/by_nhs_number.html",
            {
                **self.admin_site.each_context(request),
                "title": "Search the audit trail by NHS number",
                "opts": self.model._meta,
                "form": form,
            },
        )

    def _entries_for(self, request, form) -> str:
        try:
            references = subject_references(nhs_number=form.cleaned_data["nhs_number"])
        except ValidationError:
            form.add_error("nhs_number", "Enter a valid 10-digit NHS number, like 943 476 5919.")
            return ""
        audit_record(
            user=request.user,
            action=AuditAction.VIEW,
            object_type="audit.auditentry",
            detail=f"Audit trail searched by NHS number: {len(references)} record(s) found",
            ip_address=client_ip(request),
        )
        if not references:
            messages.info(
                request,
                "No record holds that NHS number. Anonymised records no longer carry one, so "
                "their entries are found by the record's id instead.",
            )
            return ""
        ids = ",".join(sorted({object_id for _, object_id in references}))
        changelist = reverse("admin:audit_auditentry_changelist")
        return f"{changelist}?{urlencode({'object_id__in': ids})}"
