"""What one referral's page shows: the whole case to the provider's staff, and to the referrer
only what is theirs to know.

The action forms offered are exactly those the user's role and the case's status allow
(permissions.can_act and the transition table), so a page never shows a button that would
answer 403.
"""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from thriving.audit.services import AuditAction, audit_record, client_ip

from .. import forms_cases as f
from .. import permissions, selectors
from ..measures import can_record_measures, end_measure_deadline
from ..models import ContactOutcome, Referral, Timepoint
from ..outcomes import referrer_outcome
from ..presenters_cases import age_on, next_action, urgency_tag
from ..presenters_measures import wellbeing
from ..workflow import ACTIVE_STATUSES, FAILED_ATTEMPTS_BEFORE_UNABLE_TO_CONTACT, Status

_CONTACTABLE = {Status.ACCEPTED, Status.CONTACTING, Status.ENGAGED}


def _action_forms(user, referral: Referral, *, failed_attempts: int, has_end_measure: bool) -> dict:
    """Unbound forms for every action this user may take on this case now, by prefix."""

    def can(action: str) -> bool:
        return permissions.can_act(user, referral, action)

    coordinator = permissions.can_assign_referral(user, referral)
    works = permissions.can_work_case(user, referral)
    active = referral.status in ACTIVE_STATUSES
    link_workers = (
        list(selectors.link_workers_of(organisation_ids=[referral.provider_id]))
        if coordinator
        else []
    )
    forms = {}
    if can("allocate"):
        forms["allocate"] = f.AllocateForm(options=f.active_providers())
    if can("return_to_triage"):
        forms["return"] = f.ReturnToTriageForm()
    if can("reject"):
        forms["reject"] = f.RejectForm()
    if can("accept"):
        forms["accept"] = f.AcceptForm(options=link_workers if coordinator else None)
    if coordinator and active:
        forms["assign"] = f.AssignForm(
            options=link_workers, initial={"link_worker": referral.link_worker_id}
        )
    if works and referral.status in _CONTACTABLE:
        forms["contact"] = f.ContactAttemptForm()
    if can("unable_to_contact") and failed_attempts >= FAILED_ATTEMPTS_BEFORE_UNABLE_TO_CONTACT:
        forms["unable"] = f.UnableToContactForm()
    if works and active:
        forms["what_matters"] = f.WhatMattersForm(initial={"text": referral.what_matters})
        forms["goal"] = f.GoalForm()
        forms["next_contact"] = f.NextContactForm(
            initial={"next_contact_date": referral.next_contact_date}
        )
    if works and not referral.is_closed:
        forms["note"] = f.NoteForm()
    if can("hold"):
        forms["hold"] = f.HoldForm()
    if can("resume"):
        forms["resume"] = f.ResumeForm()
    if can("close"):
        forms["close"] = f.CloseForm(needs_end_measure_reason=not has_end_measure)
    return forms


def case_page_context(user, referral: Referral, *, bound=None) -> dict:
    """Everything the provider's staff see. `bound` is a form that failed: it replaces its
    blank twin so its errors show where it was filled in."""
    today = timezone.localdate()
    attempts = list(referral.contact_attempts.select_related("by"))
    failed = sum(1 for a in attempts if a.outcome in ContactOutcome.failed())
    measures = list(referral.measures.select_related("recorded_by"))
    has_end = any(m.timepoint == Timepoint.END for m in measures)
    forms = _action_forms(user, referral, failed_attempts=failed, has_end_measure=has_end)
    goals = list(referral.goals.all())
    goal_forms_allowed = permissions.can_work_case(user, referral) and not referral.is_closed
    goal_rows = []
    for goal in goals:
        form = None
        if goal_forms_allowed:
            prefix = f"goal_{goal.pk}"
            form = (
                bound
                if bound is not None and bound.prefix == prefix
                else f.GoalStatusForm(prefix=prefix, initial={"status": goal.status})
            )
        goal_rows.append({"goal": goal, "form": form})
    if bound is not None and not bound.prefix.startswith("goal_"):
        forms[bound.prefix] = bound
    return {
        "referral": referral,
        "urgency": urgency_tag(referral.urgency),
        "age": age_on(referral.date_of_birth, today),
        "next_action": next_action(referral, today=today, failed_attempts=failed),
        "failed_attempts": failed,
        "offer_unable_to_contact": "unable" in forms,
        "forms": forms,
        "bound": bound,
        "error_summary_title": bound is not None and bool(bound.errors),
        "timeline": selectors.referral_timeline(referral=referral),
        "attempts": attempts,
        "notes": referral.notes.select_related("author"),
        "goal_rows": goal_rows,
        "wellbeing": wellbeing(measures),
        "has_end_measure": has_end,
        "can_record_measures": can_record_measures(user, referral),
        "end_measure_deadline": end_measure_deadline(referral),
    }


def referrer_page_context(referral: Referral) -> dict:
    """The referrer's view: what they gave, where it is, and once it has closed the outcome.
    Never the link worker's notes, contact attempts or goals while the case is open; at
    closure the structured summary of referrals.outcomes: achieved goals, connections, the
    wellbeing change and only the notes the link worker chose to share."""
    context = {
        "referral": referral,
        "urgency": urgency_tag(referral.urgency),
        "age": age_on(referral.date_of_birth, timezone.localdate()),
    }
    if referral.is_closed:
        context["outcome"] = referrer_outcome(referral)
    return context


def referral_or_404(request, pk) -> Referral:
    """The referral, if this user may see it at all; anyone else gets a 404, not a hint."""
    try:
        return selectors.referral_get(user=request.user, referral_id=pk)
    except Referral.DoesNotExist:
        raise Http404("No referral found") from None


def render_case(request, referral: Referral, *, bound=None):
    """The case for the provider's staff; for the referrer, what they may know of it.

    Every showing of the page is a view of patient details, so each is audited (a form
    shown again with its errors too).
    """
    audit_record(
        user=request.user,
        action=AuditAction.VIEW,
        obj=referral,
        detail=f"Referral {referral.reference}",
        ip_address=client_ip(request),
    )
    if permissions.can_view_case_details(request.user, referral):
        context = case_page_context(request.user, referral, bound=bound)
        return render(request, "referrals/case.html", context)
    return render(request, "referrals/referral.html", referrer_page_context(referral))
