from django.contrib import admin

from .models import District, Postcode, Ward


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):
    list_display = ["name", "ons_code", "district", "population", "imd_rank"]
    list_filter = ["district"]
    search_fields = ["name", "ons_code"]
    list_editable = ["population", "imd_rank"]


@admin.register(Postcode)
class PostcodeAdmin(admin.ModelAdmin):
    list_display = ["postcode", "ward"]
    list_filter = ["ward__district", "ward"]
    search_fields = ["postcode"]
    autocomplete_fields = ["ward"]
    list_select_related = ["ward"]
