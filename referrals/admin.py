from django.contrib import admin

from thriving.audit.admin_mixins import AuditedAdminMixin

from .models import (
    AllocationRule,
    CaseNote,
    Connection,
    ContactAttempt,
    Goal,
    OutcomeMeasure,
    Referral,
    ReferralEvent,
    ReferralReason,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyInline):
    model = ReferralEvent
    fields = ["at", "actor", "kind", "from_status", "to_status", "reason"]
    readonly_fields = fields


class ContactAttemptInline(ReadOnlyInline):
    model = ContactAttempt
    fields = ["at", "method", "outcome", "by", "note"]
    readonly_fields = fields


MEASURE_FIELDS = [
    "instrument",
    "timepoint",
    "taken_on",
    "recorded_by",
    "recorded_at",
    "ons_life_satisfaction",
    "ons_worthwhile",
    "ons_happiness",
    "ons_anxiety",
    "swemwbs_raw",
    "swemwbs_metric",
]


class OutcomeMeasureInline(ReadOnlyInline):
    model = OutcomeMeasure
    fields = MEASURE_FIELDS
    readonly_fields = fields


@admin.register(Referral)
class ReferralAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "reference",
        "status",
        "referring_organisation",
        "provider",
        "link_worker",
        "submitted_at",
    ]
    list_filter = ["status", "urgency", "provider", "referring_organisation", "ward__district"]
    # Reference only: admin search is a GET, and what is typed would land in URLs and logs.
    search_fields = ["reference"]
    list_select_related = ["referring_organisation", "provider", "link_worker"]
    date_hierarchy = "submitted_at"
    autocomplete_fields = ["referrer", "referring_organisation", "provider", "link_worker", "ward"]
    filter_horizontal = ["reasons"]
    readonly_fields = [
        "reference",
        "status",
        "status_before_hold",
        "submitted_at",
        "allocated_at",
        "accepted_at",
        "first_contact_at",
        "closed_at",
    ]
    inlines = [EventInline, ContactAttemptInline, OutcomeMeasureInline]


@admin.register(ReferralEvent)
class ReferralEventAdmin(AuditedAdminMixin, admin.ModelAdmin):
    audit_via = "referral"
    list_display = ["at", "referral", "kind", "from_status", "to_status", "actor"]
    list_filter = ["kind", "to_status"]
    search_fields = ["referral__reference"]
    list_select_related = ["referral", "actor"]
    readonly_fields = [f.name for f in ReferralEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReferralReason)
class ReferralReasonAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["label", "code"]


@admin.register(AllocationRule)
class AllocationRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "ward", "district", "provider", "is_active"]
    list_filter = ["provider", "is_active"]
    autocomplete_fields = ["ward", "district", "provider"]
    list_select_related = ["ward", "district", "provider"]


@admin.register(ContactAttempt)
class ContactAttemptAdmin(AuditedAdminMixin, admin.ModelAdmin):
    audit_via = "referral"
    list_display = ["at", "referral", "method", "outcome", "by"]
    list_filter = ["method", "outcome"]
    search_fields = ["referral__reference"]
    list_select_related = ["referral", "by"]


@admin.register(CaseNote)
class CaseNoteAdmin(AuditedAdminMixin, admin.ModelAdmin):
    audit_via = "referral"
    list_display = ["created_at", "referral", "author", "shareable"]
    list_filter = ["shareable"]
    search_fields = ["referral__reference"]
    list_select_related = ["referral", "author"]


@admin.register(Goal)
class GoalAdmin(AuditedAdminMixin, admin.ModelAdmin):
    audit_via = "referral"
    list_display = ["description", "referral", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["referral__reference", "description"]
    list_select_related = ["referral"]


@admin.register(Connection)
class ConnectionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    audit_via = "referral"
    list_display = ["referral", "service", "status", "suggested_on", "attending_from", "ended_on"]
    list_filter = ["status"]
    search_fields = ["referral__reference", "service__name"]
    list_select_related = ["referral", "service"]
    raw_id_fields = ["referral", "service", "created_by"]


@admin.register(OutcomeMeasure)
class OutcomeMeasureAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Read-only: a measure is what the person answered on the day; a wrong one is
    explained on the case, not rewritten."""

    audit_via = "referral"
    list_display = ["referral", "instrument", "timepoint", "taken_on", "recorded_by"]
    list_filter = ["instrument", "timepoint"]
    search_fields = ["referral__reference"]
    list_select_related = ["referral", "recorded_by"]
    date_hierarchy = "taken_on"
    readonly_fields = [f.name for f in OutcomeMeasure._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
