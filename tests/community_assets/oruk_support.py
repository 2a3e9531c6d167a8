"""Factories for directory rows and the JSON Schema validation of Open Referral UK responses.

Responses are validated against the schema that the OpenAPI document the API itself serves
names for their path, resolving every `$ref` (the absolute raw.githubusercontent.com URLs of
the OpenAPI document and the relative "attribute.json" ones of the schemas) from the local
copies in community_assets/api/standards. The few HSDS 3.0 fields the UK profile leaves out
are checked against the HSDS 3.0 object schemas.
"""

import datetime as dt
import json
import re
import uuid
from decimal import Decimal
from functools import cache
from urllib.parse import urlsplit

import factory
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from community_assets.api.openapi import HSDS_DIR, SCHEMA_BASE, UK_PROFILE_DIR
from community_assets.models import (
    Contact,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceCategory,
    ServiceLanguage,
    Taxonomy,
    TaxonomyTerm,
)
from tests.factories import OrganisationFactory
from thriving.accounts.roles import OrganisationKind

HSDS_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
SERVED_OPENAPI = "https://oruk.test/openapi.json"


# ------------------------------------------------------------------------------------------
# Factories
# ------------------------------------------------------------------------------------------
class CommunityGroupFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Community Group {n}")
    kind = OrganisationKind.COMMUNITY_GROUP
    email = factory.Sequence(lambda n: f"hello{n}@group.example.org")
    website = "https://group.example.org/"
    charity_number = "1123456"


class TaxonomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Taxonomy

    name = factory.Sequence(lambda n: f"Taxonomy {n}")
    description = "Activity categories of the directory"
    uri = "https://thriving.example.org/taxonomy"
    version = "1"


class TaxonomyTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaxonomyTerm

    taxonomy = factory.SubFactory(TaxonomyFactory)
    code = factory.Sequence(lambda n: f"term-{n}")
    name = factory.Sequence(lambda n: f"Term {n}")
    description = "What this category covers"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organisation = factory.SubFactory(CommunityGroupFactory)
    name = factory.Sequence(lambda n: f"Service {n:04d}")
    description = "A friendly weekly session for anyone who wants to come along."
    url = "https://group.example.org/sessions"
    email = "sessions@group.example.org"
    accessibility = "Step-free access and a hearing loop."


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Community Centre {n}")
    address_1 = "1 Union Street"
    city = "Oldham"
    postcode = "OL1 1AA"
    latitude = Decimal("53.541000")
    longitude = Decimal("-2.117000")


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory)


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schedule

    service_at_location = factory.SubFactory(ServiceAtLocationFactory)
    byday = "MO"
    opens_at = dt.time(10, 0)
    closes_at = dt.time(12, 0)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    service = factory.SubFactory(ServiceFactory)
    name = "Sam Organiser"
    title = "Volunteer coordinator"
    email = "sam@group.example.org"


class PhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phone

    contact = factory.SubFactory(ContactFactory)
    number = "0161 770 0000"
    description = "Weekday mornings"


def full_service(*, name: str | None = None, terms=(), **fields) -> Service:
    """A service with everything the API nests: categories, a language, a contact with a
    phone, a place with an address and two schedules, and an online place."""
    service = ServiceFactory(**({"name": name} if name else {}), **fields)
    for term in terms:
        ServiceCategory.objects.create(service=service, taxonomy_term=term)
    ServiceLanguage.objects.create(service=service, name="English", code="en")
    ServiceLanguage.objects.create(service=service, name="Urdu", code="ur")
    PhoneFactory(contact=ContactFactory(service=service))
    place = ServiceAtLocationFactory(service=service)
    ScheduleFactory(service_at_location=place, byday="MO,WE")
    ScheduleFactory(
        service_at_location=place,
        freq="MONTHLY",
        byday="1SA",
        opens_at=dt.time(18, 0),
        closes_at=dt.time(20, 30),
        valid_from=dt.date(2026, 1, 1),
    )
    online = ServiceAtLocationFactory(
        service=service,
        location=LocationFactory(
            name="Online", is_online=True, address_1="", postcode="", latitude=None, longitude=None
        ),
    )
    ScheduleFactory(
        service_at_location=online, byday="FR", opens_at=dt.time(19, 0), closes_at=dt.time(20, 0)
    )
    return service


