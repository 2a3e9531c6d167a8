"""What the connection tests share: directory categories whose codes the referral reasons map
to, a community development worker who keeps listings, and an engaged case in a ward."""

from community_assets.models import TaxonomyTerm
from referrals.workflow import Status
from tests.community_assets.factories import GroupFactory, TermFactory, make_listing, place
from tests.factories import OrganisationFactory, postcode, reasons, user_with_role, ward
from tests.referrals.case_data import referral_in
from thriving.accounts.roles import OrganisationKind, Role

COLDHURST_POSTCODE = "OL1 2AT"
WERNETH_POSTCODE = "OL9 6BT"


def directory_categories() -> dict[str, TaxonomyTerm]:
    """The categories loneliness and physical inactivity map to, and one they do not."""
    walking_sport = TermFactory(code="walking-sport", name="Walking and sport")
    return {
        "social": TermFactory(code="social", name="Social groups and friendship"),
        "peer-support": TermFactory(code="peer-support", name="Peer support"),
        "walking-sport": walking_sport,
        "walking": TermFactory(code="walking", name="Walking groups", parent=walking_sport),
        "money-advice": TermFactory(code="money-advice", name="Money"),
    }


def directory_keeper():
    council = OrganisationFactory(name="Oldham Council", kind=OrganisationKind.COUNCIL)
    return user_with_role(
        Role.COMMUNITY_DEVELOPMENT_WORKER,
        council,
        email="cdw@test.example.org",
        full_name="Rachel Ogden",
    )


def listing_in(keeper, name: str, *, categories=(), where: str = COLDHURST_POSTCODE, **fields):
    """An active listing at a place in the ward of `where`, written through the service."""
    postcode(COLDHURST_POSTCODE, "Coldhurst")
    postcode(WERNETH_POSTCODE, "Werneth")
    return make_listing(
        keeper,
        name=name,
        organisation=GroupFactory(),
        categories=list(categories),
        places=[place(where)],
        **fields,
    )


def engaged_case(
    *,
    practice,
    provider,
    link_worker,
    reason_codes=("loneliness",),
    ward_name: str | None = "Coldhurst",
    **fields,
):
    """An engaged case of someone living in `ward_name` (Coldhurst unless told)."""
    return referral_in(
        Status.ENGAGED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        ward=ward(ward_name) if ward_name else None,
        reasons=reasons(*reason_codes),
        **fields,
    )
