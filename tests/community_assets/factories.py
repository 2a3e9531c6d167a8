"""Factories and a listing builder for the directory's tests."""

from datetime import time

import factory

from community_assets import services
from community_assets.models import Taxonomy, TaxonomyTerm
from tests.factories import OrganisationFactory
from thriving.accounts.roles import OrganisationKind


class GroupFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Group {n}")
    kind = OrganisationKind.COMMUNITY_GROUP


class CategoryTaxonomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Taxonomy
        django_get_or_create = ("name",)

    name = "Test categories"
    description = "Categories for tests"


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaxonomyTerm

    taxonomy = factory.SubFactory(CategoryTaxonomyFactory)
    code = factory.Sequence(lambda n: f"term-{n}")
    name = factory.Sequence(lambda n: f"Term {n}")


def place(
    ward_postcode: str = "",
    *,
    name: str = "Community Centre",
    address_1: str = "1 High Street",
    days: str = "MO",
    freq: str = "WEEKLY",
    opens: time = time(10),
    closes: time = time(12),
    online: bool = False,
) -> services.PlaceInput:
    if online:
        return services.PlaceInput(
            location_name=name,
            is_online=True,
            freq=freq,
            byday=days,
            opens_at=opens,
            closes_at=closes,
        )
    return services.PlaceInput(
        location_name=name,
        address_1=address_1,
        postcode=ward_postcode or "OL1 1AA",
        freq=freq,
        byday=days,
        opens_at=opens,
        closes_at=closes,
    )


def listing_input(
    *,
    name: str = "Listing",
    organisation=None,
    description: str = "A friendly group.",
    categories=(),
    places=(),
    keeper=None,
    languages=("English",),
    **fields,
) -> services.ListingInput:
    values = {
        "name": name,
        "description": description,
        "status": "active",
        "url": "",
        "email": "",
        "is_free": True,
        "cost_amount": None,
        "cost_description": "",
        "minimum_age": None,
        "maximum_age": None,
        "eligibility_description": "",
        "accessibility": "",
        "taking_new_people": True,
    }
    values.update(fields)
    return services.ListingInput(
        organisation=organisation or GroupFactory(),
        fields=values,
        categories=list(categories),
        languages=list(languages),
        places=list(places),
        keeper=keeper,
    )


def make_listing(by, **kwargs):
    """A listing written through the service, as a page would write it."""
    verified = kwargs.pop("verified", True)
    return services.service_create(by=by, listing=listing_input(**kwargs), verified=verified)
