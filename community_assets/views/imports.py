"""Importing listings from a CSV file: upload, the row-by-row preview, and applying it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import permissions, selectors, services
from ..forms import ImportForm

# How often the progress page reloads itself while a worker checks or imports a large file.
REFRESH_SECONDS = 3
RECENT_IMPORTS = 10


def _require_importer(user) -> None:
    if not permissions.can_import_directory(user):
        raise PermissionDenied("Only community development workers can import listings.")


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    _require_importer(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            directory_import = services.directory_import_start(
                by=request.user, file_name=upload_file.name, data=upload_file.read()
            )
        except ValidationError as error:
            for message in error.message_dict.get("file", error.messages):
                form.add_error("file", message)
        else:
            return redirect("community_assets:import_detail", pk=directory_import.pk)
    return render(
        request,
        "community_assets/import_upload.html",
        {
            "form": form,
            "imports": selectors.imports_by(request.user)[:RECENT_IMPORTS],
            "error_summary_title": form.is_bound and bool(form.errors),
            "sync_limit": services.SYNC_ROW_LIMIT,
        },
    )


@login_required
@require_GET
def detail(request, pk):
    _require_importer(request.user)
    directory_import = selectors.import_for(request.user, pk)
    response = render(
        request,
        "community_assets/import_detail.html",
        {"import": directory_import, "refresh_seconds": REFRESH_SECONDS},
    )
    if directory_import.is_running:
        # The page reloads itself until the worker is done; no JavaScript needed.
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@login_required
@require_POST
def apply(request, pk):
    _require_importer(request.user)
    directory_import = selectors.import_for(request.user, pk)
    try:
        directory_import = services.directory_import_confirm(
            directory_import=directory_import, by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if directory_import.status == "applied":
            messages.success(request, "The file is imported.")
    return redirect("community_assets:import_detail", pk=pk)
