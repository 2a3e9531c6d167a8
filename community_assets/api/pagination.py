"""The HSDS 3.0 page envelope every list endpoint answers with."""

import math
from collections.abc import Callable

from django.db.models import QuerySet

from .params import Paging


def page_of(queryset: QuerySet, paging: Paging, present: Callable[[object], dict]) -> dict:
    """One page: a count and a slice, then each row presented.

    A page past the end is not an error: it is empty, and says so.
    """
    total_items = queryset.count()
    total_pages = math.ceil(total_items / paging.per_page)
    start = (paging.page - 1) * paging.per_page
    rows = list(queryset[start : start + paging.per_page]) if start < total_items else []
    return {
        "total_items": total_items,
        "total_pages": total_pages,
        "page_number": paging.page,
        "size": len(rows),
        "first_page": paging.page == 1,
        "last_page": paging.page >= total_pages,
        "empty": not rows,
        "contents": [present(row) for row in rows],
    }
