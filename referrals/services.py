"""Every write to a referral. Each checks the transition table and records an event.

Services take keyword-only arguments and never a request, so tasks, the API and pages share
them. Permission to act is checked here as well as in views: a service is the last door.
"""

import uuid
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from thriving.accounts.models import Organisation, User
from thriving.accounts.roles import OrganisationKind, Role
from thriving.core.validators import normalise_nhs_number, normalise_postcode
from thriving.places.models import Postcode

from . import permissions
from .models import (
    AllocationRule,
    CaseNote,
    ContactAttempt,
    ContactOutcome,
    EventKind,
    Goal,
    GoalStatus,
    OutcomeMeasure,
    Referral,
    ReferralEvent,
    ReferralReason,
    Timepoint,
)
from .workflow import (
    CLOSE_REASONS_BY_STATUS,
    FAILED_ATTEMPTS_BEFORE_UNABLE_TO_CONTACT,
    CloseReason,
    NoEndMeasureReason,
    Status,
    TransitionNotAllowed,
    target_status,
)


def _event(
    *,
    referral: Referral,
    actor: User | None,
    kind: str = EventKind.STATUS,
    from_status: str = "",
    to_status: str = "",
    reason: str = "",
) -> ReferralEvent:
    return ReferralEvent.objects.create(
        referral=referral,
        at=timezone.now(),
        actor=actor,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        reason=reason[:500],
    )


def _move(*, referral: Referral, action: str, by: User | None, reason: str = "") -> str:
    """Change status through the table, write the event, return the old status."""
    old = referral.status
    new = target_status(old, action, referral.status_before_hold)
    if action == "hold":
        referral.status_before_hold = old
    elif action == "resume":
        referral.status_before_hold = ""
    referral.status = new
    _event(referral=referral, actor=by, from_status=old, to_status=new, reason=reason)
    return old


def _lock(referral: Referral) -> Referral:
    """Re-read the row under a lock so two people acting at once cannot both win."""
    return Referral.objects.select_for_update().get(pk=referral.pk)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _notify_referrer(referral: Referral, *, template: str, subject: str) -> None:
    from thriving.notifications.services import email_queue

    if not referral.referrer.email:
        return
    context = {"referral": referral, "referrer": referral.referrer}
    if referral.is_closed:
        # Imported here: the summary reads the measures module, which builds on this one.
        from .outcomes import referrer_outcome

        context["outcome"] = referrer_outcome(referral)
    email_queue(to=referral.referrer.email, subject=subject, template=template, context=context)


# ------------------------------------------------------------------------------------------
# Submission and allocation
# ------------------------------------------------------------------------------------------


def allocation_rule_for_ward(ward) -> AllocationRule | None:
    """The rule for the ward, else for its district; rules for closed providers are skipped."""
    if ward is None:
        return None
    rules = AllocationRule.objects.filter(is_active=True, provider__is_active=True).select_related(
        "provider", "ward", "district"
    )
    return rules.filter(ward=ward).first() or rules.filter(district_id=ward.district_id).first()


@transaction.atomic
def referral_submit(
    *,
    by: User,
    organisation: Organisation,
    reasons: list[ReferralReason],
    submission_token: uuid.UUID | None = None,
    **fields,
) -> Referral:
    """Create a referral, then allocate it by the rules when a rule covers its ward.

    The same submission token always gives back the first referral, so a double click, a
    resubmitted form or a retried API call creates one referral.
    """
    _require(
        organisation.pk in by.organisation_ids_for(Role.REFERRER),
        "You can only refer on behalf of an organisation you are a referrer for.",
    )
    if submission_token is not None:
        existing = Referral.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing
    if not reasons:
        raise ValidationError({"reasons": "Choose at least one reason for the referral."})

    fields["nhs_number"] = normalise_nhs_number(fields.get("nhs_number", ""))
    fields["postcode"] = normalise_postcode(fields.get("postcode", "")) or fields.get(
        "postcode", ""
    )
    referral = Referral(
        **fields,
        referrer=by,
        referring_organisation=organisation,
        submission_token=submission_token,
        submitted_at=timezone.now(),
        status=Status.SUBMITTED,
    )
    referral.ward = Postcode.objects.ward_for(referral.postcode)
    referral.full_clean(exclude=["reasons", "ward", "reference"])
    if not referral.consent_to_referral:
        raise ValidationError(
            {"consent_to_referral": "The person must agree to the referral before you submit it."}
        )
    try:
        with transaction.atomic():
            referral.save()
    except IntegrityError:
        if submission_token is not None:
            existing = Referral.objects.filter(submission_token=submission_token).first()
            if existing is not None:
                return existing
        raise
    referral.reasons.set(reasons)
    _event(referral=referral, actor=by, to_status=Status.SUBMITTED, reason="Referral submitted")

    rule = allocation_rule_for_ward(referral.ward)
    if rule is not None:
        area = f"ward {rule.ward}" if rule.ward_id else f"district {rule.district}"
        _allocate(
            referral=referral,
            provider=rule.provider,
            by=None,
            reason=f"Allocated to {rule.provider} by the rule for the {area}",
        )
    return referral


