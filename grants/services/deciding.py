"""The decision: approve in full or in part, decline or defer, within the round's budget."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from thriving.accounts.models import User

from .. import permissions, selectors
from ..models import Application, ConflictDeclaration, Round, format_money
from ..workflow import (
    CHAIR,
    DECISION_ACTIONS,
    GRANT_OFFICER,
    Decision,
    TransitionNotAllowed,
    status_phrase,
)
from ._common import lock, move, notify_applicant, require


def _award_amount(application: Application, round_: Round, amount) -> Decimal:
    """The award: what was asked for unless an amount is given (approval in part)."""
    if amount in (None, ""):
        amount = application.amount_requested
    try:
        amount = Decimal(str(amount))
    except InvalidOperation:
        raise ValidationError({"amount": "Enter the award in pounds and pence."}) from None
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({"amount": "Enter the award in pounds and pence."})
    if amount <= 0:
        raise ValidationError({"amount": "Enter an award of more than £0, or decline instead."})
    if amount > application.amount_requested:
        raise ValidationError(
            {
                "amount": "The award cannot be more than the "
                f"{format_money(application.amount_requested)} the group asked for."
            }
        )
    if amount > round_.max_award:
        raise ValidationError(
            {
                "amount": "The award cannot be more than the round's maximum of "
                f"{format_money(round_.max_award)}."
            }
        )
    if amount < round_.min_award:
        raise ValidationError(
            {
                "amount": "The award must be at least the round's minimum of "
                f"{format_money(round_.min_award)}."
            }
        )
    return amount


@transaction.atomic
def application_decide(
    *,
    application: Application,
    by: User,
    decision: str,
    rationale: str,
    amount: Decimal | None = None,
) -> Application:
    """Approve (in full, or in part with `amount`), decline or defer, with the rationale the
    group sees.

    Only once the quorum is in: complete scores from enough panel members who declared no
    conflict. An award can be no more than was asked for or the round's maximum, no less
    than its minimum, and no more than what is left of the budget.

    The round's row is locked (SELECT ... FOR UPDATE) before the committed total is added
    up, and stays locked until this transaction commits, so two decisions made at the same
    moment are made one after the other: the second sees the first's award and cannot
    over-commit the budget.
    """
    if decision not in DECISION_ACTIONS:
        raise ValidationError({"decision": "Choose approve, decline or defer."})
    rationale = (rationale or "").strip()
    if not rationale:
        raise ValidationError(
            {"rationale": "Write the reason for the decision. The group will see it."}
        )
    if decision != Decision.APPROVE and amount not in (None, ""):
        raise ValidationError({"amount": "Give an amount only when approving."})

    round_ = Round.objects.select_for_update().get(pk=application.round_id)
    application = lock(application)
    declaration = ConflictDeclaration.objects.filter(application=application, member=by).first()
    if declaration is not None and declaration.has_conflict:
        raise PermissionDenied(
            "You declared a conflict of interest on this application, so you cannot decide it."
        )
    require(
        permissions.plays(by, application, GRANT_OFFICER)
        or permissions.plays(by, application, CHAIR),
        "Only a grant officer or the panel's chair can decide applications.",
    )
    action = DECISION_ACTIONS[Decision(decision)]
    if not permissions.can_act(by, application, action):
        raise TransitionNotAllowed(
            f"This application is {status_phrase(application.status)}, so it cannot be decided now."
        )
    quorum = selectors.quorum_status(application)
    if not quorum.met:
        raise TransitionNotAllowed(
            f"The panel has not reached its quorum: {quorum.complete} of the {quorum.needed} "
            "complete scores needed from members without a conflict of interest are in."
        )

    now = timezone.now()
    reason = rationale
    if decision == Decision.APPROVE:
        award = _award_amount(application, round_, amount)
        remaining = round_.budget - selectors.committed_total(round_)
        if award > remaining:
            raise ValidationError(
                {
                    "amount": f"Only {format_money(max(remaining, Decimal('0')))} is left in "
                    f"this round's budget, so the award cannot be {format_money(award)}."
                }
            )
        application.amount_awarded = award
        reason = f"Awarded {format_money(award)}. {rationale}"
    if decision in (Decision.APPROVE, Decision.DECLINE):
        application.decided_at = now
        application.decided_by = by
    application.decision_rationale = rationale
    move(application=application, action=action, by=by, reason=reason)
    application.full_clean()
    application.save()
    notify_applicant(
        application,
        subject=f"A decision on your application {application.reference}",
        template="grants/email/application_decided.txt",
    )
    return application


@transaction.atomic
def application_return_to_panel(
    *, application: Application, by: User, reason: str = ""
) -> Application:
    """Bring a deferred application back before the panel; its declarations and scores stay."""
    application = lock(application)
    require(
        permissions.plays(by, application, GRANT_OFFICER)
        or permissions.plays(by, application, CHAIR),
        "Only a grant officer or the panel's chair can return an application to the panel.",
    )
    move(
        application=application,
        action="return_to_panel",
        by=by,
        reason=(reason or "").strip() or "Back with the panel",
    )
    application.save(update_fields=["status", "updated_at"])
    return application
