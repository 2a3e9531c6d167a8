"""Lockouts (django-axes): what failed sign-ins are counted against (the email address and
the client address), and the page a locked account sees."""

from django.conf import settings
from django.shortcuts import render


def lockout_username(request, credentials) -> str | None:
    """The typed email address, lower-cased: "GP@x.org" and "gp@x.org" are one account."""
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = request.POST.get("username")
    # Axes keeps it in a 255-character column; an email address is at most 254.
    return username.strip().lower()[:254] if username else username


def lockout_ip(request) -> str | None:
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address the outermost one saw.

    Matches DRF's NUM_PROXIES rule, so lockouts and API throttles agree on who the client is.
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count and forwarded:
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        if addresses:
            return addresses[-min(count, len(addresses))]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The "account locked" page, with how long the lock lasts, as 429 Too Many Requests."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
