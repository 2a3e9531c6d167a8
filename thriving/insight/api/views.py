"""The insight API under /api/v1/insight/: thin views over the index's selectors and
presenters, behind the same role check as the pages."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ..index import permissions, presenters, selectors
from ..index.definitions import INDICATORS
from .serializers import IndexOutputSerializer

_ERROR = inline_serializer("InsightApiError", fields={"detail": serializers.CharField()})


class CanViewIndex(BasePermission):
    message = (
        "Only the programme lead, community development workers, grant officers and "
        "coordinators can see the Thriving Communities Index."
    )

    def has_permission(self, request, view) -> bool:
        return permissions.can_view_index(request.user)


def _index_payload(run, rows) -> dict:
    in_run = (
        {item.indicator.code: item for item in presenters.indicators_in_run(run)} if run else {}
    )
    return {
        "run": run,
        "indicators": [
            {
                "code": indicator.code,
                "label": indicator.label,
                "kind": indicator.kind,
                "direction": indicator.direction,
                "weight": in_run[indicator.code].weight if run else 0.0,
                "used": in_run[indicator.code].used if run else False,
            }
            for indicator in INDICATORS
        ],
        "rows": [
            {
                "rank": row.rank,
                "ward": {"ons_code": row.ons_code, "name": row.ward_name, "district": row.district},
                "population": row.population,
                "index_value": round(row.index_value, presenters.SCORE_PLACES),
                "referrals": row.referrals,
                "wellbeing_people": row.wellbeing_cases,
                "indicators": {
                    cell.indicator.code: {
                        "value": None if cell.value is None else round(cell.value, 4),
                        "score": (
                            None
                            if cell.score is None
                            else round(cell.score, presenters.SCORE_PLACES)
                        ),
                        "suppressed": cell.suppressed,
                    }
                    for cell in row.cells
                },
            }
            for row in rows
        ],
    }


class IndexApi(APIView):
    permission_classes = [IsAuthenticated, CanViewIndex]

    @extend_schema(
        operation_id="insight_index_retrieve",
        tags=["insight"],
        summary="The Thriving Communities Index",
        description="The latest computed run of the index (when, how, with which weights) and "
        "one row per ward, rank 1 (highest need, thinnest capacity) first, with each "
        'indicator\'s raw value and oriented standardised score. Counts of 1 to 4 are "<5"; '
        "values resting on 1 to 4 cases are null with `suppressed` true. `run` is null and "
        "`rows` empty until the index is first computed. The method is described at "
        "/insight/index/methodology/.",
        responses={
            200: IndexOutputSerializer,
            401: OpenApiResponse(_ERROR, description="No valid token or session."),
            403: OpenApiResponse(_ERROR, description="Your role does not allow this."),
        },
    )
    def get(self, request):
        run = selectors.index_latest_run()
        rows = presenters.index_rows(selectors.index_scores(run)) if run else []
        return Response(IndexOutputSerializer(_index_payload(run, rows)).data)
