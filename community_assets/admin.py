from django.contrib import admin
from django.db.models import Q
from django.utils import timezone

from .models import (
    Contact,
    DirectoryImport,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceCategory,
    ServiceLanguage,
    ServiceReach,
    Taxonomy,
    TaxonomyTerm,
    stale_before,
)


class StaleFilter(admin.SimpleListFilter):
    title = "verification"
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        return [
            ("stale", "Needs checking (not confirmed in 6 months)"),
            ("current", "Confirmed in the last 6 months"),
        ]

    def queryset(self, request, queryset):
        recent = Q(last_verified_at__gte=stale_before())
        if self.value() == "stale":
            return queryset.stale()
        if self.value() == "current":
            return queryset.filter(recent)
        return queryset


class TaxonomyTermInline(admin.TabularInline):
    model = TaxonomyTerm
    fields = ["code", "name", "parent", "description"]
    extra = 0
    show_change_link = True


@admin.register(Taxonomy)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "uri"]
    search_fields = ["name"]
    inlines = [TaxonomyTermInline]


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "parent", "taxonomy"]
    list_filter = ["taxonomy", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "code", "description"]
    list_select_related = ["parent", "taxonomy"]
    autocomplete_fields = ["parent"]


class ServiceCategoryInline(admin.TabularInline):
    model = ServiceCategory
    extra = 0
    autocomplete_fields = ["taxonomy_term"]


class ServiceLanguageInline(admin.TabularInline):
    model = ServiceLanguage
    extra = 0


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    show_change_link = True


class ServiceAtLocationInline(admin.TabularInline):
    model = ServiceAtLocation
    extra = 0
    autocomplete_fields = ["location"]
    show_change_link = True


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "organisation",
        "status",
        "keeper",
        "last_verified_at",
        "needs_checking",
    ]
    list_filter = [StaleFilter, "status", "is_free", "taking_new_people", "categories"]
    search_fields = ["name", "description", "organisation__name", "keeper__email"]
    list_select_related = ["organisation", "keeper"]
    autocomplete_fields = ["organisation", "keeper", "last_verified_by"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ServiceCategoryInline, ServiceLanguageInline, ContactInline, ServiceAtLocationInline]
    actions = ["mark_verified"]
    date_hierarchy = "updated_at"

    @admin.display(boolean=True, description="Needs checking")
    def needs_checking(self, service):
        return service.is_stale()

    @admin.action(description="Mark as still accurate today")
    def mark_verified(self, request, queryset):
        updated = queryset.update(last_verified_at=timezone.now(), last_verified_by=request.user)
        self.message_user(request, f"{updated} listing(s) marked as still accurate.")


class ScheduleInline(admin.TabularInline):
    model = Schedule
    extra = 0


@admin.register(ServiceAtLocation)
class ServiceAtLocationAdmin(admin.ModelAdmin):
    list_display = ["service", "location"]
    search_fields = ["service__name", "location__name"]
    list_select_related = ["service", "location"]
    autocomplete_fields = ["service", "location"]
    inlines = [ScheduleInline]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "address_1", "postcode", "ward", "is_online"]
    list_filter = ["is_online", "ward__district", "ward"]
    search_fields = ["name", "address_1", "postcode"]
    list_select_related = ["ward"]


class PhoneInline(admin.TabularInline):
    model = Phone
    extra = 0


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["__str__", "title", "service"]
    search_fields = ["name", "title", "email", "service__name"]
    list_select_related = ["service"]
    autocomplete_fields = ["service"]
    inlines = [PhoneInline]


@admin.register(DirectoryImport)
class DirectoryImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "uploaded_by", "status", "total_rows", "created_at"]
    list_filter = ["status"]
    search_fields = ["file_name", "uploaded_by__email"]
    list_select_related = ["uploaded_by"]
    exclude = ["content", "preview"]
    readonly_fields = [
        "uploaded_by",
        "file_name",
        "content_sha256",
        "status",
        "total_rows",
        "processed_rows",
        "created_count",
        "updated_count",
        "unchanged_count",
        "rejected_count",
        "error",
        "created_at",
        "applied_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(ServiceReach)
class ServiceReachAdmin(admin.ModelAdmin):
    """Counts kept by the referrals app as connections change; read-only here."""

    list_display = ["service", "connected", "attended"]
    search_fields = ["service__name"]
    list_select_related = ["service"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in ServiceReach._meta.fields]

    def has_add_permission(self, request):
        return False
