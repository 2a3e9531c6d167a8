"""Admin for the people who run the fund: set up funds and rounds, look at anything.

An application's status, amounts and decision change only through the services (which
check the workflow and record events), so the admin shows them read-only; history
(events, reference counters) is never edited here.
"""

from django.contrib import admin

from thriving.audit.admin_mixins import AuditedAdminMixin

from .models import (
    Application,
    ApplicationEvent,
    BudgetLine,
    ConflictDeclaration,
    Criterion,
    EligibilityAnswer,
    EligibilityQuestion,
    Fund,
    InformationRequest,
    MonitoringAttachment,
    MonitoringReport,
    Payment,
    ReferenceCounter,
    Round,
    Score,
)


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0


# ------------------------------------------------------------------------------------------
# Funds and rounds
# ------------------------------------------------------------------------------------------


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["position", "name", "guidance", "weight"]


class EligibilityQuestionInline(admin.TabularInline):
    model = EligibilityQuestion
    extra = 0
    fields = ["position", "text", "help_text", "expected_answer"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "fund",
        "budget",
        "min_award",
        "max_award",
        "opens_on",
        "closes_on",
        "is_rolling",
        "quorum",
    ]
    list_filter = ["fund", "is_rolling"]
    search_fields = ["name", "fund__name"]
    list_select_related = ["fund"]
    filter_horizontal = ["panel_members"]
    autocomplete_fields = ["chair"]
    inlines = [CriterionInline, EligibilityQuestionInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "round", "weight", "position"]
    list_filter = ["round"]
    search_fields = ["name"]
    list_select_related = ["round__fund"]


@admin.register(EligibilityQuestion)
class EligibilityQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "round", "expected_answer", "position"]
    list_filter = ["round"]
    search_fields = ["text"]
    list_select_related = ["round__fund"]


@admin.register(ReferenceCounter)
class ReferenceCounterAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["year", "last_number"]


# ------------------------------------------------------------------------------------------
# Applications
# ------------------------------------------------------------------------------------------


class BudgetLineInline(ReadOnlyInline):
    model = BudgetLine
    fields = ["description", "amount"]
    readonly_fields = fields


class EligibilityAnswerInline(ReadOnlyInline):
    model = EligibilityAnswer
    fields = ["question", "answer"]
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = ApplicationEvent
    fields = ["at", "actor", "kind", "from_status", "to_status", "reason"]
    readonly_fields = fields


class ConflictDeclarationInline(ReadOnlyInline):
    model = ConflictDeclaration
    fields = ["member", "has_conflict", "note", "declared_at"]
    readonly_fields = fields


class ScoreInline(ReadOnlyInline):
    model = Score
    fields = ["member", "criterion", "score", "comment", "submitted_at"]
    readonly_fields = fields


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ["paid_on", "amount", "reference", "recorded_by"]
    readonly_fields = fields


@admin.register(Application)
class ApplicationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "reference",
        "project_title",
        "organisation",
        "round",
        "status",
        "amount_requested",
        "amount_awarded",
        "submitted_at",
    ]
    list_filter = ["status", "round", "group_type"]
    search_fields = ["reference", "project_title", "organisation__name"]
    list_select_related = ["organisation", "round__fund"]
    date_hierarchy = "submitted_at"
    autocomplete_fields = ["applicant", "organisation"]
    filter_horizontal = ["wards"]
    readonly_fields = [
        "reference",
        "round",
        "status",
        "amount_awarded",
        "decision_rationale",
        "decided_by",
        "submitted_at",
        "decided_at",
        "offer_accepted_at",
        "completed_at",
    ]
    inlines = [
        BudgetLineInline,
        EligibilityAnswerInline,
        ConflictDeclarationInline,
        ScoreInline,
        PaymentInline,
        EventInline,
    ]

    def has_add_permission(self, request):
        return False  # applications start through the application pages


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "application", "kind", "from_status", "to_status", "actor"]
    list_filter = ["kind", "to_status"]
    search_fields = ["application__reference"]
    list_select_related = ["application", "actor"]


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["description", "amount", "application"]
    search_fields = ["application__reference", "description"]
    list_select_related = ["application"]


@admin.register(EligibilityAnswer)
class EligibilityAnswerAdmin(admin.ModelAdmin):
    list_display = ["application", "question", "answer"]
    search_fields = ["application__reference"]
    list_select_related = ["application", "question"]


@admin.register(InformationRequest)
class InformationRequestAdmin(admin.ModelAdmin):
    list_display = ["application", "asked_at", "asked_by", "answered_at"]
    search_fields = ["application__reference", "question"]
    list_select_related = ["application", "asked_by"]
    readonly_fields = ["asked_by", "asked_at", "answered_by", "answered_at"]


# ------------------------------------------------------------------------------------------
# The panel
# ------------------------------------------------------------------------------------------


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(admin.ModelAdmin):
    list_display = ["application", "member", "has_conflict", "declared_at"]
    list_filter = ["has_conflict"]
    search_fields = ["application__reference", "member__email"]
    list_select_related = ["application", "member"]
    readonly_fields = ["application", "member", "has_conflict", "declared_at"]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ["application", "member", "criterion", "score", "submitted_at"]
    list_filter = ["score"]
    search_fields = ["application__reference", "member__email"]
    list_select_related = ["application", "member", "criterion"]
    readonly_fields = ["application", "member", "criterion", "score", "submitted_at"]


# ------------------------------------------------------------------------------------------
# After the award
# ------------------------------------------------------------------------------------------


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["application", "paid_on", "amount", "reference", "recorded_by"]
    search_fields = ["application__reference", "reference"]
    list_select_related = ["application", "recorded_by"]
    readonly_fields = ["application", "amount", "recorded_by", "recorded_at"]

    def has_add_permission(self, request):
        return False  # recorded through payment_record, which moves the grant to paid


class MonitoringAttachmentInline(ReadOnlyInline):
    model = MonitoringAttachment
    fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


@admin.register(MonitoringReport)
class MonitoringReportAdmin(admin.ModelAdmin):
    list_display = ["application", "due_on", "submitted_at", "completed_at"]
    search_fields = ["application__reference"]
    list_select_related = ["application"]
    readonly_fields = [
        "application",
        "submitted_at",
        "submitted_by",
        "completed_at",
        "completed_by",
    ]
    inlines = [MonitoringAttachmentInline]


@admin.register(MonitoringAttachment)
class MonitoringAttachmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Listed for reference; the files themselves are opened through the permission-checked
    download page, never linked from here."""

    list_display = ["original_name", "report", "content_type", "size", "uploaded_at"]
    list_filter = ["content_type"]
    search_fields = ["report__application__reference", "original_name"]
    list_select_related = ["report__application"]
    exclude = ["file"]
