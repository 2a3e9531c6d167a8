"""Every action on one referral's page: a POST to its own URL that calls a service and goes
back with a message.

A form error shows the case page again with the error summary; a change the case's status no
longer allows (someone else acted first, an old tab) is a message, not an error page.
Someone who cannot see the referral gets a 404; someone who can but whose role does not
allow the action gets a 403.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .. import forms_cases as f
from .. import measures, permissions, presenters, selectors, services
from ..audit import audit_case_changes
from ..models import Referral
from ..workflow import TransitionNotAllowed, can_transition, target_status
from .case_page import referral_or_404, render_case


def case_action(view):
    """A POST about one referral the user can see; a transition the case's status no longer
    allows goes back to the case page with the reason. Whatever the action changed is
    audited, with where the request came from."""

    @login_required
    @require_POST
    @wraps(view)
    def wrapper(request, pk, **kwargs):
        referral = referral_or_404(request, pk)
        started = timezone.now()
        try:
            response = view(request, referral, **kwargs)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            response = redirect("referrals:detail", pk=referral.pk)
        audit_case_changes(request, referral, since=started)
        return response

    return wrapper


def _gate(user, referral: Referral, action: str) -> None:
    """403 when the role does not allow the action; TransitionNotAllowed when only the
    case's status stands in the way (and the user works on this case)."""
    if permissions.can_act(user, referral, action):
        return
    if can_transition(referral.status, action) or not permissions.can_view_case_details(
        user, referral
    ):
        raise PermissionDenied("Your role does not allow this on this referral.")
    target_status(referral.status, action)  # raises TransitionNotAllowed in the table's words


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("Your role does not allow this on this referral.")


def _act(request, referral: Referral, form, run):
    """Check the form, call the service through `run`, then go back with its message; on a
    form or service error show the case page again with the form's errors."""
    if form.is_valid():
        try:
            message = run(form.cleaned_data)
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, message)
            return _back(request, referral)
    return render_case(request, referral, bound=form)


