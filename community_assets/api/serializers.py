"""Directory rows as Open Referral UK 3.0 (HSDS 3.0 with the UK profile) JSON objects.

Plain functions rather than DRF serializer classes: the output is fixed by the standard's
schemas, read-only and nested six levels deep, and the tests validate it against those
schemas. Optional fields with no value are left out rather than sent as `null` or `""`, which
the schemas' types and formats (`uri`, `email`) would reject. A few HSDS 3.0 fields the UK
profile leaves out (language names, contact email and phones, schedules at a location) are
added, as HSDS allows; the tests check them against the HSDS 3.0 schemas.

Some HSDS objects have no table of their own here (an organisation identifier, an address, a
cost option): their ids are UUIDv5s derived from the row they come from, so they are stable.
"""

import uuid
from datetime import UTC, datetime
from decimal import Decimal

from django.utils import timezone

from community_assets.models import (
    Contact,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceCategory,
    Taxonomy,
    TaxonomyTerm,
)
from thriving.accounts.models import Organisation

COUNTRY = "GB"
NOT_TAKING_NEW_PEOPLE = "Not taking new people at the moment."
# HSDS requires a state or province; for a UK address the nearest thing is the nation.
STATE_PROVINCE = "England"


def _derived_id(parent_id: uuid.UUID, kind: str) -> str:
    return str(uuid.uuid5(parent_id, kind))


def _compact(data: dict) -> dict:
    return {key: value for key, value in data.items() if value is not None and value != ""}


def _number(value: Decimal | int | None) -> int | float | None:
    if value is None:
        return None
    number = Decimal(value)
    return int(number) if number == number.to_integral_value() else float(number)


