"""Every write to the directory. Listings in `listings`, CSV imports in `imports`."""

from .imports import (
    SYNC_ROW_LIMIT,
    directory_import_apply,
    directory_import_check,
    directory_import_confirm,
    directory_import_start,
)
from .listings import (
    SERVICE_FIELDS,
    ContactInput,
    ListingInput,
    PlaceInput,
    listing_changes,
    listing_input_from_service,
    organisation_for_listing,
    service_create,
    service_update,
    service_verify,
)
from .reach import service_reach_record

__all__ = [
    "SERVICE_FIELDS",
    "SYNC_ROW_LIMIT",
    "ContactInput",
    "ListingInput",
    "PlaceInput",
    "directory_import_apply",
    "directory_import_check",
    "directory_import_confirm",
    "directory_import_start",
    "listing_changes",
    "listing_input_from_service",
    "organisation_for_listing",
    "service_create",
    "service_reach_record",
    "service_update",
    "service_verify",
]
