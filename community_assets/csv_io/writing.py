"""Writing the directory out as CSV, in the columns the import reads."""

import csv
from collections.abc import Iterable

from ..models import (
    Service,
)
from ..services.listings import (
    listing_input_from_service,
)
from .planning import with_everything
from .reading import COLUMNS, FORMULA_START, LIST_SEPARATOR


def _safe(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def export_rows(services: Iterable[Service]) -> Iterable[dict[str, str]]:
    for service in services:
        listing = listing_input_from_service(service)
        fields = listing.fields
        base = {
            "service_id": str(service.pk),
            "organisation": service.organisation.name,
            "name": fields["name"],
            "description": fields["description"],
            "status": fields["status"],
            "categories": LIST_SEPARATOR.join(sorted(term.code for term in listing.categories)),
            "website": fields["url"],
            "email": fields["email"],
            "free": _yes(fields["is_free"]),
            "cost_per_session": f"{fields['cost_amount']:.2f}" if fields["cost_amount"] else "",
            "cost_description": fields["cost_description"],
            "minimum_age": fields["minimum_age"],
            "maximum_age": fields["maximum_age"],
            "eligibility": fields["eligibility_description"],
            "languages": LIST_SEPARATOR.join(sorted(listing.languages)),
            "accessibility": fields["accessibility"],
            "taking_new_people": _yes(fields["taking_new_people"]),
            "keeper_email": service.keeper.email if service.keeper else "",
            "contact_name": listing.contact.name,
            "contact_title": listing.contact.title,
            "contact_phone": listing.contact.phone,
        }
        places = listing.places or [None]
        for place in places:
            row = dict(base)
            if place is not None:
                row.update(
                    {
                        "location_name": place.location_name,
                        "online": _yes(place.is_online),
                        "address_1": place.address_1,
                        "address_2": place.address_2,
                        "city": place.city,
                        "postcode": place.postcode,
                        "frequency": place.freq.lower(),
                        "interval": place.interval if place.has_schedule else "",
                        "days": place.byday,
                        "opens_at": place.opens_at.strftime("%H:%M") if place.opens_at else "",
                        "closes_at": place.closes_at.strftime("%H:%M") if place.closes_at else "",
                        "schedule_description": place.schedule_description,
                    }
                )
            yield {name: _safe(row.get(name)) for name in COLUMNS}


def with_export_details(queryset):
    return with_everything(queryset).order_by("organisation__name", "name", "pk")


def write_csv(out, services: Iterable[Service]) -> None:
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in export_rows(services):
        writer.writerow(row)
