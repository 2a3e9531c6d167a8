"""The index in the admin: its weights (edited here), its runs (read-only, with a "Recompute
the index now" button) and each run's rows per ward."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from thriving.audit.services import AuditAction, audit_record, client_ip

from .index import services
from .index.definitions import INDICATORS_BY_CODE
from .models import IndexRun, IndexWeight, WardIndexScore

RECOMPUTE_TEMPLATE = "insight/index_admin_change_list.html"


class RecomputeButtonMixin:
    """Shows the "Recompute the index now" button above the list."""

    change_list_template = RECOMPUTE_TEMPLATE

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_recompute_index": _may_recompute(request.user),
        }
        return super().changelist_view(request, extra_context)


def _may_recompute(user) -> bool:
    return user.has_perm("insight.add_indexrun")


@admin.register(IndexWeight)
class IndexWeightAdmin(RecomputeButtonMixin, admin.ModelAdmin):
    list_display = ["indicator_label", "weight", "direction", "kind", "updated_at"]
    list_editable = ["weight"]
    list_display_links = None
    fields = ["indicator", "weight"]

    @admin.display(description="Indicator")
    def indicator_label(self, obj):
        return obj.get_indicator_display()

    @admin.display(description="Direction")
    def direction(self, obj):
        indicator = INDICATORS_BY_CODE.get(obj.indicator)
        return indicator.direction_text if indicator else ""

    @admin.display(description="Counts towards")
    def kind(self, obj):
        indicator = INDICATORS_BY_CODE.get(obj.indicator)
        return indicator.kind if indicator else ""

    def has_delete_permission(self, request, obj=None):
        # A missing row falls back to its default weight; set 0 to leave an indicator out.
        return False


class WardIndexScoreInline(admin.TabularInline):
    model = WardIndexScore
    extra = 0
    can_delete = False
    ordering = ["rank"]
    fields = [
        "rank",
        "ward",
        "index_value",
        "population",
        "services",
        "referrals",
        "connected_referrals",
        "grant_amount",
        "wellbeing_cases",
        "imd_rank",
        "score_referrals",
        "score_deprivation",
        "score_wellbeing",
        "score_services",
        "score_connected",
        "score_grants",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("ward")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(IndexRun)
class IndexRunAdmin(RecomputeButtonMixin, admin.ModelAdmin):
    list_display = ["computed_at", "trigger", "by", "ward_count", "duration_ms"]
    list_filter = ["trigger"]
    list_select_related = ["by"]
    date_hierarchy = "computed_at"
    readonly_fields = [
        "computed_at",
        "trigger",
        "by",
        "duration_ms",
        "period_start",
        "period_end",
        "weights",
        "skipped",
        "ward_count",
    ]
    fields = readonly_fields
    inlines = [WardIndexScoreInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        recompute = self.admin_site.admin_view(require_POST(self.recompute_view))
        return [
            path("recompute/", recompute, name="insight_indexrun_recompute"),
            *super().get_urls(),
        ]

    def recompute_view(self, request):
        if not _may_recompute(request.user):
            raise PermissionDenied
        run = services.index_compute(by=request.user)
        audit_record(
            user=request.user,
            action=AuditAction.CREATE,
            obj=run,
            detail="Recomputed the Thriving Communities Index in the admin",
            ip_address=client_ip(request),
        )
        self.message_user(
            request,
            f"The index has been recomputed for {run.ward_count} wards in {run.duration_ms} ms.",
            messages.SUCCESS,
        )
        return redirect(reverse("admin:insight_indexrun_change", args=[run.pk]))
