"""Take applications through the real services to the state a test needs."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from grants import services
from grants.workflow import Decision
from tests.factories import ward


def draft(round_, applicant, organisation, **overrides):
    today = timezone.localdate()
    amount = Decimal(str(overrides.pop("amount_requested", "300.00")))
    data = {
        "group_type": "constituted_group",
        "project_title": "Tea and chat mornings",
        "project_description": "Weekly mornings for people who live alone.",
        "people_reached": 40,
        "amount_requested": amount,
        "start_date": today + timedelta(days=7),
        "end_date": today + timedelta(days=60),
        "declaration_accurate": True,
        "declaration_use_of_funds": True,
        "declaration_monitoring": True,
        "declaration_publication": True,
        "wards": [ward("Coldhurst")],
        "budget_lines": [("Room hire", amount - Decimal("100.00")), ("Tea and cake", "100.00")],
        "eligibility_answers": {q.pk: True for q in round_.eligibility_questions.all()},
    }
    data.update(overrides)
    return services.application_create_draft(
        by=applicant, round=round_, organisation=organisation, **data
    )


def submitted(round_, applicant, organisation, **overrides):
    application = draft(round_, applicant, organisation, **overrides)
    return services.application_submit(application=application, by=applicant)


def at_panel(round_, applicant, organisation, officer, **overrides):
    application = submitted(round_, applicant, organisation, **overrides)
    return services.eligibility_pass(application=application, by=officer)


def score(application, member, value=4):
    services.score_submit(
        application=application,
        by=member,
        scores={c.pk: (value, "Fine") for c in application.round.criteria.all()},
    )


def declare_and_score(application, members, *, conflicted=(), value=4):
    for member in members:
        if member in conflicted:
            services.conflict_declare(application=application, by=member, has_conflict=True)
        else:
            services.conflict_declare(application=application, by=member, has_conflict=False)
            score(application, member, value)


def ready_to_decide(round_, applicant, organisation, officer, panel, **overrides):
    application = at_panel(round_, applicant, organisation, officer, **overrides)
    declare_and_score(application, panel[:3])
    return application


def approved(round_, applicant, organisation, officer, panel, amount=None, **overrides):
    application = ready_to_decide(round_, applicant, organisation, officer, panel, **overrides)
    return services.application_decide(
        application=application,
        by=officer,
        decision=Decision.APPROVE,
        rationale="A good project.",
        amount=amount,
    )


def paid(round_, applicant, organisation, officer, panel, **overrides):
    application = approved(round_, applicant, organisation, officer, panel, **overrides)
    services.offer_accept(application=application, by=applicant)
    application.refresh_from_db()
    services.payment_record(
        application=application,
        by=officer,
        paid_on=timezone.localdate(),
        amount=application.amount_awarded,
        reference="PAY-1",
    )
    application.refresh_from_db()
    return application
