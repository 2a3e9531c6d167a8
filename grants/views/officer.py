"""The grant officer's pages: the rounds, a round's queue with its budget always in view,
the decision times, one application with the eligibility check, the payment and the
monitoring, and the decision page (which the round's chair uses too).

Each action is a POST to its own URL that calls a service and goes back with a message. A
form error shows the page again with the error summary; a change the application's status no
longer allows (someone else acted first, an old tab) is a message, not an error page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grants.audit import audit_application_change, audit_application_view
from thriving.accounts.roles import Role

from .. import permissions, selectors, services
from ..forms import (
    CompleteMonitoringForm,
    DecisionForm,
    EligibilityForm,
    PaymentForm,
    ReturnToPanelForm,
    add_service_error,
)
from ..models import Application, Round, format_money
from ..workflow import PANEL_VISIBLE_STATUSES, Status, TransitionNotAllowed
from ._common import error_items, page_of, report_of, require, require_role


def _require_officer(user) -> None:
    require_role(user, Role.GRANT_OFFICER)


def _round(request, round_id) -> Round:
    try:
        return selectors.round_get(user=request.user, round_id=round_id)
    except Round.DoesNotExist:
        raise Http404("No round found") from None


def _application(request, pk) -> Application:
    try:
        return selectors.application_get(user=request.user, application_id=pk)
    except Application.DoesNotExist:
        raise Http404("No application found") from None


# ------------------------------------------------------------------------------------------
# Rounds
# ------------------------------------------------------------------------------------------


@login_required
@require_GET
def officer_rounds(request):
    _require_officer(request.user)
    page = page_of(request, selectors.rounds_for(request.user))
    return render(request, "grants/officer_rounds.html", {"page_obj": page})


@login_required
@require_GET
def round_queue(request, round_id):
    _require_officer(request.user)
    round_ = _round(request, round_id)
    page = page_of(request, selectors.round_queue(user=request.user, round_=round_))
    return render(
        request,
        "grants/officer_queue.html",
        {"round": round_, "budget": selectors.round_budget(round_), "page_obj": page},
    )


@login_required
@require_GET
def round_times(request, round_id):
    _require_officer(request.user)
    round_ = _round(request, round_id)
    require(permissions.can_view_decision_times(request.user, round_))
    times = selectors.decision_times(round_)
    return render(
        request,
        "grants/officer_times.html",
        {"round": round_, "times": times, "page_obj": page_of(request, times.rows)},
    )


# ------------------------------------------------------------------------------------------
# One application
# ------------------------------------------------------------------------------------------


def _officer_context(request, application: Application, **bound) -> dict:
    user = request.user
    report = report_of(application)
    paid = application.payments.aggregate(total=Sum("amount"))["total"]
    forms = {}
    if permissions.can_check_eligibility(user, application):
        forms["eligibility"] = bound.get("eligibility") or EligibilityForm()
    if permissions.can_record_payment(user, application):
        outstanding = (application.amount_awarded or 0) - (paid or 0)
        forms["payment"] = bound.get("payment") or PaymentForm(
            initial={"amount": outstanding if outstanding > 0 else None}
        )
    if permissions.can_complete_monitoring(user, application) and report and report.is_submitted:
        forms["complete"] = bound.get("complete") or CompleteMonitoringForm()
    if permissions.can_return_to_panel(user, application):
        forms["return"] = bound.get("return") or ReturnToPanelForm()
    errors = error_items(*bound.values())
    return {
        "application": application,
        "round": application.round,
        "budget": selectors.round_budget(application.round),
        "record": selectors.decision_record(user=user, application=application)
        if application.status in PANEL_VISIBLE_STATUSES
        else None,
        "decision_time": selectors.decision_working_days(application),
        "may_decide": permissions.can_decide_application(
            user, application, selectors.declaration_for(member=user, application=application)
        ),
        "budget_lines": list(selectors.budget_lines_of(application)),
        "eligibility": selectors.eligibility_rows(application),
        "information_requests": list(selectors.information_requests_of(application)),
        "payments": list(selectors.payments_of(application)),
        "paid_total": paid,
        "timeline": list(selectors.application_timeline(user=user, application=application)),
        "report": report,
        "attachments": list(report.attachments.all()) if report else [],
        "forms": forms,
        "errors": errors,
        "error_summary_title": bool(errors),
    }


@login_required
@require_GET
def officer_application(request, pk):
    _require_officer(request.user)
    application = _application(request, pk)
    audit_application_view(request, application)
    return render(
        request, "grants/officer_application.html", _officer_context(request, application)
    )


def _act(request, application, name: str, form, run, *, field_map=None):
    """Check the form, call the service through `run`, then go back to the application with
    its message; on a form or service error show the page again with the form's errors."""
    if form.is_valid():
        try:
            message = run(form.cleaned_data)
        except ValidationError as error:
            if field_map and hasattr(error, "error_dict"):
                error = ValidationError(
                    {field_map.get(k, k): v for k, v in error.error_dict.items()}
                )
            add_service_error(form, error)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect("grants:officer_application", pk=application.pk)
        else:
            audit_application_change(request, application, what=name)
            messages.success(request, message)
            return redirect("grants:officer_application", pk=application.pk)
    return render(
        request,
        "grants/officer_application.html",
        _officer_context(request, application, **{name: form}),
    )


