"""Keeps a person who has given their password but not yet their code on the pages that take it."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from rest_framework.views import APIView

from . import two_factor

# Pages a signed-in person may open before finishing two-factor sign-in.
ALLOWED_BEFORE_SECOND_FACTOR = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:otp_verify",
        "accounts:otp_setup",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
        "health",
    }
)

API_MESSAGE = (
    "Finish signing in first: enter the code from your authenticator app on the website, "
    "or call the API with a token."
)


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_name = request.resolver_match.view_name
        if view_name == "admin:login":
            # One sign-in page for everyone, so the admin gets the same lockout and second factor.
            target = request.GET.get("next") or reverse("admin:index")
            return redirect(f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': target})}")
        if not settings.OTP_REQUIRED or view_name in ALLOWED_BEFORE_SECOND_FACTOR:
            return None
        step = two_factor.step_needed(request.user)
        if step is None:
            return None
        view_class = getattr(view_func, "cls", None)
        if isinstance(view_class, type) and issubclass(view_class, APIView):
            return JsonResponse({"detail": API_MESSAGE}, status=403)
        return redirect(two_factor.step_url(step, request.get_full_path()))