def _timestamp(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _time(value) -> str:
    return value.strftime("%H:%M")


# ------------------------------------------------------------------------------------------
# Organisation
# ------------------------------------------------------------------------------------------
_IDENTIFIER_SCHEMES = (
    ("charity_number", "GB-CHC", "Registered charity number"),
    ("company_number", "GB-COH", "Companies House number"),
)


def organization(organisation: Organisation, *, full: bool = False) -> dict:
    data = {
        "id": str(organisation.id),
        "name": organisation.name,
        # Required by the schema; the directory keeps no description of an organisation.
        "description": "",
        **_compact({"email": organisation.email, "website": organisation.website}),
    }
    if full:
        data["organization_identifiers"] = [
            {
                "id": _derived_id(organisation.id, f"organization_identifier:{field}"),
                "organization_id": str(organisation.id),
                "identifier_scheme": scheme,
                "identifier_type": label,
                "identifier": getattr(organisation, field),
            }
            for field, scheme, label in _IDENTIFIER_SCHEMES
            if getattr(organisation, field)
        ]
        data["attributes"] = []
    return data


# ------------------------------------------------------------------------------------------
# Taxonomy
# ------------------------------------------------------------------------------------------
def taxonomy_term(term: TaxonomyTerm, taxonomy: Taxonomy | None = None) -> dict:
    taxonomy = taxonomy or term.taxonomy
    return {
        "id": str(term.id),
        "name": term.name,
        "description": term.description,
        **_compact(
            {
                "parent_id": str(term.parent_id) if term.parent_id else None,
                "taxonomy": taxonomy.name,
                "taxonomy_id": str(taxonomy.id),
                "term_uri": term.term_uri,
                "term": term.name,
                "code": term.code,
            }
        ),
    }


def taxonomy(item: Taxonomy) -> dict:
    return {
        "id": str(item.id),
        "name": item.name,
        "description": item.description,
        **_compact({"uri": item.uri, "version": item.version}),
        "taxonomy_terms": [taxonomy_term(term, item) for term in item.terms.all()],
    }


def _attribute(category: ServiceCategory) -> dict:
    return {
        "id": str(category.id),
        "link_id": str(category.service_id),
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": str(category.taxonomy_term_id),
        "taxonomy_term": taxonomy_term(category.taxonomy_term),
    }


# ------------------------------------------------------------------------------------------
# Service
# ------------------------------------------------------------------------------------------
def _service_fields(service: Service) -> dict:
    verified = service.last_verified_at
    return _compact(
        {
            "id": str(service.id),
            "organization_id": str(service.organisation_id),
            "name": service.name,
            "description": service.description,
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "eligibility_description": service.eligibility_description,
            "assured_date": timezone.localdate(verified).isoformat() if verified else None,
            "alert": None if service.taking_new_people else NOT_TAKING_NEW_PEOPLE,
            "last_modified": _timestamp(service.updated_at),
        }
    )


def service_list_item(service: Service) -> dict:
    data = _service_fields(service)
    data["organization"] = organization(service.organisation)
    return data


def _cost_options(service: Service) -> list[dict]:
    option = {
        "id": _derived_id(service.id, "cost_option"),
        "service_id": str(service.id),
        "currency": "GBP",
    }
    if service.is_free:
        option |= {"option": "Free", "amount": 0}
    else:
        option |= {"option": "Per session", "amount": _number(service.cost_amount)}
    if service.cost_description:
        option["amount_description"] = service.cost_description
    return [option]


def _phone(phone, contact: Contact) -> dict:
    return _compact(
        {
            "id": str(phone.id),
            "contact_id": str(contact.id),
            "service_id": str(contact.service_id),
            "number": phone.number,
            "description": phone.description,
        }
    )


def _contact(contact: Contact) -> dict:
    data = _compact(
        {
            "id": str(contact.id),
            "service_id": str(contact.service_id),
            "name": contact.name,
            "title": contact.title,
            "email": contact.email,
        }
    )
    data["phones"] = [_phone(phone, contact) for phone in contact.phones.all()]
    data["attributes"] = []
    return data


def _language(language) -> dict:
    return _compact(
        {
            "id": str(language.id),
            "service_id": str(language.service_id),
            "name": language.name,
            "code": language.code,
        }
    )


def _schedule(schedule: Schedule, service_at_location: ServiceAtLocation) -> dict:
    return _compact(
        {
            "id": str(schedule.id),
            "service_id": str(service_at_location.service_id),
            "service_at_location_id": str(service_at_location.id),
            "location_id": str(service_at_location.location_id),
            "valid_from": schedule.valid_from.isoformat() if schedule.valid_from else None,
            "valid_to": schedule.valid_to.isoformat() if schedule.valid_to else None,
            "dtstart": schedule.valid_from.isoformat() if schedule.valid_from else None,
            "freq": schedule.freq,
            "interval": schedule.interval,
            "byday": schedule.byday,
            "opens_at": _time(schedule.opens_at),
            "closes_at": _time(schedule.closes_at),
            "description": schedule.description,
            "attending_type": "online" if service_at_location.location.is_online else "in person",
        }
    )


def _location_summary(location: Location) -> dict:
    return _compact(
        {
            "id": str(location.id),
            "location_type": "virtual" if location.is_online else "physical",
            "name": location.name,
            "description": location.description,
            "latitude": _number(location.latitude),
            "longitude": _number(location.longitude),
        }
    )


def _address(location: Location) -> dict:
    return {
        "id": _derived_id(location.id, "address"),
        "location_id": str(location.id),
        "address_1": location.address_1,
        **_compact({"address_2": location.address_2}),
        "city": location.city,
        "state_province": STATE_PROVINCE,
        "postal_code": location.postcode,
        "country": COUNTRY,
        "address_type": "physical",
    }


def _accessibility(service_at_location: ServiceAtLocation) -> list[dict]:
    """The listing's access notes describe its venues, so each physical place carries them."""
    location = service_at_location.location
    text = service_at_location.service.accessibility
    if location.is_online or not text:
        return []
    return [
        {
            "id": _derived_id(service_at_location.id, "accessibility"),
            "location_id": str(location.id),
            "description": text,
            "accessibility": text,
        }
    ]


def _location(service_at_location: ServiceAtLocation) -> dict:
    location = service_at_location.location
    return _location_summary(location) | {
        "addresses": [] if location.is_online else [_address(location)],
        "accessibility": _accessibility(service_at_location),
        "attributes": [],
    }


def _service_at_location(service_at_location: ServiceAtLocation) -> dict:
    data = _compact(
        {
            "id": str(service_at_location.id),
            "service_id": str(service_at_location.service_id),
            "location_id": str(service_at_location.location_id),
            "description": service_at_location.description,
        }
    )
    data["location"] = _location(service_at_location)
    data["schedules"] = [
        _schedule(schedule, service_at_location) for schedule in service_at_location.schedules.all()
    ]
    return data


def _service_nested(service: Service, schedules: list[dict]) -> dict:
    data = _service_fields(service)
    data |= {
        "organization": organization(service.organisation, full=True),
        "schedules": schedules,
        "service_areas": [],
        "languages": [_language(language) for language in service.languages.all()],
        "funding": [],
        "cost_options": _cost_options(service),
        "contacts": [_contact(contact) for contact in service.contacts.all()],
        "attributes": [_attribute(category) for category in service.service_categories.all()],
    }
    return data


def service_detail(service: Service) -> dict:
    """The fully nested service: `compiled/service.json`."""
    nested = [_service_at_location(place) for place in service.service_at_locations.all()]
    schedules = [schedule for place in nested for schedule in place["schedules"]]
    data = _service_nested(service, schedules)
    data["service_at_locations"] = nested
    return data


def service_at_location_list_item(service_at_location: ServiceAtLocation) -> dict:
    """One row of `/service_at_locations`: `compiled/service_at_location_list.json`."""
    return {
        "id": str(service_at_location.id),
        "service_id": str(service_at_location.service_id),
        "location_id": str(service_at_location.location_id),
        "location": _location_summary(service_at_location.location),
        "service": service_list_item(service_at_location.service),
    }


def service_at_location_detail(service_at_location: ServiceAtLocation) -> dict:
    """The fully nested service at a location: `compiled/service_at_location.json`."""
    data = _service_at_location(service_at_location)
    data["service"] = _service_nested(service_at_location.service, data["schedules"])
    return data
