"""Demo data for Fast Action grants: an open round, its people, an application in every state.

Called by `manage.py seed_demo`. Safe to run again: people, organisations and the round are
fetched or created, and each demo application is made only if its title is not there yet.
Every application is taken through the real services, so its events, emails and budget are
exactly what the pages would have produced.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from thriving.accounts.models import Membership, Organisation, User
from thriving.accounts.roles import OrganisationKind, Role
from thriving.places.models import Ward

from . import services
from .models import Application, Criterion, EligibilityQuestion, Fund, Round
from .workflow import Decision, Status

ROUND_NAME = "Fast Action Grants 2026/27"

CRITERIA = [
    ("Community benefit", "How much difference will it make to people's lives?", 2),
    ("Reaching people who need it", "Does it reach people and wards where need is high?", 1),
    ("Value for money", "Is the budget realistic and the money well spent?", 1),
    ("Can they do it?", "Does the group have what it needs to deliver the project?", 1),
]
QUESTIONS = [
    "Is your group based in Oldham, or does it mainly work with Oldham residents?",
    "Does your group have a bank account in its own name with two unrelated signatories?",
    "Will the money be spent within 12 months?",
]

# One demo application per state: (title, wards, amount asked for, final state).
APPLICATIONS = [
    ("Seed swap and growing club", ["Coldhurst"], "300.00", Status.DRAFT),
    ("Tea and chat mornings", ["Werneth"], "250.00", Status.SUBMITTED),
    ("Walking football for over-50s", ["Royton North"], "450.00", Status.ELIGIBILITY_CHECK),
    ("Homework club snacks", ["St Mary's"], "200.00", Status.MORE_INFORMATION),
    ("Community fridge", ["Hollinwood", "Failsworth West"], "500.00", Status.PANEL_REVIEW),
    ("Knit and natter", ["Shaw"], "150.00", Status.APPROVED),
    ("Gaming tournament trip", ["Chadderton South"], "500.00", Status.DECLINED),
    ("Lantern parade", ["Saddleworth North"], "400.00", Status.DEFERRED),
    ("Men's shed tools", ["Alexandra"], "480.00", Status.OFFER_ACCEPTED),
    ("Family cookery sessions", ["Medlock Vale"], "350.00", Status.PAID),
    ("Bulb planting day", ["Crompton"], "120.00", Status.MONITORING_DUE),
    ("Carers' summer picnic", ["Waterhead"], "275.00", Status.COMPLETED),
    ("Bike repair café", ["St James'"], "380.00", Status.WITHDRAWN),
    ("Private party", ["Failsworth East"], "500.00", Status.INELIGIBLE),
]


def _user(email: str, full_name: str, organisation: Organisation, role: str) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
    if created or not user.check_password(settings.DEMO_PASSWORD):
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
    Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    user.forget_memberships()
    return user


def _round_dates(today: date) -> tuple[date, date]:
    """2026/27's dates, stretched so the demo round is open whatever day the demo runs."""
    opens_on, closes_on = date(2026, 4, 1), date(2027, 3, 31)
    return min(opens_on, today), max(closes_on, today + timedelta(days=90))


def _round(panel: list[User]) -> Round:
    fund, _ = Fund.objects.get_or_create(
        code="fast-action",
        defaults={
            "name": "Fast Action Grants",
            "description": "Small, quick grants of £50 to £500 to help community groups start "
            "and grow.",
        },
    )
    opens_on, closes_on = _round_dates(timezone.localdate())
    round_, _ = Round.objects.get_or_create(
        fund=fund,
        name=ROUND_NAME,
        defaults={
            "budget": Decimal("60000.00"),
            "min_award": Decimal("50.00"),
            "max_award": Decimal("500.00"),
            "opens_on": opens_on,
            "closes_on": closes_on,
            "quorum": 3,
            "decision_target_working_days": 10,
            "monitoring_weeks": 8,
        },
    )
    if not round_.is_open:
        round_.opens_on, round_.closes_on = opens_on, closes_on
        round_.save(update_fields=["opens_on", "closes_on"])
    round_.panel_members.add(*panel)
    for position, (name, guidance, weight) in enumerate(CRITERIA):
        Criterion.objects.get_or_create(
            round=round_,
            name=name,
            defaults={"guidance": guidance, "weight": weight, "position": position},
        )
    for position, text in enumerate(QUESTIONS):
        EligibilityQuestion.objects.get_or_create(
            round=round_, text=text, defaults={"expected_answer": True, "position": position}
        )
    return round_


def _draft(round_: Round, applicant: User, group: Organisation, title, wards, amount):
    today = timezone.localdate()
    amount = Decimal(amount)
    equipment = (amount * Decimal("0.6")).quantize(Decimal("0.01"))
    return services.application_create_draft(
        by=applicant,
        round=round_,
        organisation=group,
        group_type="constituted_group",
        project_title=title,
        project_description=f"{title}: a small project run by volunteers from the group, "
        "open to everyone in the neighbourhood, free to attend.",
        people_reached=40,
        amount_requested=amount,
        start_date=today + timedelta(days=14),
        end_date=today + timedelta(days=75),
        declaration_accurate=True,
        declaration_use_of_funds=True,
        declaration_monitoring=True,
        declaration_publication=True,
        wards=list(Ward.objects.filter(name__in=wards)),
        budget_lines=[("Equipment and materials", equipment), ("Room hire", amount - equipment)],
        eligibility_answers={q.pk: True for q in round_.eligibility_questions.all()},
    )


