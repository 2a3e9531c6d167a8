"""The Thriving Communities Index pages: the ranked table with its chart, the methodology,
the CSV, and the programme lead's "recompute now" button. Thin: check the role, read the
latest run, present, render."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from referrals.connection_workflow import ConnectionStatus
from thriving.audit.services import AuditAction, audit_record, client_ip

from . import permissions, presenters, selectors, services
from .definitions import (
    CONNECTED_STATUSES,
    FEWER_THAN_FIVE,
    INDICATORS,
    WINDOW_DAYS,
)


def _require_viewer(user) -> None:
    if not permissions.can_view_index(user):
        raise PermissionDenied(
            "Only the programme lead, community development workers, grant officers and "
            "coordinators can see the Thriving Communities Index."
        )


@login_required
@require_GET
def index(request):
    _require_viewer(request.user)
    run = selectors.index_latest_run()
    rows = presenters.index_rows(selectors.index_scores(run)) if run else []
    return render(
        request,
        "insight/index.html",
        {
            "run": run,
            "rows": rows,
            "indicators": presenters.indicators_in_run(run) if run else [],
            "chart": presenters.chart_data(rows),
            "can_recompute": permissions.can_recompute_index(request.user),
        },
    )


@login_required
@require_GET
def methodology(request):
    _require_viewer(request.user)
    weights = selectors.index_current_weights()
    return render(
        request,
        "insight/index_methodology.html",
        {
            "indicators": [(i, weights[i.code]) for i in INDICATORS],
            "window_days": WINDOW_DAYS,
            "connected_statuses": [
                s.label.lower() for s in ConnectionStatus if s in CONNECTED_STATUSES
            ],
            "fewer_than_five": FEWER_THAN_FIVE,
            "can_change_weights": request.user.is_staff,
        },
    )


@login_required
@require_GET
def index_csv(request):
    _require_viewer(request.user)
    run = selectors.index_latest_run()
    rows = presenters.index_rows(selectors.index_scores(run)) if run else []
    day = timezone.localtime(run.computed_at).date() if run else timezone.localdate()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="thriving-communities-index-{day.isoformat()}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(presenters.CSV_HEADER)
    writer.writerows(presenters.csv_rows(rows))
    if run:
        audit_record(
            user=request.user,
            action=AuditAction.EXPORT,
            obj=run,
            detail="Thriving Communities Index as CSV",
            ip_address=client_ip(request),
        )
    return response


@login_required
@require_POST
def recompute(request):
    if not permissions.can_recompute_index(request.user):
        raise PermissionDenied("Only the programme lead or an admin can recompute the index.")
    run = services.index_compute(by=request.user)
    audit_record(
        user=request.user,
        action=AuditAction.CREATE,
        obj=run,
        detail="Recomputed the Thriving Communities Index",
        ip_address=client_ip(request),
    )
    messages.success(
        request,
        f"The index has been recomputed for {run.ward_count} wards in {run.duration_ms} ms.",
    )
    return redirect("insight:index")
