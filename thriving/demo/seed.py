"""Builds the demo: organisations, people who sign in, postcodes, allocation rules, and about
fifty referrals in every state. Everything is found by its natural key first, so seeding
again changes nothing.
"""

import importlib
import importlib.util
import random
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from referrals.models import AllocationRule, Referral, ReferralReason
from thriving.accounts.models import Membership, Organisation, User
from thriving.accounts.services import demo_authenticator_ensure
from thriving.notifications.models import OutboundEmail
from thriving.places.models import District, Postcode, Ward

from . import data
from .people import Person, person_from
from .plans import PLANS
from .stories import Cast, story_for, token_for

SEED = 2026

# Apps that add their own demo data offer `<app>.demo.seed(stdout)`.
OPTIONAL_SEEDERS = [
    "community_assets.demo",
    "referrals.demo",
    "grants.demo",
    "thriving.insight.demo",  # a year of history: after the listings, connections and grants
]


@dataclass
class SeedResult:
    referrals_created: int
    referrals_total: int


def organisations_seed() -> dict[str, Organisation]:
    organisations = {}
    for key, name, kind, ods_code in data.ORGANISATIONS:
        if ods_code:
            organisation, _ = Organisation.objects.update_or_create(
                ods_code=ods_code, defaults={"name": name, "kind": kind}
            )
        else:
            organisation, _ = Organisation.objects.get_or_create(name=name, kind=kind)
        organisations[key] = organisation
    return organisations


def users_seed(organisations: dict[str, Organisation]) -> dict[str, User]:
    users = {}
    for email, full_name, job_title, organisation_key, role in data.USERS:
        is_admin = email == data.ADMIN_EMAIL
        user, created = User.objects.update_or_create(
            email=email,
            defaults={
                "full_name": full_name,
                "job_title": job_title,
                "is_active": True,
                "is_staff": is_admin,
                "is_superuser": is_admin,
            },
        )
        if created or not user.check_password(settings.DEMO_PASSWORD):
            user.set_password(settings.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if organisation_key:
            Membership.objects.get_or_create(
                user=user, organisation=organisations[organisation_key], role=role
            )
        # Everyone shares DEMO_TOTP_SECRET: `manage.py demo_totp` prints the current code.
        demo_authenticator_ensure(user=user, secret_base32=settings.DEMO_TOTP_SECRET)
        user.forget_memberships()
        users[email] = user
    return users


def places_seed() -> None:
    wards = {ward.name: ward for ward in Ward.objects.all()}
    for ward_name, (_town, postcodes, _streets) in data.WARD_PLACES.items():
        for postcode in postcodes:
            Postcode.objects.get_or_create(postcode=postcode, defaults={"ward": wards[ward_name]})


def allocation_rules_seed(organisations: dict[str, Organisation]) -> None:
    for district_name, provider_key in data.ALLOCATION_RULES.items():
        AllocationRule.objects.get_or_create(
            district=District.objects.get(name=district_name),
            defaults={"provider": organisations[provider_key]},
        )


def _people(cast: Cast) -> list[Person]:
    """One person per story, living where the story's route needs them to."""
    rng = random.Random(SEED)  # noqa: S311 - demo data is meant to repeat, not to be secret
    names = rng.sample(data.PEOPLE, k=len(PLANS))
    ruled = {key: [] for key in set(data.ALLOCATION_RULES.values())}
    unruled = []
    for ward, district in sorted(cast.district_of_ward.items()):
        provider_key = data.ALLOCATION_RULES.get(district)
        (ruled[provider_key] if provider_key else unruled).append(ward)
    people: list[Person] = []
    for index, plan in enumerate(PLANS):
        if plan.person_of is not None:
            people.append(people[plan.person_of])
            continue
        person_rng = random.Random(f"{SEED}-person-{index}")  # noqa: S311
        if plan.route == "out_of_area":
            ward = None
        elif plan.route in {"inbox", "hand"}:
            ward = person_rng.choice(unruled)
        elif plan.route == "bounce":
            ward = person_rng.choice(
                ruled["provider2" if plan.provider == "provider" else "provider"]
            )
        else:
            ward = person_rng.choice(ruled[plan.provider])
        people.append(
            person_from(person_rng, name=names[index], ward_name=ward, today=cast.now.date())
        )
    return people


def referrals_seed(cast: Cast) -> int:
    created = 0
    for index, (plan, person) in enumerate(zip(PLANS, _people(cast), strict=True)):
        if Referral.objects.filter(submission_token=token_for(index)).exists():
            continue
        story_for(index=index, plan=plan, person=person, cast=cast).run()
        created += 1
    return created


@transaction.atomic
def demo_seed() -> SeedResult:
    organisations = organisations_seed()
    users = users_seed(organisations)
    places_seed()
    allocation_rules_seed(organisations)
    cast = Cast(
        users=users,
        organisations=organisations,
        reasons={reason.code: reason for reason in ReferralReason.objects.all()},
        district_of_ward=dict(Ward.objects.values_list("name", "district__name")),
        now=timezone.now(),
    )
    last_email_before = OutboundEmail.objects.aggregate(last=Max("pk"))["last"] or 0
    created = referrals_seed(cast)
    # The services queue emails to the referrers about each made-up event. Sent now, they
    # would announce months-old news as today's, so the demo keeps its history but not them.
    OutboundEmail.objects.filter(pk__gt=last_email_before, to__in=data.REFERRER_EMAILS).delete()
    tokens = [token_for(index) for index in range(len(PLANS))]
    return SeedResult(
        referrals_created=created,
        referrals_total=Referral.objects.filter(submission_token__in=tokens).count(),
    )


def optional_seeders_run(stdout) -> list[str]:
    """Run the other apps' demo seeders that exist; returns the names of those that ran."""
    ran = []
    for module_name in OPTIONAL_SEEDERS:
        try:
            if importlib.util.find_spec(module_name) is None:
                continue
        except ModuleNotFoundError:  # the app itself is not there
            continue
        seed = getattr(importlib.import_module(module_name), "seed", None)
        if callable(seed):
            seed(stdout)
            ran.append(module_name)
    return ran
