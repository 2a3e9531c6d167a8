"""The group's side: drafting, submitting and withdrawing an application."""

import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from thriving.accounts.models import Organisation, User
from thriving.accounts.roles import OrganisationKind, Role
from thriving.places.models import Ward

from .. import permissions
from ..models import (
    NEEDS_CHARITY_NUMBER,
    NEEDS_COMPANY_NUMBER,
    Application,
    BudgetLine,
    EligibilityAnswer,
    EligibilityQuestion,
    EventKind,
    ReferenceCounter,
    Round,
    format_money,
    normalise_charity_number,
    normalise_company_number,
)
from ..workflow import Status, TransitionNotAllowed
from ._common import event_record, lock, move, notify_applicant, require

REFERENCE_PREFIX = "FA"

# What a group may write on its draft; everything else is the council's.
DRAFT_FIELDS = frozenset(
    {
        "group_type",
        "charity_number",
        "company_number",
        "project_title",
        "project_description",
        "people_reached",
        "amount_requested",
        "start_date",
        "end_date",
        *Application.DECLARATION_FIELDS,
    }
)

BudgetLineInput = tuple[str, Decimal] | Mapping[str, object]


def _set_fields(application: Application, fields: dict) -> None:
    unknown = set(fields) - DRAFT_FIELDS
    if unknown:
        raise TypeError(f"Not a field a group can set: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(application, name, value)
    application.project_title = (application.project_title or "").strip()
    application.charity_number = normalise_charity_number(application.charity_number)
    application.company_number = normalise_company_number(application.company_number)


def _budget_lines(application: Application, lines: Iterable[BudgetLineInput]) -> None:
    """Replace the budget with these lines. Each is (description, amount) or a mapping with
    "description" and "amount"; blank rows (both empty) are skipped, as forms send them."""
    rows, errors = [], []
    for number, line in enumerate(lines, start=1):
        if isinstance(line, Mapping):
            description, amount = line.get("description", ""), line.get("amount")
        else:
            description, amount = line
        description = (description or "").strip()
        if not description and amount in (None, ""):
            continue
        try:
            amount = Decimal(str(amount)) if amount not in (None, "") else None
        except InvalidOperation:
            amount = None
        if not description:
            errors.append(f"Budget line {number}: describe what the money is for.")
        elif amount is None or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
            errors.append(
                f"Budget line {number}: enter an amount in pounds and pence, more than £0."
            )
        else:
            rows.append(
                BudgetLine(
                    application=application,
                    description=description,
                    amount=amount,
                    position=len(rows),
                )
            )
    if errors:
        raise ValidationError({"budget_lines": errors})
    for row in rows:
        row.full_clean(exclude=["application"])
    application.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(rows)


def _eligibility_answers(application: Application, answers: Mapping) -> None:
    """Record yes/no answers keyed by question (or question id); the questions must be the
    round's own."""
    questions = {q.pk: q for q in application.round.eligibility_questions.all()}
    for key, answer in answers.items():
        question_id = key.pk if isinstance(key, EligibilityQuestion) else int(key)
        if question_id not in questions:
            raise ValidationError(
                {"eligibility_answers": "Answer only the questions of this round."}
            )
        if answer is None:
            EligibilityAnswer.objects.filter(
                application=application, question_id=question_id
            ).delete()
            continue
        EligibilityAnswer.objects.update_or_create(
            application=application, question_id=question_id, defaults={"answer": bool(answer)}
        )


def _apply_related(
    application: Application,
    *,
    wards: Iterable[Ward] | None,
    budget_lines: Iterable[BudgetLineInput] | None,
    eligibility_answers: Mapping | None,
) -> None:
    if wards is not None:
        application.wards.set(wards)
    if budget_lines is not None:
        _budget_lines(application, budget_lines)
    if eligibility_answers is not None:
        _eligibility_answers(application, eligibility_answers)


def application_for_token(*, by: User, submission_token: uuid.UUID) -> Application | None:
    """The application this person started with this form token, if any."""
    return Application.objects.filter(submission_token=submission_token, applicant=by).first()


@transaction.atomic
def application_create_draft(
    *,
    by: User,
    round: Round,
    organisation: Organisation,
    wards: Iterable[Ward] | None = None,
    budget_lines: Iterable[BudgetLineInput] | None = None,
    eligibility_answers: Mapping | None = None,
    submission_token: uuid.UUID | None = None,
    **fields,
) -> Application:
    """Start an application for a community group the user represents.

    Nothing needs to be complete yet: a draft can be saved and come back to. The group's
    registration numbers are copied from its organisation record when not given. The same
    submission token (from the form) always gives back the application it first started.
    """
    if submission_token is not None:
        existing = application_for_token(by=by, submission_token=submission_token)
        if existing is not None:
            return existing
    require(
        organisation.kind == OrganisationKind.COMMUNITY_GROUP
        and organisation.pk in by.organisation_ids_for(Role.GRANT_APPLICANT),
        "You can only apply on behalf of a community group you represent.",
    )
    if not round.is_open:
        raise TransitionNotAllowed("This round is not taking applications.")
    fields.setdefault("charity_number", organisation.charity_number)
    fields.setdefault("company_number", organisation.company_number)
    application = Application(
        round=round, organisation=organisation, applicant=by, submission_token=submission_token
    )
    _set_fields(application, fields)
    application.full_clean()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        # Two presses at once: the other request saved first; give back its application.
        existing = submission_token and application_for_token(
            by=by, submission_token=submission_token
        )
        if existing:
            return existing
        raise
    _apply_related(
        application,
        wards=wards,
        budget_lines=budget_lines,
        eligibility_answers=eligibility_answers,
    )
    event_record(
        application=application,
        actor=by,
        kind=EventKind.EDITED,
        to_status=Status.DRAFT,
        reason="Application started",
    )
    return application


@transaction.atomic
def application_update_draft(
    *,
    application: Application,
    by: User,
    wards: Iterable[Ward] | None = None,
    budget_lines: Iterable[BudgetLineInput] | None = None,
    eligibility_answers: Mapping | None = None,
    **fields,
) -> Application:
    """Save changes to a draft. Related parts (wards, budget lines, answers) are replaced only
    when given, so a page can save one section at a time."""
    application = lock(application)
    require(
        permissions.is_applicant_for(by, application),
        "Only a representative of the group can change this application.",
    )
    if application.status != Status.DRAFT:
        raise TransitionNotAllowed("This application has been submitted, so it can't be changed.")
    _set_fields(application, fields)
    application.full_clean()
    application.save()
    _apply_related(
        application,
        wards=wards,
        budget_lines=budget_lines,
        eligibility_answers=eligibility_answers,
    )
    event_record(application=application, actor=by, kind=EventKind.EDITED, reason="Draft saved")
    return application


def submission_errors(application: Application) -> dict[str, list[str]]:
    """Everything missing or wrong before the application can be submitted, by field.

    Pages can show these on a "check your answers" page before the group presses submit;
    `application_submit` refuses with the same messages.
    """
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    round_ = application.round
    if not application.group_type:
        add("group_type", "Choose what type of group you are.")
    if application.group_type in NEEDS_CHARITY_NUMBER and not application.charity_number:
        add("charity_number", "Enter your charity number. Registered charities and CIOs have one.")
    if application.group_type in NEEDS_COMPANY_NUMBER and not application.company_number:
        add("company_number", "Enter your company number. CICs and companies have one.")
    if not application.project_title:
        add("project_title", "Enter a title for your project.")
    if not (application.project_description or "").strip():
        add("project_description", "Describe your project.")
    if not application.wards.exists():
        add("wards", "Choose at least one ward your project serves.")
    if not application.people_reached:
        add("people_reached", "Enter how many people your project will reach.")

    amount = application.amount_requested
    if amount is None:
        add("amount_requested", "Enter the amount you are asking for.")
    elif amount < round_.min_award or amount > round_.max_award:
        add(
            "amount_requested",
            f"Ask for between {format_money(round_.min_award)} and "
            f"{format_money(round_.max_award)}.",
        )

    today = timezone.localdate()
    if application.start_date is None:
        add("start_date", "Enter the date your project starts.")
    elif application.start_date < today:
        add(
            "start_date",
            "The project must start today or later: the fund cannot pay for work already done.",
        )
    if application.end_date is None:
        add("end_date", "Enter the date your project ends.")
    elif application.start_date and application.end_date < application.start_date:
        add("end_date", "The end date must be the same as or after the start date.")

    lines = list(application.budget_lines.all())
    if not lines:
        add("budget_lines", "Add at least one line to your budget.")
    elif amount is not None:
        total = sum((line.amount for line in lines), Decimal("0"))
        if total != amount:
            add(
                "budget_lines",
                f"Your budget lines add up to {format_money(total)} but you are asking for "
                f"{format_money(amount)}. Make them match.",
            )

    question_ids = set(round_.eligibility_questions.values_list("pk", flat=True))
    answered = set(application.eligibility_answers.values_list("question_id", flat=True))
    if question_ids - answered:
        add("eligibility_answers", "Answer every eligibility question.")

    for name in Application.DECLARATION_FIELDS:
        if not getattr(application, name):
            add(name, "Confirm this declaration to submit your application.")
    return errors


def _next_reference(year: int) -> str:
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{REFERENCE_PREFIX}-{year}-{counter.last_number:04d}"


@transaction.atomic
def application_submit(*, application: Application, by: User) -> Application:
    """Submit a complete draft: it gets its reference (FA-2026-0001) and the group an
    acknowledgement email. Refuses, with every problem at once, an incomplete one."""
    application = lock(application)
    require(
        permissions.is_applicant_for(by, application),
        "Only a representative of the group can submit this application.",
    )
    if application.status != Status.DRAFT:
        raise TransitionNotAllowed("This application has already been submitted.")
    if not application.round.is_open:
        raise TransitionNotAllowed(
            "This round has closed, so the application can no longer be submitted."
        )
    errors = submission_errors(application)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    application.reference = _next_reference(timezone.localdate(now).year)
    application.submitted_at = now
    move(application=application, action="submit", by=by, reason="Application submitted")
    application.full_clean()
    application.save()
    notify_applicant(
        application,
        subject=f"We have received your application {application.reference}",
        template="grants/email/application_received.txt",
    )
    return application


@transaction.atomic
def application_withdraw(*, application: Application, by: User, reason: str = "") -> Application:
    """The group withdraws, at any point before the panel's decision."""
    application = lock(application)
    require(
        permissions.is_applicant_for(by, application),
        "Only a representative of the group can withdraw this application.",
    )
    move(
        application=application,
        action="withdraw",
        by=by,
        reason=reason.strip() or "Withdrawn by the group",
    )
    application.save(update_fields=["status", "updated_at"])
    return application