def _allocate(*, referral: Referral, provider: Organisation, by: User | None, reason: str) -> None:
    if provider.kind != OrganisationKind.PROVIDER or not provider.is_active:
        raise ValidationError({"provider": "Choose an active provider organisation."})
    _move(referral=referral, action="allocate", by=by, reason=reason or f"Allocated to {provider}")
    referral.provider = provider
    referral.allocated_at = timezone.now()
    referral.save(update_fields=["status", "provider", "allocated_at", "updated_at"])


@transaction.atomic
def referral_allocate(
    *, referral: Referral, provider: Organisation, by: User, reason: str = ""
) -> Referral:
    referral = _lock(referral)
    _require(
        permissions.can_act(by, referral, "allocate"),
        "Only a coordinator can allocate this referral.",
    )
    _allocate(
        referral=referral, provider=provider, by=by, reason=reason or f"Allocated to {provider}"
    )
    return referral


@transaction.atomic
def referral_return_to_triage(*, referral: Referral, by: User, reason: str) -> Referral:
    referral = _lock(referral)
    _require(
        permissions.can_act(by, referral, "return_to_triage"),
        "Only a coordinator of the provider can return this referral.",
    )
    _move(referral=referral, action="return_to_triage", by=by, reason=reason)
    referral.provider = None
    referral.allocated_at = None
    referral.save(update_fields=["status", "provider", "allocated_at", "updated_at"])
    return referral


@transaction.atomic
def referral_reject(*, referral: Referral, by: User, reason: str, note: str = "") -> Referral:
    referral = _lock(referral)
    _require(permissions.can_act(by, referral, "reject"), "Only a coordinator can reject this.")
    if reason not in CLOSE_REASONS_BY_STATUS[Status.REJECTED]:
        raise ValidationError({"reason": "Choose why the referral is rejected."})
    _move(
        referral=referral,
        action="reject",
        by=by,
        reason=f"{CloseReason(reason).label}. {note}".strip(),
    )
    referral.close_reason = reason
    referral.closed_at = timezone.now()
    referral.save(update_fields=["status", "close_reason", "closed_at", "updated_at"])
    _notify_referrer(
        referral,
        template="referrals/email/referral_closed.txt",
        subject=f"Referral {referral.reference}: not accepted",
    )
    return referral


# ------------------------------------------------------------------------------------------
# Taking on a case
# ------------------------------------------------------------------------------------------


def _check_link_worker(link_worker: User, referral: Referral) -> None:
    if referral.provider_id not in link_worker.organisation_ids_for(Role.LINK_WORKER):
        raise ValidationError(
            {"link_worker": "Choose a link worker who works for the provider of this referral."}
        )


@transaction.atomic
def referral_accept(*, referral: Referral, by: User, link_worker: User | None = None) -> Referral:
    """A link worker takes the case, or a coordinator accepts it for one of their team."""
    referral = _lock(referral)
    _require(permissions.can_act(by, referral, "accept"), "You cannot accept this referral.")
    owner = link_worker or by
    if owner != by and not permissions.can_assign_referral(by, referral):
        raise PermissionDenied("Only a coordinator can accept a referral for someone else.")
    _check_link_worker(owner, referral)
    _move(referral=referral, action="accept", by=by, reason=f"Accepted by {owner}")
    referral.link_worker = owner
    referral.accepted_at = timezone.now()
    referral.save(update_fields=["status", "link_worker", "accepted_at", "updated_at"])
    _notify_referrer(
        referral,
        template="referrals/email/referral_accepted.txt",
        subject=f"Referral {referral.reference} accepted",
    )
    return referral


@transaction.atomic
def referral_assign(
    *, referral: Referral, by: User, link_worker: User, reason: str = ""
) -> Referral:
    """Give an accepted case to another link worker of the same provider."""
    referral = _lock(referral)
    _require(
        permissions.can_assign_referral(by, referral),
        "Only a coordinator of the provider can reassign a case.",
    )
    if referral.is_closed or referral.status in {Status.SUBMITTED, Status.ALLOCATED}:
        raise TransitionNotAllowed("Only an accepted, open case can be reassigned.")
    _check_link_worker(link_worker, referral)
    if referral.link_worker_id == link_worker.pk:
        return referral
    previous = referral.link_worker
    referral.link_worker = link_worker
    referral.save(update_fields=["link_worker", "updated_at"])
    _event(
        referral=referral,
        actor=by,
        kind=EventKind.ASSIGNED,
        reason=(reason or f"Reassigned from {previous} to {link_worker}")[:500],
    )
    return referral


