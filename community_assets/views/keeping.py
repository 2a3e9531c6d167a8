"""Keeping listings current: create, edit, "still accurate", and the keeper's own list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import permissions, selectors, services
from ..forms import PlaceFormSet, ServiceForm, place_initial

PAGE_SIZE = 25


def _render_form(request, form, places, service=None):
    errors = bool(form.errors) or any(places.errors) or bool(places.non_form_errors())
    return render(
        request,
        "community_assets/form.html",
        {
            "form": form,
            "places": places,
            "service": service,
            "error_summary_title": form.is_bound and errors,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    if not permissions.can_create_service(request.user):
        raise PermissionDenied("Only community development workers can add listings.")
    form = ServiceForm(request.POST or None)
    places = PlaceFormSet(request.POST or None, prefix="places")
    if request.method == "POST" and form.is_valid() and places.is_valid():
        try:
            service = services.service_create(
                by=request.user, listing=form.listing(places.places())
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"“{service.name}” is now in the directory.")
            return redirect("community_assets:detail", pk=service.pk)
    return _render_form(request, form, places)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    service = selectors.service_detail(pk)
    if not permissions.can_edit_service(request.user, service):
        raise PermissionDenied("Only the listing's keeper or a community development worker.")
    form = ServiceForm(request.POST or None, instance=service)
    places = PlaceFormSet(request.POST or None, prefix="places", initial=place_initial(service))
    if request.method == "POST" and form.is_valid() and places.is_valid():
        try:
            services.service_update(
                service=service, by=request.user, listing=form.listing(places.places())
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"“{service.name}” is updated.")
            return redirect("community_assets:detail", pk=service.pk)
    return _render_form(request, form, places, service)


@login_required
@require_POST
def verify(request, pk):
    service = selectors.service_detail(pk)
    if not permissions.can_verify_service(request.user, service):
        raise PermissionDenied("Only the listing's keeper or a community development worker.")
    services.service_verify(service=service, by=request.user)
    messages.success(request, f"Thank you: “{service.name}” is marked as still accurate today.")
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        # Not redirect(): it would look a path-less string up as a view name (a 500).
        return HttpResponseRedirect(next_url)
    return redirect("community_assets:detail", pk=service.pk)


@login_required
@require_GET
def my_listings(request):
    listings = selectors.services_kept_by(request.user)
    page = Paginator(listings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "community_assets/my_listings.html",
        {
            "page_obj": page,
            "services": page.object_list,
            "stale_count": listings.filter(stale_order=0).count(),
            "can_create": permissions.can_create_service(request.user),
            "can_import": permissions.can_import_directory(request.user),
        },
    )
