from django.contrib import admin, messages

from . import registry, services
from .models import EmailStatus, Notification, NotificationPreference, OutboundEmail, Reminder


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "to",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "sent_at",
    ]
    list_filter = ["status", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["to", "subject"]
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Send the selected failed emails again")
    def send_again(self, request, queryset):
        retried = sum(
            services.email_retry(email=email)
            for email in queryset.filter(status=EmailStatus.FAILED)
        )
        self.message_user(
            request, f"{retried} failed email(s) will be sent again.", messages.SUCCESS
        )


class KindFilter(admin.SimpleListFilter):
    title = "kind"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(rule.kind, rule.label) for rule in registry.rules()]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class EmailStatusFilter(admin.SimpleListFilter):
    """Reminders by what happened to their email: failed ones are what someone must chase."""

    title = "email"
    parameter_name = "email_status"

    def lookups(self, request, model_admin):
        return [*EmailStatus.choices, ("none", "No email (in-app only, or not yet summarised)")]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(email__isnull=True)
        if self.value() in EmailStatus.values:
            return queryset.filter(email__status=self.value())
        return queryset


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "recipient",
        "object_type",
        "object_id",
        "due_on",
        "delivery",
        "resolved_at",
        "email_status",
    ]
    list_filter = [KindFilter, EmailStatusFilter, "delivery", "due_on", "resolved_at"]
    list_select_related = ["recipient", "email"]
    # References and ids only: titles carry a case reference, never a person's details.
    search_fields = ["object_id", "title"]
    readonly_fields = [f.name for f in Reminder._meta.fields]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    @admin.display(description="Email")
    def email_status(self, reminder: Reminder) -> str:
        return reminder.email.get_status_display() if reminder.email else "—"


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "title", "read_at"]
    list_filter = [("read_at", admin.EmptyFieldListFilter)]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "delivery", "updated_at"]
    list_filter = ["delivery"]
    list_select_related = ["user"]
