"""The grant officer's eligibility check, and the questions asked of the group during it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thriving.accounts.models import User

from .. import permissions
from ..models import Application, InformationRequest
from ..workflow import Status, TransitionNotAllowed
from ._common import lock, move, notify_applicant, require


def _require_officer(by: User) -> None:
    require(permissions.is_grant_officer(by), "Only a grant officer can check eligibility.")


def _ensure_checking(application: Application, by: User) -> None:
    """Pick up a submitted application: acting on it starts the check (its own event, so the
    timeline shows when the council started looking)."""
    if application.status == Status.SUBMITTED:
        move(application=application, action="start_check", by=by, reason="Eligibility check")


@transaction.atomic
def eligibility_check_start(*, application: Application, by: User) -> Application:
    application = lock(application)
    _require_officer(by)
    move(application=application, action="start_check", by=by, reason="Eligibility check")
    application.save(update_fields=["status", "updated_at"])
    return application


@transaction.atomic
def eligibility_pass(*, application: Application, by: User, note: str = "") -> Application:
    """Eligible: the application goes to the round's panel, whose members are told."""
    application = lock(application)
    _require_officer(by)
    _ensure_checking(application, by)
    move(
        application=application,
        action="pass_eligibility",
        by=by,
        reason=note.strip() or "Eligible: passed to the panel",
    )
    application.save(update_fields=["status", "updated_at"])
    _notify_panel(application)
    return application


def _notify_panel(application: Application) -> None:
    from thriving.notifications.services import email_queue

    for member in application.round.panel_members.all():
        if member.email:
            email_queue(
                to=member.email,
                subject=f"Application {application.reference} is ready for the panel",
                template="grants/email/panel_new_application.txt",
                context={"application": application, "member": member},
            )


@transaction.atomic
def eligibility_fail(*, application: Application, by: User, reason: str) -> Application:
    """Not eligible, with the reason the group is told."""
    if not (reason or "").strip():
        raise ValidationError(
            {"reason": "Say why the application is not eligible. The group will see this."}
        )
    application = lock(application)
    _require_officer(by)
    _ensure_checking(application, by)
    move(application=application, action="fail_eligibility", by=by, reason=reason.strip())
    application.decision_rationale = reason.strip()
    application.save(update_fields=["status", "decision_rationale", "updated_at"])
    notify_applicant(
        application,
        subject=f"Your application {application.reference} is not eligible",
        template="grants/email/application_ineligible.txt",
    )
    return application


@transaction.atomic
def information_request(*, application: Application, by: User, question: str) -> InformationRequest:
    """Ask the group a question; the check pauses until they answer."""
    if not (question or "").strip():
        raise ValidationError({"question": "Write the question for the group."})
    application = lock(application)
    _require_officer(by)
    _ensure_checking(application, by)
    move(application=application, action="request_information", by=by, reason=question.strip())
    application.save(update_fields=["status", "updated_at"])
    request = InformationRequest(
        application=application, question=question.strip(), asked_by=by, asked_at=timezone.now()
    )
    request.full_clean()
    request.save()
    notify_applicant(
        application,
        subject=f"A question about your application {application.reference}",
        template="grants/email/information_requested.txt",
        extra={"information_request": request},
    )
    return request


@transaction.atomic
def information_answer(
    *, information_request: InformationRequest, by: User, answer: str
) -> InformationRequest:
    """The group answers; the application goes back to the officer's eligibility check."""
    if not (answer or "").strip():
        raise ValidationError({"answer": "Write your answer to the question."})
    application = lock(information_request.application)
    require(
        permissions.is_applicant_for(by, application),
        "Only a representative of the group can answer this question.",
    )
    request = InformationRequest.objects.select_for_update().get(pk=information_request.pk)
    if not request.is_open:
        raise TransitionNotAllowed("This question has already been answered.")
    move(
        application=application,
        action="answer_information",
        by=by,
        reason="The group answered the question",
    )
    application.save(update_fields=["status", "updated_at"])
    request.answer = answer.strip()
    request.answered_by = by
    request.answered_at = timezone.now()
    request.full_clean()
    request.save()
    return request