# ------------------------------------------------------------------------------------------
# Working a case
# ------------------------------------------------------------------------------------------


def _require_work(by: User, referral: Referral) -> None:
    _require(
        permissions.can_work_case(by, referral),
        "Only the link worker who owns this case, or a coordinator, can do that.",
    )


def failed_attempt_count(referral: Referral) -> int:
    return referral.contact_attempts.filter(outcome__in=ContactOutcome.failed()).count()


@transaction.atomic
def contact_attempt_log(
    *,
    referral: Referral,
    by: User,
    method: str,
    outcome: str,
    at: datetime | None = None,
    note: str = "",
) -> ContactAttempt:
    """Record an attempt to reach the person. The first attempt moves the case to
    contacting; speaking to them moves it to engaged."""
    referral = _lock(referral)
    _require_work(by, referral)
    if referral.status not in {Status.ACCEPTED, Status.CONTACTING, Status.ENGAGED}:
        raise TransitionNotAllowed(
            "You can log contact attempts only on an accepted case that is not on hold or closed."
        )
    at = at or timezone.now()
    if at > timezone.now() + timezone.timedelta(minutes=5):
        raise ValidationError({"at": "The time of the attempt cannot be in the future."})
    attempt = ContactAttempt.objects.create(
        referral=referral, by=by, method=method, outcome=outcome, at=at, note=note
    )
    attempt.full_clean()
    _event(
        referral=referral,
        actor=by,
        kind=EventKind.CONTACT,
        reason=f"{attempt.get_method_display()}: {attempt.get_outcome_display()}",
    )
    update = ["updated_at"]
    if referral.first_contact_at is None or at < referral.first_contact_at:
        referral.first_contact_at = at
        update.append("first_contact_at")
    if referral.status == Status.ACCEPTED:
        _move(referral=referral, action="start_contact", by=by, reason="First contact attempt")
        update.append("status")
    if outcome == ContactOutcome.SPOKE and referral.status == Status.CONTACTING:
        _move(referral=referral, action="engage", by=by, reason="Spoke to the person")
        if "status" not in update:
            update.append("status")
    referral.save(update_fields=update)
    return attempt


@transaction.atomic
def referral_mark_unable_to_contact(*, referral: Referral, by: User) -> Referral:
    referral = _lock(referral)
    _require_work(by, referral)
    if failed_attempt_count(referral) < FAILED_ATTEMPTS_BEFORE_UNABLE_TO_CONTACT:
        raise TransitionNotAllowed(
            "Make three contact attempts before closing as unable to contact."
        )
    _move(
        referral=referral,
        action="unable_to_contact",
        by=by,
        reason=CloseReason.NO_RESPONSE.label,
    )
    referral.close_reason = CloseReason.NO_RESPONSE
    referral.closed_at = timezone.now()
    if not _has_end_measure(referral):
        referral.no_end_measure_reason = NoEndMeasureReason.UNABLE_TO_CONTACT
    referral.save(
        update_fields=[
            "status",
            "close_reason",
            "closed_at",
            "no_end_measure_reason",
            "updated_at",
        ]
    )
    _notify_referrer(
        referral,
        template="referrals/email/referral_closed.txt",
        subject=f"Referral {referral.reference} closed",
    )
    return referral


@transaction.atomic
def what_matters_record(*, referral: Referral, by: User, text: str) -> Referral:
    referral = _lock(referral)
    _require_work(by, referral)
    if referral.is_closed or referral.status in {Status.SUBMITTED, Status.ALLOCATED}:
        raise TransitionNotAllowed("Accept the case before recording the conversation.")
    if not text.strip():
        raise ValidationError({"text": "Write down what matters to the person."})
    referral.what_matters = text.strip()
    referral.what_matters_recorded_at = timezone.now()
    update = ["what_matters", "what_matters_recorded_at", "updated_at"]
    _event(referral=referral, actor=by, kind=EventKind.WHAT_MATTERS, reason="Conversation recorded")
    if referral.status in {Status.ACCEPTED, Status.CONTACTING}:
        _move(referral=referral, action="engage", by=by, reason="'What matters' conversation held")
        update.append("status")
    referral.save(update_fields=update)
    return referral


