"""Open Referral UK 3.0 paths. ORUK names them without a trailing slash; both forms answer."""

from django.urls import re_path

from . import views

app_name = "oruk"

urlpatterns = [
    re_path(r"^$", views.api_details, name="api-details"),
    re_path(r"^openapi\.json$", views.openapi, name="openapi"),
    re_path(r"^services/?$", views.service_list, name="service-list"),
    re_path(r"^services/(?P<service_id>[^/]+)/?$", views.service_detail, name="service-detail"),
    re_path(
        r"^service_at_locations/?$",
        views.service_at_location_list,
        name="service-at-location-list",
    ),
    re_path(
        r"^service_at_locations/(?P<service_at_location_id>[^/]+)/?$",
        views.service_at_location_detail,
        name="service-at-location-detail",
    ),
    re_path(r"^taxonomies/?$", views.taxonomy_list, name="taxonomy-list"),
    re_path(
        r"^taxonomies/(?P<taxonomy_id>[^/]+)/?$", views.taxonomy_detail, name="taxonomy-detail"
    ),
    re_path(r"^taxonomy_terms/?$", views.taxonomy_term_list, name="taxonomy-term-list"),
    re_path(
        r"^taxonomy_terms/(?P<term_id>[^/]+)/?$",
        views.taxonomy_term_detail,
        name="taxonomy-term-detail",
    ),
]