def _add_service_error(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _back(request, referral: Referral):
    """To the page the form was on (the inbox posts `next`), else the case page, else the
    inbox when the user can no longer see the referral (allocated elsewhere, rejected)."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        # Not redirect(): it would look a path-less string up as a view name (a 500).
        return HttpResponseRedirect(target)
    if selectors.referrals_for(request.user).filter(pk=referral.pk).exists():
        return redirect("referrals:detail", pk=referral.pk)
    return redirect("referrals:inbox")


# ------------------------------------------------------------------------------------------
# Triage
# ------------------------------------------------------------------------------------------


@case_action
def allocate(request, referral):
    _gate(request.user, referral, "allocate")
    form = f.AllocateForm(request.POST, options=f.active_providers())

    def run(data):
        services.referral_allocate(
            referral=referral, provider=data["provider"], by=request.user, reason=data["reason"]
        )
        return f"Referral {referral.reference} allocated to {data['provider']}."

    return _act(request, referral, form, run)


@case_action
def return_to_triage(request, referral):
    _gate(request.user, referral, "return_to_triage")

    def run(data):
        services.referral_return_to_triage(
            referral=referral, by=request.user, reason=data["reason"]
        )
        return f"Referral {referral.reference} is back in the inbox to be allocated."

    return _act(request, referral, f.ReturnToTriageForm(request.POST), run)


@case_action
def reject(request, referral):
    _gate(request.user, referral, "reject")

    def run(data):
        services.referral_reject(
            referral=referral, by=request.user, reason=data["reason"], note=data["note"]
        )
        return f"Referral {referral.reference} rejected. The referrer has been told."

    return _act(request, referral, f.RejectForm(request.POST), run)


# ------------------------------------------------------------------------------------------
# Taking on a case
# ------------------------------------------------------------------------------------------


def _link_workers(referral: Referral) -> list:
    return list(selectors.link_workers_of(organisation_ids=[referral.provider_id]))


@case_action
def accept(request, referral):
    _gate(request.user, referral, "accept")
    for_someone = permissions.can_assign_referral(request.user, referral)
    form = f.AcceptForm(request.POST, options=_link_workers(referral) if for_someone else None)

    def run(data):
        owner = data.get("link_worker")
        services.referral_accept(referral=referral, by=request.user, link_worker=owner)
        if owner is None or owner == request.user:
            return f"You have accepted referral {referral.reference}. It is in your caseload."
        return f"Referral {referral.reference} accepted for {owner}."

    return _act(request, referral, form, run)


@case_action
def assign(request, referral):
    _require(permissions.can_assign_referral(request.user, referral))
    form = f.AssignForm(request.POST, options=_link_workers(referral))

    def run(data):
        services.referral_assign(
            referral=referral,
            by=request.user,
            link_worker=data["link_worker"],
            reason=data["reason"],
        )
        return f"The case is now with {data['link_worker']}."

    return _act(request, referral, form, run)


# ------------------------------------------------------------------------------------------
# Working a case
# ------------------------------------------------------------------------------------------


@case_action
def contact_attempt(request, referral):
    _require(permissions.can_work_case(request.user, referral))

    def run(data):
        attempt = services.contact_attempt_log(
            referral=referral,
            by=request.user,
            method=data["method"],
            outcome=data["outcome"],
            at=data["moment"],
            note=data["note"],
        )
        return f"Contact attempt logged: {attempt.get_outcome_display().lower()}."

    form = f.ContactAttemptForm(request.POST, accepted_at=referral.accepted_at)
    return _act(request, referral, form, run)


@case_action
def unable_to_contact(request, referral):
    _gate(request.user, referral, "unable_to_contact")

    def run(data):
        services.referral_mark_unable_to_contact(referral=referral, by=request.user)
        return "Case closed as unable to contact. The referrer has been told."

    return _act(request, referral, f.UnableToContactForm(request.POST), run)


@case_action
def what_matters(request, referral):
    _require(permissions.can_work_case(request.user, referral))

    def run(data):
        services.what_matters_record(referral=referral, by=request.user, text=data["text"])
        return "The 'what matters to you' conversation is recorded."

    return _act(request, referral, f.WhatMattersForm(request.POST), run)


@case_action
def note(request, referral):
    _require(permissions.can_work_case(request.user, referral))

    def run(data):
        services.note_add(
            referral=referral, by=request.user, text=data["text"], shareable=data["shareable"]
        )
        if data["shareable"]:
            return "Note added. The referrer will see it in the outcome summary."
        return "Note added."

    return _act(request, referral, f.NoteForm(request.POST), run)


@case_action
def goal_add(request, referral):
    _require(permissions.can_work_case(request.user, referral))

    def run(data):
        services.goal_add(referral=referral, by=request.user, description=data["description"])
        return "Goal added."

    return _act(request, referral, f.GoalForm(request.POST), run)


@case_action
def goal_update(request, referral, goal_id):
    _require(permissions.can_work_case(request.user, referral))
    goal = get_object_or_404(referral.goals.select_related("referral"), pk=goal_id)
    form = f.GoalStatusForm(request.POST, prefix=f"goal_{goal.pk}")

    def run(data):
        services.goal_update(goal=goal, by=request.user, status=data["status"])
        return f"Goal '{goal.description}': {goal.get_status_display().lower()}."

    return _act(request, referral, form, run)


@case_action
def next_contact(request, referral):
    _require(permissions.can_work_case(request.user, referral))

    def run(data):
        on = data["next_contact_date"]
        services.next_contact_set(referral=referral, by=request.user, on=on)
        if on is None:
            return "Next contact date cleared."
        return f"Next contact date set to {presenters.format_date(on)}."

    return _act(request, referral, f.NextContactForm(request.POST), run)


@case_action
def hold(request, referral):
    _gate(request.user, referral, "hold")

    def run(data):
        services.referral_hold(referral=referral, by=request.user, reason=data["reason"])
        return "The case is on hold."

    return _act(request, referral, f.HoldForm(request.POST), run)


@case_action
def resume(request, referral):
    _gate(request.user, referral, "resume")

    def run(data):
        services.referral_resume(referral=referral, by=request.user, reason=data["reason"])
        return "The case has resumed."

    return _act(request, referral, f.ResumeForm(request.POST), run)


@case_action
def close(request, referral):
    _gate(request.user, referral, "close")

    def run(data):
        services.referral_close(
            referral=referral,
            by=request.user,
            reason=data["reason"],
            outcome_summary=data["outcome_summary"],
            no_end_measure_reason=data.get("no_end_measure_reason", ""),
        )
        return "The case is closed. The referrer has been sent the outcome."

    form = f.CloseForm(
        request.POST, needs_end_measure_reason=not measures.has_end_measure(referral)
    )
    return _act(request, referral, form, run)
