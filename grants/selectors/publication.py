"""What the 360Giving exports publish."""

from django.db.models import OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from ..models import Application, Payment
from ..workflow import PUBLISHED_STATUSES
from .measures import MONEY, ZERO


def grants_for_publication() -> QuerySet[Application]:
    """Every awarded grant, for the 360Giving exports: with what a grant record needs joined
    (the wards come per chunk with `.iterator(chunk_size=...)`), and the amount paid so far."""
    paid = (
        Payment.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return (
        Application.objects.filter(status__in=PUBLISHED_STATUSES)
        .select_related("organisation", "round__fund")
        .prefetch_related("wards")
        .annotate(amount_paid=Coalesce(Subquery(paid, output_field=MONEY), Value(ZERO)))
        .order_by("reference")
    )