def _to_panel(application, officer):
    services.eligibility_pass(application=application, by=officer, note="Eligible.")


def _score(application, panel: list[User], *, conflicted: User | None = None):
    criteria = list(application.round.criteria.all())
    for number, member in enumerate(panel):
        if member == conflicted:
            services.conflict_declare(
                application=application,
                by=member,
                has_conflict=True,
                note="I volunteer with this group.",
            )
            continue
        services.conflict_declare(application=application, by=member, has_conflict=False)
        services.score_submit(
            application=application,
            by=member,
            scores={
                c.pk: (3 + (number + c.pk) % 3, "Clear plan and good reach.") for c in criteria
            },
        )


def _build(round_, applicant, group, officer, panel, title, wards, amount, target):
    application = _draft(round_, applicant, group, title, wards, amount)
    if target == Status.DRAFT:
        return
    if target == Status.WITHDRAWN:
        services.application_submit(application=application, by=applicant)
        services.application_withdraw(
            application=application, by=applicant, reason="We found another funder."
        )
        return
    services.application_submit(application=application, by=applicant)
    if target == Status.SUBMITTED:
        return
    if target == Status.ELIGIBILITY_CHECK:
        services.eligibility_check_start(application=application, by=officer)
        return
    if target == Status.MORE_INFORMATION:
        services.information_request(
            application=application,
            by=officer,
            question="Who will supervise the children, and do they have DBS checks?",
        )
        return
    if target == Status.INELIGIBLE:
        services.eligibility_fail(
            application=application,
            by=officer,
            reason="The fund cannot pay for private events that are not open to the community.",
        )
        return
    _to_panel(application, officer)
    if target == Status.PANEL_REVIEW:
        services.conflict_declare(application=application, by=panel[0], has_conflict=True)
        services.conflict_declare(application=application, by=panel[1], has_conflict=False)
        return
    _score(application, panel, conflicted=panel[0])
    decision = {Status.DECLINED: Decision.DECLINE, Status.DEFERRED: Decision.DEFER}.get(
        target, Decision.APPROVE
    )
    rationale = {
        Decision.APPROVE: "A well-planned project that will reach people who are isolated.",
        Decision.DECLINE: "The panel felt the project would not reach people in the borough "
        "who most need support.",
        Decision.DEFER: "The panel would like to see the venue confirmed before deciding.",
    }[decision]
    services.application_decide(
        application=application, by=officer, decision=decision, rationale=rationale
    )
    if target in {Status.APPROVED, Status.DECLINED, Status.DEFERRED}:
        return
    services.offer_accept(application=application, by=applicant)
    if target == Status.OFFER_ACCEPTED:
        return
    application.refresh_from_db()
    services.payment_record(
        application=application,
        by=officer,
        paid_on=timezone.localdate(),
        amount=application.amount_awarded,
        reference=f"PAY-{application.reference}",
    )
    if target == Status.PAID:
        return
    services.monitoring_open(application=application, by=officer)
    if target == Status.MONITORING_DUE:
        return
    services.monitoring_report_submit(
        application=application,
        by=applicant,
        what_happened="Thirty-five people came across the two sessions; several have joined "
        "the group since.",
        people_reached=35,
        amount_spent=application.amount_awarded,
        spend_explanation="Spent as budgeted.",
    )
    services.monitoring_complete(application=application, by=officer, note="Thank you.")


@transaction.atomic
def seed(stdout) -> None:
    council, _ = Organisation.objects.get_or_create(
        name="Oldham Council", defaults={"kind": OrganisationKind.COUNCIL}
    )
    group, _ = Organisation.objects.get_or_create(
        name="Greenacres Community Garden",
        defaults={"kind": OrganisationKind.COMMUNITY_GROUP, "email": "hello@example.org"},
    )
    applicant = _user("applicant@example.org", "Aisha Rahman", group, Role.GRANT_APPLICANT)
    officer = _user("officer@example.org", "Owen Mitchell", council, Role.GRANT_OFFICER)
    names = ["Priya Desai", "Tom Hughes", "Grace Okafor", "Ben Walsh"]
    panel = [
        _user(f"panel{n}@example.org", names[n - 1], council, Role.PANEL_MEMBER)
        for n in range(1, 5)
    ]
    round_ = _round(panel)

    existing = set(
        Application.objects.filter(round=round_, organisation=group).values_list(
            "project_title", flat=True
        )
    )
    made = 0
    for title, wards, amount, target in APPLICATIONS:
        if title in existing:
            continue
        _build(round_, applicant, group, officer, panel, title, wards, amount, target)
        made += 1
    stdout.write(
        f"Grants: round '{round_.name}' open; {made} demo application(s) added "
        f"({len(APPLICATIONS) - made} already there). Sign in as applicant@example.org, "
        "officer@example.org or panel1@example.org … panel4@example.org.\n"
    )
