"""The community directory, shaped after Open Referral UK / HSDS 3.0.

Every row that the Open Referral UK API publishes (taxonomy, taxonomy term, service, service
category = ORUK "attribute", language, contact, phone, location, service at location,
schedule) has a UUID primary key, so the ids it hands out are stable and reveal nothing.
"""

from .imports import DirectoryImport, ImportStatus
from .listings import (
    MAX_AGE,
    STALE_AFTER,
    Contact,
    Phone,
    Service,
    ServiceCategory,
    ServiceLanguage,
    ServiceQuerySet,
    ServiceStatus,
    stale_before,
)
from .places import Frequency, Location, Schedule, ServiceAtLocation, Weekday, normalise_byday
from .reach import ServiceReach
from .taxonomy import Taxonomy, TaxonomyTerm, TaxonomyTermQuerySet

__all__ = [
    "MAX_AGE",
    "STALE_AFTER",
    "Contact",
    "DirectoryImport",
    "Frequency",
    "ImportStatus",
    "Location",
    "Phone",
    "Schedule",
    "Service",
    "ServiceAtLocation",
    "ServiceCategory",
    "ServiceLanguage",
    "ServiceQuerySet",
    "ServiceReach",
    "ServiceStatus",
    "Taxonomy",
    "TaxonomyTerm",
    "TaxonomyTermQuerySet",
    "Weekday",
    "normalise_byday",
    "stale_before",
]
