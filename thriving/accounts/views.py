"""Signing in (password, then a code), setting up an authenticator app, the account's security
page, and API tokens."""

from urllib.parse import urlencode

import django_otp
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thriving.audit.services import AuditAction, audit_record, client_ip

from . import selectors, services, two_factor
from .forms import (
    ApiTokenForm,
    EmailAuthenticationForm,
    SetupCodeForm,
    ThrivingPasswordChangeForm,
    VerifyCodeForm,
)

PAGE_SIZE = 25
# Session keys for things shown once and then forgotten.
SETUP_KEY = "accounts_authenticator_key"
NEW_BACKUP_CODES = "accounts_new_backup_codes"
NEW_API_TOKEN = "accounts_new_api_token"

WRONG_CODE = (
    "The code is not correct. Enter the 6 digits your authenticator app shows now, "
    "or one of your backup codes."
)
WRONG_SETUP_CODE = (
    "The code is not correct. Check that you added the account to your authenticator app, "
    "then enter the 6 digits it shows now."
)


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _second_factor_passed(request, device, detail: str) -> None:
    """Mark the session verified, and give it a new key now that it is worth more."""
    django_otp.login(request, device)
    request.session.cycle_key()
    audit_record(
        user=request.user, action=AuditAction.LOGIN, detail=detail, ip_address=client_ip(request)
    )


def _require_verified(user) -> None:
    if not two_factor.is_verified(user):
        raise PermissionDenied("Sign in with your authenticator app code first.")


