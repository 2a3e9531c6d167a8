"""Subject access in the admin: find everything held about one person by NHS number,
download it as one JSON file, or erase it.

Every step is a POST, so the NHS number never appears in a URL, a browser history or an
access log. Only verified admins holding the subject access permission get the pages (the
ModelAdmin wraps them in the admin site's own checks first).
"""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from thriving.audit.services import client_ip

from . import services
from .forms import EraseForm, NHSNumberForm
from .models import Anonymisation
from .permissions import can_use_subject_access_pages

SEARCH_URL = "admin:privacy_subject_access"


def _require(request) -> None:
    if not can_use_subject_access_pages(request.user):
        raise PermissionDenied(
            "Subject access needs an admin account with the subject access permission, "
            "signed in with two-factor authentication."
        )


def _page(request, admin_site, template: str, title: str, **context):
    return TemplateResponse(
        request,
        template,
        {
            **admin_site.each_context(request),
            "title": title,
            "opts": Anonymisation._meta,
            **context,
        },
    )


@require_http_methods(["GET", "POST"])
def subject_access(request, admin_site):
    _require(request)
    form = NHSNumberForm(request.POST if request.method == "POST" else None)
    matches = None
    if form.is_valid():
        matches = services.subject_summary(
            nhs_number=form.cleaned_data["nhs_number"],
            by=request.user,
            ip_address=client_ip(request),
        )
    return _page(
        request,
        admin_site,
        "privacy/admin/subject_access.html",
        "Subject access: everything held about one person",
        form=form,
        matches=matches,
        any_open=bool(matches) and any(m.summary["open"] for m in matches),
    )


@require_POST
def subject_access_export(request, admin_site):
    _require(request)
    form = NHSNumberForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter a valid NHS number to export.")
        return redirect(SEARCH_URL)
    document = services.subject_export(
        nhs_number=form.cleaned_data["nhs_number"],
        by=request.user,
        ip_address=client_ip(request),
    )
    response = HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{stamp}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def subject_access_erase(request, admin_site):
    """First POST (from the results): what would be erased, and the confirmation form, or
    why it cannot be erased yet. Second POST (the confirmation): erase."""
    _require(request)
    confirming = "reason" in request.POST or "confirm" in request.POST
    form = EraseForm(request.POST) if confirming else None
    lookup = NHSNumberForm(request.POST)
    if not lookup.is_valid():
        messages.error(request, "Enter a valid NHS number first.")
        return redirect(SEARCH_URL)
    nhs_number = lookup.cleaned_data["nhs_number"]
    refusals = []
    if form is not None and form.is_valid():
        try:
            erased = services.subject_erase(
                nhs_number=nhs_number,
                by=request.user,
                reason=form.cleaned_data["reason"],
                ip_address=client_ip(request),
            )
        except services.ErasureRefused as refused:
            refusals = refused.reasons
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _erased_message(erased))
            return redirect(SEARCH_URL)
    matches = services.subject_find(nhs_number=nhs_number)
    refusals = refusals or services.subject_erase_refusals(nhs_number=nhs_number)
    return _page(
        request,
        admin_site,
        "privacy/admin/subject_access_erase.html",
        "Erase everything held about one person",
        form=form or EraseForm(initial={"nhs_number": nhs_number}),
        matches=matches,
        refusals=refusals,
    )


def _erased_message(references: list[str]) -> str:
    if not references:
        return "Nothing was held about that person, so nothing was erased."
    listed = ", ".join(references)
    return f"Erased the person's details from {len(references)} record(s): {listed}."
