"""API rate limits: per person for signed-in calls, per client address for anonymous ones.

DRF's own classes copy the rates from settings once, when they are imported; these read them
on every request, so a deployment's environment (and a test's settings) is always what counts.
Rates are `REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`; the client address honours
TRUSTED_PROXY_COUNT through DRF's NUM_PROXIES.
"""

from django.conf import settings
from rest_framework import throttling


class _RatesFromSettings:
    def get_rate(self):
        return settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get(self.scope)


class AnonRateThrottle(_RatesFromSettings, throttling.AnonRateThrottle):
    """Calls with no token or session, counted per client IP address."""


class UserRateThrottle(_RatesFromSettings, throttling.UserRateThrottle):
    """Calls by a signed-in person (token or session), counted per person."""

    def allow_request(self, request, view):
        # Anonymous calls are AnonRateThrottle's to count; counting them here too would only
        # apply a second, looser limit to the same address.
        if not (request.user and request.user.is_authenticated):
            return True
        return super().allow_request(request, view)
