"""Storing the connection counts another part of the programme hands the directory."""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import ServiceReach


@transaction.atomic
def service_reach_record(*, service_id: UUID, connected: int, attended: int) -> ServiceReach:
    """Replace a listing's counts with the caller's fresh totals (never increments, so
    recording the same totals twice changes nothing)."""
    if connected < 0 or attended < 0 or attended > connected:
        raise ValidationError("Attended must be between 0 and the number connected.")
    reach, _ = ServiceReach.objects.update_or_create(
        service_id=service_id, defaults={"connected": connected, "attended": attended}
    )
    return reach
