"""Finding listings: the staff search, the residents' page, a listing, and the CSV export."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from thriving.audit.services import AuditAction, audit_record, client_ip

from .. import csv_io, permissions, presenters, selectors
from ..filters import ServiceFilter, StaffServiceFilter

PAGE_SIZE = 20


def _results(request, filterset):
    ordered = selectors.ordered_for_search(filterset.qs, ranked=filterset.has_words)
    page = Paginator(selectors.with_listing_details(ordered), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return {
        "filter": filterset,
        "page_obj": page,
        "services": page.object_list,
        "active_filters": presenters.active_filters(filterset, request.GET),
        "error_summary_title": bool(filterset.form.errors),
    }


@login_required
@require_GET
def search(request):
    if not permissions.can_search_directory(request.user):
        raise PermissionDenied("Only staff who connect people to activities can search here.")
    filterset = StaffServiceFilter(request.GET, queryset=selectors.staff_services())
    context = _results(request, filterset)
    context["can_create"] = permissions.can_create_service(request.user)
    return render(request, "community_assets/search.html", context)


@require_GET
def public_search(request):
    filterset = ServiceFilter(request.GET, queryset=selectors.public_services())
    return render(request, "community_assets/public_search.html", _results(request, filterset))


@require_GET
def public_detail(request, pk):
    service = selectors.public_service_detail(pk)
    return render(request, "community_assets/public_detail.html", {"service": service})


@login_required
@require_GET
def detail(request, pk):
    service = selectors.service_detail(pk)
    if not permissions.can_view_service(request.user, service):
        raise PermissionDenied("Only directory staff and the listing's keeper can see this page.")
    return render(
        request,
        "community_assets/detail.html",
        {
            "service": service,
            "can_edit": permissions.can_edit_service(request.user, service),
            "can_verify": permissions.can_verify_service(request.user, service),
        },
    )


@login_required
@require_GET
def export_csv(request):
    if not permissions.can_export_directory(request.user):
        raise PermissionDenied("Only directory staff can export the directory.")
    filterset = StaffServiceFilter(request.GET, queryset=selectors.staff_services())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="directory-{stamp}.csv"'
    response.write("\ufeff")
    csv_io.write_csv(response, csv_io.with_export_details(filterset.qs))
    audit_record(
        user=request.user,
        action=AuditAction.EXPORT,
        object_type="community_assets.service",
        detail="Directory CSV export",
        ip_address=client_ip(request),
    )
    return response