# ------------------------------------------------------------------------------------------
# Schema validation
# ------------------------------------------------------------------------------------------
_URI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")


def _is_uri(value) -> bool:
    """An absolute RFC 3986 URI; a web address must also name its host."""
    if not isinstance(value, str):
        return True
    if not _URI_RE.match(value):
        return False
    parts = urlsplit(value)
    return parts.scheme.lower() not in {"http", "https"} or bool(parts.hostname)


def _is_email(value) -> bool:
    if not isinstance(value, str):
        return True
    try:
        EmailValidator()(value)
    except ValidationError:
        return False
    return True


_DATE_TIME_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", re.IGNORECASE
)


def _is_date_time(value) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE_TIME_RE.match(value):
        return False
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return False
    return True


def _is_uuid(value) -> bool:
    if not isinstance(value, str):
        return True
    try:
        return str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def format_checker() -> FormatChecker:
    """Checks every `format` the schemas use; jsonschema alone checks neither uri nor
    date-time without optional packages, and would let a bad value pass silently."""
    checker = FormatChecker(formats=())
    checker.checks("uri")(_is_uri)
    checker.checks("email")(_is_email)
    checker.checks("date-time")(_is_date_time)
    checker.checks("uuid")(_is_uuid)
    return checker


def _formats_in(node) -> set[str]:
    found = set()
    if isinstance(node, dict):
        # A schema keyword sits beside "type"; datapackage_metadata has a "format" of its own.
        if isinstance(node.get("format"), str) and "type" in node:
            found.add(node["format"])
        for value in node.values():
            found |= _formats_in(value)
    elif isinstance(node, list):
        for value in node:
            found |= _formats_in(value)
    return found


def formats_used_by_schemas() -> set[str]:
    found = set()
    for folder in (UK_PROFILE_DIR / "schema", HSDS_DIR / "schema"):
        for path in folder.rglob("*.json"):
            found |= _formats_in(json.loads(path.read_text(encoding="utf-8")))
    return found


def _resource(path) -> Resource:
    contents = json.loads(path.read_text(encoding="utf-8"))
    return Resource.from_contents(contents, default_specification=DRAFT202012)


@cache
def _standards_registry() -> Registry:
    """Every schema file keyed by the URL the standard refers to it by.

    Relative `$ref`s ("attribute.json") resolve against the URL of the schema they sit in,
    so keying each file by its published URL resolves both kinds of reference locally.
    """
    resources = []
    for path in (UK_PROFILE_DIR / "schema").rglob("*.json"):
        relative = path.relative_to(UK_PROFILE_DIR / "schema").as_posix()
        resources.append((SCHEMA_BASE + relative, _resource(path)))
    for path in (HSDS_DIR / "schema").glob("*.json"):
        resources.append((HSDS_BASE + path.name, _resource(path)))
    return Registry().with_resources(resources)


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def response_validator(openapi: dict, path: str) -> Draft202012Validator:
    """A validator for the 200 response of `path` as the served OpenAPI document defines it."""
    assert path in openapi["paths"], f"{path} is not in the OpenAPI document"
    registry = _standards_registry().with_resource(
        SERVED_OPENAPI, Resource.from_contents(openapi, default_specification=DRAFT202012)
    )
    pointer = _pointer(
        "paths", path, "get", "responses", "200", "content", "application/json", "schema"
    )
    return Draft202012Validator(
        {"$ref": f"{SERVED_OPENAPI}#/{pointer}"},
        registry=registry,
        format_checker=format_checker(),
    )


def hsds_validator(name: str) -> Draft202012Validator:
    """A validator for one HSDS 3.0 object schema, e.g. "service.json"."""
    return Draft202012Validator(
        {"$ref": HSDS_BASE + name}, registry=_standards_registry(), format_checker=format_checker()
    )


def schema_errors(validator: Draft202012Validator, document) -> list[str]:
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or '<root>'}: {error.message}"
        for error in validator.iter_errors(document)
    ]


def is_absolute_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)
