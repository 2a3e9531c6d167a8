"""factory-boy factories shared by every test module."""

import factory
from django.utils import timezone

from referrals.models import Referral, ReferralReason
from referrals.workflow import Status
from thriving.accounts.models import Membership, Organisation, User
from thriving.accounts.roles import OrganisationKind, Role
from thriving.places.models import Postcode, Ward

# Valid NHS numbers (modulus 11) for tests; factories cycle through generated ones.
VALID_NHS_NUMBERS = ["9434765919", "9434765870", "9990003874"]


def make_nhs_number(seed: int) -> str:
    """A valid NHS number derived from a seed (skips bases whose check digit would be 10)."""
    base = 900000000 + seed
    while True:
        digits = f"{base:09d}"
        total = sum(int(d) * (10 - i) for i, d in enumerate(digits))
        check = 11 - (total % 11)
        check = 0 if check == 11 else check
        if check != 10:
            return digits + str(check)
        base += 1


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.PROVIDER


class GPPracticeFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Surgery {n}")
    kind = OrganisationKind.REFERRER
    ods_code = factory.Sequence(lambda n: f"P{n:05d}")


class ProviderFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Provider {n}")
    kind = OrganisationKind.PROVIDER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Test User {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def user_with_role(role: str, organisation: Organisation, **kwargs) -> User:
    user = UserFactory(**kwargs)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    user.forget_memberships()
    return user


def reasons(*codes: str) -> list[ReferralReason]:
    qs = ReferralReason.objects.all()
    if codes:
        qs = qs.filter(code__in=codes)
    return list(qs[:2] if not codes else qs)


class ReferralFactory(factory.django.DjangoModelFactory):
    """A referral row built directly (no service), for lists and scoping tests.

    Use referrals.services in tests of behaviour; use this to set up state quickly.
    """

    class Meta:
        model = Referral
        skip_postgeneration_save = True

    nhs_number = factory.Sequence(make_nhs_number)
    given_name = "Alex"
    family_name = factory.Sequence(lambda n: f"Person{n}")
    date_of_birth = factory.LazyFunction(lambda: timezone.localdate().replace(year=1960))
    address_line_1 = "1 Union Street"
    town = "Oldham"
    postcode = "OL1 1AA"
    consent_to_referral = True
    consent_to_share = True
    referring_organisation = factory.SubFactory(GPPracticeFactory)
    referrer = factory.LazyAttribute(
        lambda o: user_with_role(Role.REFERRER, o.referring_organisation)
    )
    submitted_at = factory.LazyFunction(timezone.now)
    status = Status.SUBMITTED

    @factory.post_generation
    def reasons(obj, create, extracted, **kwargs):
        if create:
            obj.reasons.set(extracted or list(ReferralReason.objects.all()[:1]))


def ward(name: str = "Coldhurst") -> Ward:
    return Ward.objects.get(name=name)


def postcode(code: str, ward_name: str) -> Postcode:
    return Postcode.objects.get_or_create(postcode=code, defaults={"ward": ward(ward_name)})[0]