@transaction.atomic
def note_add(*, referral: Referral, by: User, text: str, shareable: bool = False) -> CaseNote:
    _require_work(by, referral)
    if not text.strip():
        raise ValidationError({"text": "Write the note before saving it."})
    note = CaseNote.objects.create(
        referral=referral, author=by, text=text.strip(), shareable=shareable
    )
    _event(referral=referral, actor=by, kind=EventKind.NOTE, reason="Note added")
    return note


@transaction.atomic
def goal_add(*, referral: Referral, by: User, description: str) -> Goal:
    _require_work(by, referral)
    if referral.is_closed:
        raise TransitionNotAllowed("This case is closed; goals can no longer be added.")
    if not description.strip():
        raise ValidationError({"description": "Describe the goal."})
    goal = Goal.objects.create(referral=referral, description=description.strip(), created_by=by)
    _event(referral=referral, actor=by, kind=EventKind.GOAL, reason=f"Goal set: {goal.description}")
    return goal


@transaction.atomic
def goal_update(*, goal: Goal, by: User, status: str) -> Goal:
    _require_work(by, goal.referral)
    if status not in GoalStatus.values:
        raise ValidationError({"status": "Choose a goal status."})
    goal.status = status
    goal.save(update_fields=["status", "updated_at"])
    _event(
        referral=goal.referral,
        actor=by,
        kind=EventKind.GOAL,
        reason=f"Goal '{goal.description}': {goal.get_status_display()}",
    )
    return goal


@transaction.atomic
def next_contact_set(*, referral: Referral, by: User, on: date | None) -> Referral:
    _require_work(by, referral)
    if on is not None and on < timezone.localdate():
        raise ValidationError(
            {"next_contact_date": "The next contact date must be today or later."}
        )
    referral.next_contact_date = on
    referral.save(update_fields=["next_contact_date", "updated_at"])
    _event(
        referral=referral,
        actor=by,
        kind=EventKind.NEXT_CONTACT,
        reason=f"Next contact {on:%d %B %Y}" if on else "Next contact date cleared",
    )
    return referral


@transaction.atomic
def referral_hold(*, referral: Referral, by: User, reason: str) -> Referral:
    referral = _lock(referral)
    _require_work(by, referral)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the case is going on hold."})
    _move(referral=referral, action="hold", by=by, reason=reason)
    referral.save(update_fields=["status", "status_before_hold", "updated_at"])
    return referral


@transaction.atomic
def referral_resume(*, referral: Referral, by: User, reason: str = "") -> Referral:
    referral = _lock(referral)
    _require_work(by, referral)
    _move(referral=referral, action="resume", by=by, reason=reason or "Resumed")
    referral.save(update_fields=["status", "status_before_hold", "updated_at"])
    return referral


def _has_end_measure(referral: Referral) -> bool:
    return OutcomeMeasure.objects.filter(referral=referral, timepoint=Timepoint.END).exists()


NO_END_MEASURE_MESSAGE = (
    "Record the end wellbeing measure before closing the case, or say why there is none."
)


@transaction.atomic
def referral_close(
    *,
    referral: Referral,
    by: User,
    reason: str,
    outcome_summary: str = "",
    no_end_measure_reason: str = "",
) -> Referral:
    """Close a case: as closed (with why), or as declined when the person said no.

    A case closes with its end wellbeing measure, or with the reason there is none, so the
    gap in the figures is always explained ("to follow" promises it within 28 days, and the
    link worker is reminded).
    """
    referral = _lock(referral)
    _require_work(by, referral)
    if reason == CloseReason.PERSON_DECLINED:
        action = "decline"
    elif reason in CLOSE_REASONS_BY_STATUS[Status.CLOSED]:
        action = "close"
    else:
        raise ValidationError({"reason": "Choose why the case is closing."})
    if _has_end_measure(referral):
        no_end_measure_reason = ""
    elif no_end_measure_reason not in NoEndMeasureReason.values:
        raise ValidationError({"no_end_measure_reason": NO_END_MEASURE_MESSAGE})
    why = CloseReason(reason).label
    if no_end_measure_reason:
        why += f". No end wellbeing measure: {NoEndMeasureReason(no_end_measure_reason).label}"
    _move(referral=referral, action=action, by=by, reason=why)
    referral.close_reason = reason
    referral.outcome_summary = outcome_summary.strip()
    referral.no_end_measure_reason = no_end_measure_reason
    referral.closed_at = timezone.now()
    referral.status_before_hold = ""
    referral.save(
        update_fields=[
            "status",
            "close_reason",
            "outcome_summary",
            "no_end_measure_reason",
            "closed_at",
            "status_before_hold",
            "updated_at",
        ]
    )
    _notify_referrer(
        referral,
        template="referrals/email/referral_closed.txt",
        subject=f"Referral {referral.reference} closed",
    )
    return referral