# ------------------------------------------------------------------------------------------
# Signing in
# ------------------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """The password step. A person with an authenticator app goes on to the code page; someone
    who must have one and has not set it up goes on to set it up."""

    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def get_success_url(self):
        url = super().get_success_url()
        step = two_factor.step_needed(self.request.user)
        return two_factor.step_url(step, url) if step else url


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a new password through the emailed link also lifts a lockout: whoever did it
    can read the account's email."""

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.email.lower())
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django keeps this session and ends every other one (the session hash changes)."""

    template_name = "accounts/password_change.html"
    form_class = ThrivingPasswordChangeForm
    success_url = reverse_lazy("accounts:security")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request, "Password changed. You have been signed out on every other device."
        )
        return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    user, next_url = request.user, _next_url(request)
    # HttpResponseRedirect, not redirect(): a `next` of "nowhere" passes the safety check and
    # redirect() would then look it up as a view name (a 500).
    if two_factor.is_verified(user) or not two_factor.has_authenticator(user):
        return HttpResponseRedirect(next_url)
    form = VerifyCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.second_factor_check(user=user, code=form.cleaned_data["code"])
        if result.device is not None:
            left = two_factor.backup_codes_left(user) if result.backup_code else None
            detail = "Backup code accepted" if result.backup_code else "Authenticator code accepted"
            _second_factor_passed(request, result.device, detail)
            if left is not None:
                messages.warning(request, _backup_code_used_message(left))
            return HttpResponseRedirect(next_url)
        _code_refused(request, form, result.wait_until)
    return render(
        request,
        "accounts/otp_verify.html",
        {"form": form, "next": next_url, "error_summary_title": bool(form.errors)},
    )


def _code_refused(request, form, wait_until) -> None:
    """Say why; a wrong code (not one refused unread while waiting) counts towards the same
    lockout as a wrong password and goes into the audit trail. The failure that locks the
    account also signs the person out, and AxesMiddleware shows the "account locked" page."""
    if wait_until is not None:
        seconds = max(1, int((wait_until - timezone.now()).total_seconds()) + 1)
        form.add_error("code", f"Too many wrong codes. Wait {seconds} seconds, then try again.")
        return
    form.add_error("code", WRONG_CODE)
    credentials = {"username": request.user.email, "second_factor": True}
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    if getattr(request, "axes_locked_out", False):
        logout(request)


def _backup_code_used_message(left: int) -> str:
    codes = "backup code" if left == 1 else "backup codes"
    message = f"You signed in with a backup code. You have {left} {codes} left."
    if left <= 3:
        message += " Make new ones on your account security page."
    return message


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    user, next_url = request.user, _next_url(request)
    if two_factor.has_authenticator(user) and not two_factor.is_verified(user):
        # Replacing an app needs a code from the old one (or a backup code) first.
        return redirect(two_factor.step_url(two_factor.VERIFY, next_url))
    key = request.session.get(SETUP_KEY) or services.authenticator_key_new()
    request.session[SETUP_KEY] = key
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.authenticator_add(user=user, key_hex=key, code=form.cleaned_data["code"])
        if device is not None:
            codes = services.backup_codes_replace(user=user)
            del request.session[SETUP_KEY]
            _second_factor_passed(request, device, "Authenticator app set up")
            request.session[NEW_BACKUP_CODES] = codes
            return redirect(f"{reverse('accounts:backup_codes')}?{_query(next_url)}")
        form.add_error("code", WRONG_SETUP_CODE)
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "next": next_url,
            "qr_code": two_factor.qr_code_data_uri(two_factor.provisioning_uri(user, key)),
            "secret": two_factor.secret_for_display(key),
            "required": two_factor.is_required(user),
            "error_summary_title": bool(form.errors),
        },
    )


def _query(next_url: str) -> str:
    return urlencode({"next": next_url})


@never_cache
@login_required
@require_GET
def backup_codes(request):
    codes = request.session.pop(NEW_BACKUP_CODES, None)
    if not codes:
        messages.info(request, "Backup codes are shown only once. You can make new ones here.")
        return redirect("accounts:security")
    return render(
        request, "accounts/backup_codes.html", {"codes": codes, "next": _next_url(request)}
    )


# ------------------------------------------------------------------------------------------
# The account's security page
# ------------------------------------------------------------------------------------------


@login_required
@require_GET
def security(request):
    user = request.user
    return render(
        request,
        "accounts/security.html",
        {
            "has_authenticator": two_factor.has_authenticator(user),
            "required": two_factor.is_required(user),
            "verified": two_factor.is_verified(user),
            "backup_codes_left": two_factor.backup_codes_left(user),
        },
    )


@login_required
@require_POST
def backup_codes_new(request):
    _require_verified(request.user)
    request.session[NEW_BACKUP_CODES] = services.backup_codes_replace(user=request.user)
    return redirect(f"{reverse('accounts:backup_codes')}?{_query(reverse('accounts:security'))}")


@login_required
@require_POST
def two_factor_off(request):
    _require_verified(request.user)
    if two_factor.is_required(request.user):
        raise PermissionDenied("Two-factor sign-in is required for your role.")
    services.two_factor_turn_off(user=request.user)
    messages.success(request, "Two-factor sign-in is off. You will sign in with your password.")
    return redirect("accounts:security")


# ------------------------------------------------------------------------------------------
# API tokens
# ------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    user = request.user
    can_create = two_factor.is_verified(user)
    form = ApiTokenForm(request.POST or None, initial={"days": settings.API_TOKEN_DEFAULT_DAYS})
    if request.method == "POST":
        _require_verified(user)
        if form.is_valid():
            token, key = services.api_token_create(
                user=user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
            audit_record(
                user=user,
                action=AuditAction.CREATE,
                obj=token,
                detail="API token made",
                ip_address=client_ip(request),
            )
            request.session[NEW_API_TOKEN] = {"key": key, "pk": token.pk}
            return redirect("accounts:api_token_created")
    page = Paginator(selectors.api_tokens_for(user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "can_create": can_create,
            "has_authenticator": two_factor.has_authenticator(user),
            "page_obj": page,
            "tokens": page.object_list,
            "error_summary_title": bool(form.errors),
        },
    )


@never_cache
@login_required
@require_GET
def api_token_created(request):
    new = request.session.pop(NEW_API_TOKEN, None)
    if not new:
        messages.info(
            request, "A token's key is shown only once. Make a new token if you need one."
        )
        return redirect("accounts:api_tokens")
    token = get_object_or_404(selectors.api_tokens_for(request.user), pk=new["pk"])
    return render(request, "accounts/api_token_created.html", {"token": token, "key": new["key"]})


@login_required
@require_POST
def api_token_revoke(request, pk: int):
    token = get_object_or_404(selectors.api_tokens_for(request.user), pk=pk)
    services.api_token_revoke(token=token)
    audit_record(
        user=request.user,
        action=AuditAction.CHANGE,
        obj=token,
        detail="API token revoked",
        ip_address=client_ip(request),
    )
    messages.success(
        request, f"Token “{token.name}” revoked. Programs using it can no longer call the API."
    )
    return redirect("accounts:api_tokens")
