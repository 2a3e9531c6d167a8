"""Reads the domain apps' retention rules use."""

from django.db.models import Exists, OuterRef, QuerySet

from .models import Anonymisation


def not_anonymised(queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` not yet in the anonymisation register: for models that have
    no marker of their own."""
    register = Anonymisation.objects.filter(
        object_type=queryset.model._meta.label_lower, object_id=OuterRef("pk")
    )
    return queryset.exclude(Exists(register))
