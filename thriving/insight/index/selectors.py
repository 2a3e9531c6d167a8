"""Reads for the index pages, the CSV and the API: the latest stored run and its rows.

Borough-wide (see permissions.py), so not scoped by organisation; the rows are one per ward,
a short list bounded by the borough's wards, shown whole rather than paginated.
"""

from ..models import IndexRun, IndexWeight, WardIndexScore
from .definitions import DEFAULT_WEIGHTS, INDICATORS


def index_latest_run() -> IndexRun | None:
    return IndexRun.objects.latest_first().select_related("by").first()


def index_scores(run: IndexRun) -> list[WardIndexScore]:
    return list(
        WardIndexScore.objects.filter(run=run).select_related("ward__district").order_by("rank")
    )


def index_current_weights() -> dict[str, float]:
    """The weights the next computation will use (the admin's, or the defaults)."""
    stored = dict(IndexWeight.objects.values_list("indicator", "weight"))
    return {i.code: float(stored.get(i.code, DEFAULT_WEIGHTS[i.code])) for i in INDICATORS}
