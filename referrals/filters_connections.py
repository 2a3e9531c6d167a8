"""The directory search a link worker runs for one person: the directory's own filters, with
several categories at once, since a referral's reasons map to more than one category."""

from uuid import UUID

import django_filters
from django import forms

from community_assets.filters import ServiceFilter, filter_by_categories


class CaseServiceFilter(ServiceFilter):
    category = django_filters.MultipleChoiceFilter(
        label="Categories",
        method="filter_categories",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose categories from the list."},
    )

    def filter_categories(self, queryset, name, value):
        return filter_by_categories(queryset, [UUID(term_id) for term_id in value])
