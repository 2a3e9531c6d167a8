"""Every write to the directory: listings, verification, CSV imports.

A listing is written whole from a `ListingInput` (the same shape the form and the CSV import
produce), so a page, an import and a test all go through the same validation.
"""

from dataclasses import dataclass, field, replace
from datetime import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thriving.accounts.models import Organisation, User
from thriving.accounts.roles import OrganisationKind
from thriving.core.validators import normalise_postcode
from thriving.places.models import Postcode

from ..models import (
    Contact,
    Frequency,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    TaxonomyTerm,
)

SERVICE_FIELDS = (
    "name",
    "description",
    "status",
    "url",
    "email",
    "is_free",
    "cost_amount",
    "cost_description",
    "minimum_age",
    "maximum_age",
    "eligibility_description",
    "accessibility",
    "taking_new_people",
)

# Codes for the languages most spoken in the borough; others are kept by name alone.
LANGUAGE_CODES = {
    "arabic": "ar",
    "bengali": "bn",
    "bangla": "bn",
    "british sign language": "bfi",
    "english": "en",
    "gujarati": "gu",
    "hindi": "hi",
    "kurdish": "ku",
    "pashto": "ps",
    "polish": "pl",
    "punjabi": "pa",
    "romanian": "ro",
    "sylheti": "syl",
    "ukrainian": "uk",
    "urdu": "ur",
}


@dataclass(frozen=True)
class PlaceInput:
    """One place the service runs, and when: a service-at-location with one schedule."""

    location_name: str
    is_online: bool = False
    address_1: str = ""
    address_2: str = ""
    city: str = ""
    postcode: str = ""
    freq: str = ""
    interval: int = 1
    byday: str = ""
    opens_at: time | None = None
    closes_at: time | None = None
    schedule_description: str = ""

    @property
    def has_schedule(self) -> bool:
        return bool(self.byday or self.opens_at or self.closes_at)

    @property
    def location_key(self) -> tuple:
        if self.is_online:
            return (True, self.location_name.strip().lower(), "", "")
        return (
            False,
            self.location_name.strip().lower(),
            self.address_1.strip().lower(),
            normalise_postcode(self.postcode) or self.postcode.strip().upper(),
        )


@dataclass(frozen=True)
class ContactInput:
    name: str = ""
    title: str = ""
    phone: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.title or self.phone)


@dataclass
class ListingInput:
    """A whole listing as a page or an import gives it.

    `organisation` is None when the listing names a group the directory does not know yet:
    `new_organisation_name` then says which, and writing the listing adds it.
    """

    organisation: Organisation | None
    fields: dict
    categories: list[TaxonomyTerm] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    contact: ContactInput = field(default_factory=ContactInput)
    places: list[PlaceInput] = field(default_factory=list)
    keeper: User | None = None
    new_organisation_name: str = ""

    def comparable(self) -> dict:
        """The listing as plain values, for telling whether an import would change anything."""
        values = {name: self.fields.get(name) for name in SERVICE_FIELDS}
        if values.get("cost_amount") is not None:
            values["cost_amount"] = f"{values['cost_amount']:.2f}"
        return {
            **values,
            "organisation": self.organisation.pk if self.organisation else None,
            "categories": sorted(str(term.pk) for term in self.categories),
            "languages": sorted(name.lower() for name in self.languages),
            "contact": self.contact,
            "places": sorted(
                (
                    place.location_key,
                    place.location_name,
                    place.address_2,
                    "" if place.is_online else (place.city.strip() or "Oldham"),
                    place.freq,
                    place.interval,
                    place.byday,
                    place.opens_at.strftime("%H:%M") if place.opens_at else "",
                    place.closes_at.strftime("%H:%M") if place.closes_at else "",
                    place.schedule_description,
                )
                for place in self.places
            ),
            "keeper": self.keeper.pk if self.keeper else None,
        }


FIELD_LABELS = {
    "organisation": "organisation",
    "categories": "categories",
    "languages": "languages",
    "contact": "contact",
    "places": "places and times",
    "keeper": "keeper",
}


