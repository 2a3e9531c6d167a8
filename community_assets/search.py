"""Word search over listings: PostgreSQL full-text search with prefix matching, or a plain
substring match on the SQLite database used for local runs.

The search vector is an expression rather than a stored column, so it can never fall out of
step with the listing (admin edits, imports and the API all write the same two fields). The
migration builds a GIN index on exactly this expression on PostgreSQL; keep the two in step.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

SEARCH_CONFIG = "english"
MAX_SEARCH_WORDS = 8

# Letters and digits only: everything else (tsquery operators, quotes, colons) is dropped, so
# what a person types can never change the shape of the query.
_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


def search_words(text: str) -> list[str]:
    return _WORD_RE.findall((text or "").lower())[:MAX_SEARCH_WORDS]


def uses_full_text_search() -> bool:
    return connection.vendor == "postgresql"


def service_search_vector() -> SearchVector:
    return SearchVector("name", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "description", weight="B", config=SEARCH_CONFIG
    )


def prefix_query(words: list[str]) -> SearchQuery:
    """Every word must match, each as a prefix: "garden" finds "Gardening club"."""
    raw = " & ".join(f"{word}:*" for word in words)
    return SearchQuery(raw, search_type="raw", config=SEARCH_CONFIG)


def search_services(queryset: QuerySet, text: str) -> QuerySet:
    words = search_words(text)
    if not words:
        return queryset
    if uses_full_text_search():
        query = prefix_query(words)
        return queryset.annotate(
            search_document=service_search_vector(),
            search_rank=SearchRank(service_search_vector(), query),
        ).filter(search_document=query)
    condition = Q()
    for word in words:
        condition &= Q(name__icontains=word) | Q(description__icontains=word)
    return queryset.filter(condition)
