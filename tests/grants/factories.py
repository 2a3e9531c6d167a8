"""factory-boy factories for grants. Build rows directly, for lists, scoping and exports;
behaviour tests go through grants.services (see tests/grants/helpers.py)."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from grants.models import Application, Criterion, EligibilityQuestion, Fund, Round
from grants.workflow import Status
from tests.factories import OrganisationFactory, user_with_role
from thriving.accounts.roles import OrganisationKind, Role


class CommunityGroupFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Community Group {n}")
    kind = OrganisationKind.COMMUNITY_GROUP


class CouncilFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Council {n}")
    kind = OrganisationKind.COUNCIL


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund
        django_get_or_create = ["code"]

    name = "Fast Action Grants"
    code = "fast-action"


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    fund = factory.SubFactory(FundFactory)
    name = factory.Sequence(lambda n: f"Round {n}")
    budget = Decimal("60000.00")
    min_award = Decimal("50.00")
    max_award = Decimal("500.00")
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    round = factory.SubFactory(RoundFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    weight = 1
    position = factory.Sequence(lambda n: n)


class EligibilityQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EligibilityQuestion

    round = factory.SubFactory(RoundFactory)
    text = factory.Sequence(lambda n: f"Eligibility question {n}?")
    expected_answer = True
    position = factory.Sequence(lambda n: n)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application row, built directly."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    round = factory.SubFactory(RoundFactory)
    organisation = factory.SubFactory(CommunityGroupFactory)
    applicant = factory.LazyAttribute(
        lambda o: user_with_role(Role.GRANT_APPLICANT, o.organisation)
    )
    reference = factory.Sequence(lambda n: f"FA-2026-{n + 5000:04d}")
    group_type = "constituted_group"
    project_title = factory.Sequence(lambda n: f"Project {n}")
    project_description = "A small community project."
    people_reached = 30
    amount_requested = Decimal("300.00")
    start_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=70))
    status = Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def wards(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.wards.set(extracted)


class AwardedApplicationFactory(ApplicationFactory):
    status = Status.APPROVED
    amount_awarded = Decimal("300.00")
    decided_at = factory.LazyFunction(timezone.now)
