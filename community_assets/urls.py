from django.urls import path

from .views import imports, keeping, mapping, search

app_name = "community_assets"

urlpatterns = [
    # Staff search, and the residents' page
    path("", search.search, name="search"),
    path("export/", search.export_csv, name="export"),
    path("public/", search.public_search, name="public_search"),
    path("public/<uuid:pk>/", search.public_detail, name="public_detail"),
    # Keeping listings current
    path("new/", keeping.create, name="create"),
    path("mine/", keeping.my_listings, name="mine"),
    path("<uuid:pk>/", search.detail, name="detail"),
    path("<uuid:pk>/edit/", keeping.edit, name="edit"),
    path("<uuid:pk>/verify/", keeping.verify, name="verify"),
    # CSV import
    path("import/", imports.upload, name="import"),
    path("import/<uuid:pk>/", imports.detail, name="import_detail"),
    path("import/<uuid:pk>/apply/", imports.apply, name="import_apply"),
    # Asset mapping
    path("map/", mapping.borough, name="map"),
    path("map/csv/", mapping.borough_csv, name="map_csv"),
    path("map/<str:ons_code>/", mapping.ward, name="map_ward"),
    path("map/<str:ons_code>/csv/", mapping.ward_csv, name="map_ward_csv"),
]