def listing_changes(current: ListingInput, desired: ListingInput) -> list[str]:
    """Names of what differs between the listing as it is and as it would be."""
    before, after = current.comparable(), desired.comparable()
    labels = []
    for key, value in after.items():
        if before.get(key) != value:
            label = FIELD_LABELS.get(key) or Service._meta.get_field(key).verbose_name
            labels.append(str(label))
    return labels


def listing_input_from_service(service: Service) -> ListingInput:
    """The listing as it stands, in the shape the form and the import write.

    Expects the service with its categories, languages, contacts (with phones) and places (with
    schedules) prefetched when called for many services.
    """
    contacts = list(service.contacts.all())
    contact = ContactInput()
    if contacts:
        phones = list(contacts[0].phones.all())
        contact = ContactInput(
            name=contacts[0].name,
            title=contacts[0].title,
            phone=phones[0].number if phones else "",
        )
    places = []
    for service_at_location in service.service_at_locations.all():
        location = service_at_location.location
        base = PlaceInput(
            location_name=location.name,
            is_online=location.is_online,
            address_1=location.address_1,
            address_2=location.address_2,
            city=location.city,
            postcode=location.postcode,
        )
        schedules = list(service_at_location.schedules.all())
        if not schedules:
            places.append(base)
        for schedule in schedules:
            places.append(
                replace(
                    base,
                    freq=schedule.freq,
                    interval=schedule.interval,
                    byday=schedule.byday,
                    opens_at=schedule.opens_at,
                    closes_at=schedule.closes_at,
                    schedule_description=schedule.description,
                )
            )
    return ListingInput(
        organisation=service.organisation,
        fields={name: getattr(service, name) for name in SERVICE_FIELDS},
        categories=list(service.categories.all()),
        languages=[language.name for language in service.languages.all()],
        contact=contact,
        places=places,
        keeper=service.keeper,
    )


# ---------------------------------------------------------------------------------------------
# Writing a listing


def _location_for(place: PlaceInput) -> Location:
    """The existing location with this name and address, or a new one (online: by name)."""
    postcode = "" if place.is_online else (normalise_postcode(place.postcode) or place.postcode)
    candidates = Location.objects.filter(
        is_online=place.is_online, name__iexact=place.location_name.strip()
    )
    if not place.is_online:
        candidates = candidates.filter(address_1__iexact=place.address_1.strip(), postcode=postcode)
    location = candidates.order_by("created_at").first() or Location(is_online=place.is_online)
    values = {
        "name": place.location_name.strip(),
        "address_1": "" if place.is_online else place.address_1.strip(),
        "address_2": "" if place.is_online else place.address_2.strip(),
        "city": "" if place.is_online else (place.city.strip() or "Oldham"),
        "postcode": postcode,
    }
    changed = location._state.adding or any(
        getattr(location, name) != value for name, value in values.items()
    )
    if changed:
        for name, value in values.items():
            setattr(location, name, value)
        location.ward = None if place.is_online else Postcode.objects.ward_for(postcode)
        location.full_clean(validate_unique=False)
        location.save()
    return location


def _schedules_for(
    service_at_location: ServiceAtLocation, places: list[PlaceInput], *, adding: bool
) -> None:
    wanted = [
        Schedule(
            service_at_location=service_at_location,
            freq=place.freq or Frequency.WEEKLY,
            interval=place.interval or 1,
            byday=place.byday,
            opens_at=place.opens_at,
            closes_at=place.closes_at,
            description=place.schedule_description,
        )
        for place in places
        if place.has_schedule
    ]
    for schedule in wanted:
        # The model's clean() covers its constraint; its only unique field is a fresh UUID.
        schedule.full_clean(
            exclude=["service_at_location"], validate_unique=False, validate_constraints=False
        )

    def key(schedule):
        return (
            schedule.freq,
            schedule.interval,
            schedule.byday,
            schedule.opens_at,
            schedule.closes_at,
            schedule.description,
        )

    existing = [] if adding else list(service_at_location.schedules.all())
    if sorted(map(key, existing)) == sorted(map(key, wanted)):
        return
    if existing:
        service_at_location.schedules.all().delete()
    Schedule.objects.bulk_create(wanted)


