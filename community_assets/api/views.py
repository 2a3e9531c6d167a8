"""The public, read-only Open Referral UK 3.0 API under /oruk/.

Open to anyone without signing in, as the ORUK compliance rules require (CORS is opened for
these paths in settings). Described by the ORUK OpenAPI document it serves itself, so these
views stay out of the internal drf-spectacular schema.
"""

from collections.abc import Callable
from functools import wraps

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    renderer_classes,
)
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from . import selectors, serializers
from .openapi import PROFILE_URI, VERSION, openapi_document
from .pagination import page_of
from .params import ParameterError, parse_paging, parse_service_filters, parse_uuid


def oruk_endpoint(view: Callable) -> Callable:
    """A public GET endpoint whose bad parameters answer 400 naming the parameter."""

    @wraps(view)
    def handle(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ParameterError as error:
            return Response({"detail": error.message, "parameter": error.parameter}, status=400)

    decorated = renderer_classes([JSONRenderer])(handle)
    decorated = permission_classes([AllowAny])(decorated)
    decorated = authentication_classes([])(decorated)
    return extend_schema(exclude=True)(api_view(["GET"])(decorated))


def _not_found(kind: str, object_id) -> Response:
    return Response({"detail": f"No {kind} has the id {object_id}."}, status=404)


@oruk_endpoint
def api_details(request):
    return Response(
        {
            "version": VERSION,
            "profile": PROFILE_URI,
            "openapi_url": request.build_absolute_uri(reverse("oruk:openapi")),
        }
    )


@oruk_endpoint
def openapi(request):
    return Response(openapi_document(request.build_absolute_uri(reverse("oruk:api-details"))))


@oruk_endpoint
def service_list(request):
    paging = parse_paging(request.query_params)
    services = selectors.service_list(parse_service_filters(request.query_params))
    return Response(page_of(services, paging, serializers.service_list_item))


@oruk_endpoint
def service_detail(request, service_id: str):
    service = selectors.service_detail(parse_uuid(service_id, "id"))
    if service is None:
        return _not_found("active service", service_id)
    return Response(serializers.service_detail(service))


@oruk_endpoint
def service_at_location_list(request):
    paging = parse_paging(request.query_params)
    filters = parse_service_filters(request.query_params, with_postcode=True)
    rows = selectors.service_at_location_list(filters)
    return Response(page_of(rows, paging, serializers.service_at_location_list_item))


@oruk_endpoint
def service_at_location_detail(request, service_at_location_id: str):
    found = selectors.service_at_location_detail(parse_uuid(service_at_location_id, "id"))
    if found is None:
        return _not_found("active service at location", service_at_location_id)
    return Response(serializers.service_at_location_detail(found))


@oruk_endpoint
def taxonomy_list(request):
    paging = parse_paging(request.query_params)
    return Response(page_of(selectors.taxonomy_list(), paging, serializers.taxonomy))


@oruk_endpoint
def taxonomy_detail(request, taxonomy_id: str):
    found = selectors.taxonomy_detail(parse_uuid(taxonomy_id, "id"))
    if found is None:
        return _not_found("taxonomy", taxonomy_id)
    return Response(serializers.taxonomy(found))


@oruk_endpoint
def taxonomy_term_list(request):
    paging = parse_paging(request.query_params)
    return Response(page_of(selectors.taxonomy_term_list(), paging, serializers.taxonomy_term))


@oruk_endpoint
def taxonomy_term_detail(request, term_id: str):
    found = selectors.taxonomy_term_detail(parse_uuid(term_id, "id"))
    if found is None:
        return _not_found("taxonomy term", term_id)
    return Response(serializers.taxonomy_term(found))
