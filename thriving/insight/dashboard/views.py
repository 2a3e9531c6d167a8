"""The programme dashboard page and its downloads: parse the filters, call the selector,
render or write. The programme lead and coordinators only (403 for anyone else)."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from thriving.audit.services import AuditAction, audit_record, client_ip

from ..exports import csv_response, xlsx_response
from ..facts import last_full_refresh
from . import presenters, selectors
from .forms import DashboardFilterForm
from .permissions import can_choose_provider, can_view_dashboard

FILTER_KEYS = ("date_from", "date_to", "provider", "ward")
ALL_FIGURES = "all"


def _require_viewer(user) -> None:
    if not can_view_dashboard(user):
        raise PermissionDenied("Only the programme lead and coordinators can see the dashboard.")


def _filter_form(request) -> DashboardFilterForm:
    data = {key: request.GET[key] for key in FILTER_KEYS if key in request.GET}
    return DashboardFilterForm(data or None, user=request.user)


def _query(request) -> str:
    return urlencode({key: request.GET[key] for key in FILTER_KEYS if request.GET.get(key)})


@login_required
@require_GET
def dashboard(request):
    _require_viewer(request.user)
    form = _filter_form(request)
    context = {
        "form": form,
        "show_provider": can_choose_provider(request.user),
        "error_summary_title": form.is_bound and bool(form.errors),
    }
    if form.is_bound and not form.is_valid():
        return render(request, "insight/dashboard.html", context)
    board = selectors.programme_dashboard(user=request.user, filters=form.filters())
    query = _query(request)
    context.update(
        dashboard=board,
        figures=[presenters.present(figure) for figure in board.figures],
        covering=presenters.scope_text(board),
        query=f"?{query}" if query else "",
        all_figures=ALL_FIGURES,
        facts_rebuilt_at=last_full_refresh(),
    )
    return render(request, "insight/dashboard.html", context)


def _download(request, figure: str, file_format: str):
    _require_viewer(request.user)
    whole_workbook = figure == ALL_FIGURES and file_format == "xlsx"
    if not whole_workbook and figure not in selectors.FIGURE_NAMES:
        raise Http404("No such figure")
    form = _filter_form(request)
    if form.is_bound and not form.is_valid():
        # The page says what is wrong with the filters, with the form to put it right.
        return redirect(f"{reverse('insight:dashboard')}?{_query(request)}")
    filters = form.filters()
    if whole_workbook:
        board = selectors.programme_dashboard(user=request.user, filters=filters)
        figures = board.figures
    else:
        board, one = selectors.dashboard_figure(user=request.user, slug=figure, filters=filters)
        figures = [one]
    name = f"{figure}-{filters.date_from.isoformat()}-to-{filters.date_to.isoformat()}"
    audit_record(
        user=request.user,
        action=AuditAction.EXPORT,
        object_type="insight.dashboard",
        object_id=figure,
        detail=(
            f"Dashboard {figure}.{file_format}: referrals {filters.date_from} to "
            f"{filters.date_to}; {presenters.scope_text(board)}; "
            f"{board.ward_name or 'all wards'}"
        ),
        ip_address=client_ip(request),
    )
    if file_format == "csv":
        sheet = presenters.sheet(figures[0])
        return csv_response(filename=f"{name}.csv", header=sheet.header, rows=sheet.rows)
    sheets = [presenters.sheet(f) for f in figures]
    sheets.append(presenters.about_sheet(board, figures=figures))
    return xlsx_response(filename=f"{name}.xlsx", sheets=sheets)


@login_required
@require_GET
def download_csv(request, figure):
    return _download(request, figure, "csv")


@login_required
@require_GET
def download_xlsx(request, figure):
    return _download(request, figure, "xlsx")