def _write_places(service: Service, places: list[PlaceInput]) -> None:
    grouped: dict[tuple, list[PlaceInput]] = {}
    for place in places:
        grouped.setdefault(place.location_key, []).append(place)
    kept = []
    for group in grouped.values():
        location = _location_for(group[0])
        service_at_location, adding = ServiceAtLocation.objects.get_or_create(
            service=service, location=location
        )
        _schedules_for(service_at_location, group, adding=adding)
        kept.append(service_at_location.pk)
    service.service_at_locations.exclude(pk__in=kept).delete()


def _write_languages(service: Service, languages: list[str]) -> None:
    wanted = {name.strip().lower(): name.strip() for name in languages if name.strip()}
    for language in service.languages.all():
        if language.name.lower() not in wanted:
            language.delete()
        else:
            wanted.pop(language.name.lower())
    ServiceLanguage.objects.bulk_create(
        ServiceLanguage(service=service, name=name, code=LANGUAGE_CODES.get(name.lower(), ""))
        for name in wanted.values()
    )


def _write_contact(service: Service, contact_input: ContactInput) -> None:
    contact = service.contacts.order_by("name", "pk").first()
    if contact_input.is_empty:
        if contact is not None:
            contact.delete()
        return
    if contact is None:
        contact = Contact(service=service)
    contact.name, contact.title = contact_input.name, contact_input.title
    contact.full_clean(validate_unique=False)
    contact.save()
    phone = contact.phones.order_by("number").first()
    if not contact_input.phone:
        if phone is not None:
            phone.delete()
        return
    if phone is None:
        phone = Phone(contact=contact)
    if phone.number != contact_input.phone:
        phone.number = contact_input.phone
        phone.full_clean(validate_unique=False)
        phone.save()


def _write_listing(service: Service, listing: ListingInput) -> Service:
    organisation = listing.organisation
    if organisation is None:
        if not listing.new_organisation_name.strip():
            raise ValidationError({"organisation": "Choose the organisation that runs it."})
        organisation = organisation_for_listing(name=listing.new_organisation_name)
    service.organisation = organisation
    for name in SERVICE_FIELDS:
        if name in listing.fields:
            setattr(service, name, listing.fields[name])
    if listing.keeper is not None:
        service.keeper = listing.keeper
    service.full_clean()
    service.save()
    service.categories.set(listing.categories)
    _write_languages(service, listing.languages)
    _write_contact(service, listing.contact)
    _write_places(service, listing.places)
    return service


def _check_places(places: list[PlaceInput]) -> None:
    keys = [
        (place.location_key, place.freq, place.byday, place.opens_at, place.closes_at)
        for place in places
    ]
    if len(keys) != len(set(keys)):
        raise ValidationError(
            {"places": "The same place and times are given twice. Remove the repeat."}
        )


@transaction.atomic
def service_create(*, by: User, listing: ListingInput, verified: bool = True) -> Service:
    """A new listing, kept by its creator unless the input names a keeper.

    Created from a page it counts as verified: the person has just entered it. An imported
    listing is not verified until someone confirms it.
    """
    _check_places(listing.places)
    service = Service(keeper=listing.keeper or by)
    if verified:
        service.last_verified_at, service.last_verified_by = timezone.now(), by
    return _write_listing(service, listing)


@transaction.atomic
def service_update(*, service: Service, by: User, listing: ListingInput) -> Service:
    _check_places(listing.places)
    service = Service.objects.select_for_update().get(pk=service.pk)
    return _write_listing(service, listing)


@transaction.atomic
def service_verify(*, service: Service, by: User) -> Service:
    """ "Still accurate": the keeper confirms the listing as it stands today."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    service.last_verified_at = timezone.now()
    service.last_verified_by = by
    service.save(update_fields=["last_verified_at", "last_verified_by"])
    return service


@transaction.atomic
def organisation_for_listing(*, name: str) -> Organisation:
    """The organisation of this name, or a new community group: imports and the form name
    groups the programme may not have met yet."""
    name = name.strip()
    existing = Organisation.objects.filter(name__iexact=name).order_by("created_at").first()
    if existing is not None:
        return existing
    organisation = Organisation(name=name, kind=OrganisationKind.COMMUNITY_GROUP)
    organisation.full_clean()
    organisation.save()
    return organisation
