"""Directory search filters, for the staff and public search pages and the ORUK API.

The queryset functions below are the single definition of each filter; the FilterSet wires
them to form fields, and the API can call them with its own parameters.
"""

from uuid import UUID

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet

from thriving.core.forms import NHSFormMixin
from thriving.places.models import District, Ward

from . import selectors
from .models import MAX_AGE, Schedule, ServiceAtLocation, ServiceCategory, ServiceStatus, Weekday

ANY_STATUS = "any"


def filter_by_categories(queryset: QuerySet, term_ids) -> QuerySet:
    """Listings in any of these categories or a category below them."""
    wanted = selectors.term_with_descendant_ids(term_ids)
    return queryset.filter(
        Exists(ServiceCategory.objects.filter(service=OuterRef("pk"), taxonomy_term_id__in=wanted))
    )


def filter_by_place(queryset: QuerySet, *, ward=None, district=None) -> QuerySet:
    places = ServiceAtLocation.objects.filter(service=OuterRef("pk"))
    if ward is not None:
        places = places.filter(location__ward=ward)
    if district is not None:
        places = places.filter(location__ward__district=district)
    return queryset.filter(Exists(places))


def filter_by_day(queryset: QuerySet, day_code: str) -> QuerySet:
    """Listings that run on this weekday (weekly, or some week of the month)."""
    return queryset.filter(
        Exists(
            Schedule.objects.filter(
                service_at_location__service=OuterRef("pk"), byday__contains=day_code
            )
        )
    )


def filter_by_age(queryset: QuerySet, age: int) -> QuerySet:
    return queryset.filter(
        (Q(minimum_age__isnull=True) | Q(minimum_age__lte=age))
        & (Q(maximum_age__isnull=True) | Q(maximum_age__gte=age))
    )


class DirectorySearchForm(NHSFormMixin, forms.Form):
    pass


class ServiceFilter(django_filters.FilterSet):
    """The public search: words, category, ward or district, day, free, age, taking people."""

    q = django_filters.CharFilter(label="Words", method="filter_words", max_length=200)
    category = django_filters.ChoiceFilter(
        label="Category", method="filter_category", empty_label="Any category"
    )
    ward = django_filters.ModelChoiceFilter(
        label="Ward",
        queryset=Ward.objects.order_by("name"),
        to_field_name="ons_code",
        method="filter_ward",
        empty_label="Any ward",
    )
    district = django_filters.ModelChoiceFilter(
        label="District",
        queryset=District.objects.order_by("name"),
        method="filter_district",
        empty_label="Any district",
    )
    day = django_filters.ChoiceFilter(
        label="Day", choices=Weekday.choices, method="filter_day", empty_label="Any day"
    )
    age = django_filters.NumberFilter(
        label="Age of the person",
        method="filter_age",
        min_value=0,
        max_value=MAX_AGE,
        decimal_places=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "min_value": "Age must be 0 or more.",
            "max_value": f"Age must be {MAX_AGE} or less.",
            "invalid": "Enter the age as a whole number, like 67.",
            "max_decimal_places": "Enter the age as a whole number, like 67.",
        },
    )
    free = django_filters.BooleanFilter(
        label="Free only", method="filter_free", widget=forms.CheckboxInput
    )
    taking_new_people = django_filters.BooleanFilter(
        label="Taking new people only", method="filter_taking", widget=forms.CheckboxInput
    )

    class Meta:
        form = DirectorySearchForm
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["category"].extra["choices"] = [
            (str(term.pk), ("— " * depth) + term.name) for term, depth in selectors.category_tree()
        ]

    @property
    def has_words(self) -> bool:
        return bool(self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("q"))

    def filter_words(self, queryset, name, value):
        return queryset.search(value) if value else queryset

    def filter_category(self, queryset, name, value):
        return filter_by_categories(queryset, [UUID(value)]) if value else queryset

    def filter_ward(self, queryset, name, value):
        return filter_by_place(queryset, ward=value) if value else queryset

    def filter_district(self, queryset, name, value):
        return filter_by_place(queryset, district=value) if value else queryset

    def filter_day(self, queryset, name, value):
        return filter_by_day(queryset, value) if value else queryset

    def filter_age(self, queryset, name, value):
        return filter_by_age(queryset, int(value)) if value is not None else queryset

    def filter_free(self, queryset, name, value):
        return queryset.filter(is_free=True) if value else queryset

    def filter_taking(self, queryset, name, value):
        return queryset.filter(taking_new_people=True) if value else queryset


class StaffServiceFilter(ServiceFilter):
    """Staff also choose a status; by default they see active listings, like residents."""

    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[*ServiceStatus.choices, (ANY_STATUS, "Any status")],
        method="filter_status",
        empty_label=None,
    )

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get("status"):
            data = data.copy()
            data["status"] = ServiceStatus.ACTIVE
        super().__init__(data, *args, **kwargs)

    def filter_status(self, queryset, name, value):
        if not value or value == ANY_STATUS:
            return queryset
        return queryset.filter(status=value)
