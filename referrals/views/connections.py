"""Connections on a case: find community support for the person in the directory, suggest a
listing, and record how far each connection got.

The case page shows its connections through `{% case_connections %}`
(referrals.templatetags.connection_tags), which calls the context builder at the foot of this
module; the referrer's outcome summary lists them through referrals.outcomes.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from community_assets import selectors as directory
from thriving.audit.services import AuditAction, audit_record, client_ip

from .. import connections, permissions, presenters_connections
from ..connection_workflow import moves_from
from ..filters_connections import CaseServiceFilter
from ..forms_connections import ConnectionMoveForm, SuggestForm
from ..models import Referral
from .case_actions import case_action
from .case_page import referral_or_404, render_case

PAGE_SIZE = 20


def _require_work(user, referral: Referral) -> None:
    if not permissions.can_work_case(user, referral):
        raise PermissionDenied("Only the link worker who owns this case, or a coordinator.")


def _case_url(referral: Referral) -> str:
    return reverse("referrals:detail", args=[referral.pk]) + "#connections"


@login_required
@require_GET
def find(request, pk):
    """The directory search for one person; the case page links here with the filters
    prefilled from their ward and the referral's reasons."""
    referral = referral_or_404(request, pk)
    _require_work(request.user, referral)
    if not connections.can_connect(request.user, referral):
        messages.error(request, connections.NOT_OPEN_MESSAGE)
        return redirect(_case_url(referral))
    audit_record(
        user=request.user,
        action=AuditAction.VIEW,
        obj=referral,
        detail=f"Directory search for referral {referral.reference}",
        ip_address=client_ip(request),
    )
    return render(request, "referrals/connection_find.html", _search_context(request, referral))


def _search_context(request, referral: Referral) -> dict:
    """The directory's own filters and listing reads, over active listings only."""
    filterset = CaseServiceFilter(request.GET, queryset=directory.staff_services().active())
    ordered = directory.ordered_for_search(filterset.qs, ranked=filterset.has_words)
    page = Paginator(directory.with_listing_details(ordered), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return {
        "referral": referral,
        "filter": filterset,
        "page_obj": page,
        "services": page.object_list,
        "already_suggested": connections.live_service_ids(referral),
        "active_filters": presenters_connections.active_filters(filterset, request.GET),
        "action": reverse("referrals:connection_find", args=[referral.pk]),
        "error_summary_title": bool(filterset.form.errors),
    }


@case_action
def suggest(request, referral):
    _require_work(request.user, referral)
    form = SuggestForm(request.POST)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("referrals:connection_find", args=[referral.pk])
    if not form.is_valid():
        messages.error(request, "Choose a listing to suggest.")
        return HttpResponseRedirect(back)
    service = get_object_or_404(directory.staff_services(), pk=form.cleaned_data["service"])
    try:
        connections.connection_suggest(referral=referral, service=service, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(back)
    messages.success(
        request,
        f"“{service.name}” is suggested to {referral.given_name}. Update it below as it moves on.",
    )
    return redirect(_case_url(referral))


@case_action
def move(request, referral, connection_id):
    _require_work(request.user, referral)
    connection = get_object_or_404(connections.connections_for_case(referral), pk=connection_id)
    form = _move_form(connection, data=request.POST)
    if form.is_valid():
        try:
            moved = connections.connection_move(
                connection=connection,
                to=form.cleaned_data["to"],
                by=request.user,
                note=form.cleaned_data["note"],
                on=form.cleaned_data["on"],
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            status = moved.get_status_display().lower()
            messages.success(request, f"“{moved.service.name}”: {status}.")
            return redirect(_case_url(referral))
    return render_case(request, referral, bound=form)


def _add_service_error(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _move_form(connection, *, data=None) -> ConnectionMoveForm:
    return ConnectionMoveForm(
        data,
        prefix=f"connection-{connection.pk}",
        moves=moves_from(connection.status),
        service_name=connection.service.name,
    )


# ------------------------------------------------------------------------------------------
# The case page's section
# ------------------------------------------------------------------------------------------


def case_connections_context(user, referral: Referral, *, bound=None) -> dict:
    """The connections section of the case page. `bound` is a move form that failed: it
    replaces its connection's blank form so its errors show in place."""
    can_connect = connections.can_connect(user, referral)
    rows = []
    for connection in connections.connections_for_case(referral):
        form = None
        if can_connect and moves_from(connection.status):
            form = _move_form(connection)
            if bound is not None and bound.prefix == form.prefix:
                form = bound
        rows.append(
            {
                "connection": connection,
                "tag": presenters_connections.connection_tag(connection.status),
                "dates": presenters_connections.connection_dates(connection),
                "form": form,
            }
        )
    context = {"referral": referral, "rows": rows, "can_connect": can_connect}
    if can_connect:
        prefill = connections.search_prefill(referral)
        context["find_query"] = _querystring(prefill)
    return context


def _querystring(prefill: dict[str, list[str]]) -> str:
    query = QueryDict(mutable=True)
    for name, values in prefill.items():
        query.setlist(name, values)
    return query.urlencode()
