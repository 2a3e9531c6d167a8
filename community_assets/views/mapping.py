"""Asset mapping: listings per category and per 1,000 residents, for the borough and a ward."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import permissions, selectors


def _require_viewer(user) -> None:
    if not permissions.can_view_asset_map(user):
        raise PermissionDenied("Only programme and directory staff can see the asset map.")


def _chart(rows, label) -> dict:
    return {
        "label": label,
        "labels": [row.label for row in rows],
        "values": [float(row.per_1000) for row in rows],
    }


@login_required
@require_GET
def borough(request):
    _require_viewer(request.user)
    asset_map = selectors.asset_map_borough()
    return render(
        request,
        "community_assets/map.html",
        {
            "map": asset_map,
            "chart": _chart(asset_map.by_ward, "Active listings per 1,000 residents"),
        },
    )


@login_required
@require_GET
def ward(request, ons_code):
    _require_viewer(request.user)
    the_ward = selectors.ward_by_code(ons_code)
    asset_map = selectors.asset_map_ward(the_ward)
    return render(
        request,
        "community_assets/map_ward.html",
        {
            "map": asset_map,
            "ward": the_ward,
            "wards": selectors.wards(),
            "chart": _chart(asset_map.by_category, "Active listings per 1,000 residents"),
        },
    )


def _csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


@login_required
@require_GET
def borough_csv(request):
    _require_viewer(request.user)
    asset_map = selectors.asset_map_borough()
    rows = [("ward", row.code, row.label, row.services, row.per_1000) for row in asset_map.by_ward]
    rows += [
        ("category", row.code, row.label, row.services, row.per_1000)
        for row in asset_map.by_category
    ]
    return _csv_response(
        "asset-map-oldham.csv",
        ["breakdown", "code", "name", "active_listings", "per_1000_residents"],
        rows,
    )


@login_required
@require_GET
def ward_csv(request, ons_code):
    _require_viewer(request.user)
    the_ward = selectors.ward_by_code(ons_code)
    asset_map = selectors.asset_map_ward(the_ward)
    return _csv_response(
        f"asset-map-{the_ward.ons_code}.csv",
        [
            "category_code",
            "category",
            "active_listings",
            "per_1000_residents",
            "borough_per_1000_residents",
        ],
        [
            (row.code, row.label, row.services, row.per_1000, row.comparison_per_1000)
            for row in asset_map.by_category
        ],
    )
