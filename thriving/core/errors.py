"""Error answers for addresses no URL pattern matches.

An API client asking for /api/v1/referrals/not-a-uuid/ gets the JSON 404 every API view
answers with (and the OpenAPI schema describes), not the HTML page meant for people.
"""

from django.http import JsonResponse
from django.views import defaults

API_PREFIX = "/api/"


def page_not_found(request, exception):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)