def _officer_action(request, pk, allowed) -> Application:
    """The application for an officer's POST; a status that no longer allows the action is a
    TransitionNotAllowed the caller shows as a message."""
    _require_officer(request.user)
    application = _application(request, pk)
    if not allowed(request.user, application):
        raise TransitionNotAllowed(
            f"This application is {application.get_status_display().lower()}, so you cannot "
            "do that now."
        )
    return application


def _gone_back(request, pk, error):
    messages.error(request, str(error))
    return redirect("grants:officer_application", pk=pk)


@login_required
@require_POST
def eligibility(request, pk):
    try:
        application = _officer_action(request, pk, permissions.can_check_eligibility)
    except TransitionNotAllowed as error:
        return _gone_back(request, pk, error)

    def run(data):
        outcome, note, by = data["outcome"], data["note"], request.user
        if outcome == EligibilityForm.PASS:
            services.eligibility_pass(application=application, by=by, note=note)
            return f"{application.reference} is eligible and has gone to the panel."
        if outcome == EligibilityForm.FAIL:
            services.eligibility_fail(application=application, by=by, reason=note)
            return f"{application.reference} is marked as not eligible. The group has been told."
        services.information_request(application=application, by=by, question=note)
        return f"Your question has been sent to {application.organisation.name}."

    return _act(
        request,
        application,
        "eligibility",
        EligibilityForm(request.POST),
        run,
        field_map={"reason": "note", "question": "note"},
    )


@login_required
@require_POST
def payment(request, pk):
    try:
        application = _officer_action(request, pk, permissions.can_record_payment)
    except TransitionNotAllowed as error:
        return _gone_back(request, pk, error)

    def run(data):
        services.payment_record(application=application, by=request.user, **data)
        return f"Payment of {format_money(data['amount'])} recorded."

    return _act(request, application, "payment", PaymentForm(request.POST), run)


@login_required
@require_POST
def complete_monitoring(request, pk):
    try:
        application = _officer_action(request, pk, permissions.can_complete_monitoring)
    except TransitionNotAllowed as error:
        return _gone_back(request, pk, error)

    def run(data):
        services.monitoring_complete(application=application, by=request.user, note=data["note"])
        return f"The monitoring report is accepted and {application.reference} is complete."

    return _act(request, application, "complete", CompleteMonitoringForm(request.POST), run)


@login_required
@require_POST
def return_to_panel(request, pk):
    try:
        application = _officer_action(request, pk, permissions.can_return_to_panel)
    except TransitionNotAllowed as error:
        return _gone_back(request, pk, error)

    def run(data):
        services.application_return_to_panel(
            application=application, by=request.user, reason=data["reason"]
        )
        return f"{application.reference} is back with the panel."

    return _act(request, application, "return", ReturnToPanelForm(request.POST), run)


# ------------------------------------------------------------------------------------------
# The decision: grant officers, and the round's chair
# ------------------------------------------------------------------------------------------


def _after_decision(user, application):
    if permissions.is_grant_officer(user):
        return redirect("grants:officer_application", pk=application.pk)
    return redirect("grants:panel_application", pk=application.pk)


@login_required
@require_http_methods(["GET", "POST"])
def decide(request, pk):
    require_role(request.user, Role.GRANT_OFFICER, Role.PANEL_MEMBER)
    application = _application(request, pk)
    user = request.user
    declaration = selectors.declaration_for(member=user, application=application)
    if not permissions.can_decide_application(user, application, declaration):
        deciders = permissions.is_grant_officer(user) or permissions.is_chair_of(
            user, application.round
        )
        if not deciders or (declaration is not None and declaration.has_conflict):
            raise PermissionDenied("Only a grant officer or the panel's chair can decide.")
        messages.error(
            request,
            f"This application is {application.get_status_display().lower()}, so it cannot "
            "be decided now.",
        )
        return _after_decision(user, application)
    budget = selectors.round_budget(application.round)
    form = DecisionForm(request.POST or None, application=application, remaining=budget.remaining)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decided = services.application_decide(
                application=application,
                by=user,
                decision=data["decision"],
                rationale=data["rationale"],
                amount=data["amount"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        except TransitionNotAllowed as error:
            form.add_error(None, str(error))
        else:
            audit_application_change(request, decided, what=f"decision {data['decision']}")
            messages.success(request, _decided_message(decided))
            return _after_decision(user, decided)
        budget = selectors.round_budget(application.round)
    errors = error_items(form)
    return render(
        request,
        "grants/decide.html",
        {
            "application": application,
            "budget": budget,
            "record": selectors.decision_record(user=user, application=application),
            "form": form,
            "errors": errors,
            "error_summary_title": bool(errors),
        },
    )


def _decided_message(application: Application) -> str:
    if application.status == Status.APPROVED:
        return (
            f"{application.reference} is approved: {format_money(application.amount_awarded)}. "
            "The group has been told."
        )
    return (
        f"Decision recorded: {application.reference} is "
        f"{application.get_status_display().lower()}. The group has been told."
    )
