"""Registering as a group's representative, and confirming the email address.

Open to anyone signed out. The pages say the same whether or not an address already has an
account, so they cannot be used to find out who is registered.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from .. import registration
from ..forms import RegistrationForm, ResendVerificationForm, add_service_error
from ._common import error_items


def _page(request, template, form):
    errors = error_items(form)
    return render(
        request, template, {"form": form, "errors": errors, "error_summary_title": bool(errors)}
    )


@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("grants:index")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration.applicant_register(
                full_name=data["full_name"],
                email=data["email"],
                password=data["password"],
                group_name=data["group_name"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            request.session["grants_registered_email"] = data["email"].lower()
            return redirect("grants:register_sent")
    return _page(request, "grants/register.html", form)


@require_GET
def register_sent(request):
    return render(
        request,
        "grants/register_sent.html",
        {"email": request.session.get("grants_registered_email", "")},
    )


@require_GET
def verify_email(request, token):
    result = registration.email_verify(token=token)
    if not result.verified:
        return render(
            request,
            "grants/verify_failed.html",
            {"form": ResendVerificationForm()},
        )
    return render(request, "grants/verified.html", {"result": result})


@require_http_methods(["GET", "POST"])
def resend_verification(request):
    form = ResendVerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        registration.verification_resend(email=form.cleaned_data["email"])
        request.session["grants_registered_email"] = form.cleaned_data["email"]
        return redirect("grants:register_sent")
    return _page(request, "grants/resend_verification.html", form)
