from functools import partial

from django.contrib import admin
from django.urls import path

from . import views
from .models import Anonymisation


@admin.register(Anonymisation)
class AnonymisationAdmin(admin.ModelAdmin):
    """The register of anonymised records, read-only, and the way to subject access."""

    list_display = ["at", "cause", "object_type", "object_id", "by", "reason"]
    list_filter = ["cause", "object_type", ("at", admin.DateFieldListFilter)]
    search_fields = ["object_id", "reason"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in Anonymisation._meta.fields]
    change_list_template = "privacy/admin/anonymisation_change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        def wrap(view, name, url):
            return path(
                url,
                self.admin_site.admin_view(partial(view, admin_site=self.admin_site)),
                name=name,
            )

        return [
            wrap(views.subject_access, "privacy_subject_access", "subject-access/"),
            wrap(
                views.subject_access_export,
                "privacy_subject_access_export",
                "subject-access/export/",
            ),
            wrap(
                views.subject_access_erase, "privacy_subject_access_erase", "subject-access/erase/"
            ),
        ] + super().get_urls()
