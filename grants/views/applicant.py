"""The group's pages: my applications, apply (save a draft, come back, submit), one
application with what the group can do next (withdraw, answer a question, accept the offer).
The monitoring report is in monitoring.py.

Every page is for grant applicants (others get a 403) and reaches applications only through
the groups the user represents (another group's application is a 404).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grants.audit import audit_application_view

from .. import permissions, selectors, services
from ..forms import (
    AcceptOfferForm,
    ApplicationFields,
    ApplicationForm,
    InformationAnswerForm,
    WithdrawForm,
    add_service_error,
    budget_formset,
)
from ..models import Application, Round, format_money
from ..workflow import Status, TransitionNotAllowed
from ._common import error_items, group_application, page_of, report_of, require_applicant

SAVE, SUBMIT = "save", "submit"


def _open_round(request, round_id) -> Round:
    try:
        return selectors.round_get(user=request.user, round_id=round_id)
    except Round.DoesNotExist:
        raise Http404("No round found") from None


# ------------------------------------------------------------------------------------------
# Lists
# ------------------------------------------------------------------------------------------


@login_required
@require_GET
def applicant_list(request):
    require_applicant(request.user)
    page = page_of(request, selectors.applications_of_groups(request.user))
    return render(
        request,
        "grants/applicant_list.html",
        {
            "page_obj": page,
            "applications": page.object_list,
            "rounds": list(selectors.rounds_open()),
            "groups": permissions.applicant_organisations(request.user),
        },
    )


# ------------------------------------------------------------------------------------------
# Applying
# ------------------------------------------------------------------------------------------


def _application_page(request, *, round_, form, formset, application=None, saved_note=""):
    action = (
        reverse("grants:application_edit", args=[application.pk])
        if application
        else reverse("grants:apply", args=[round_.pk])
    )
    errors = error_items(form, formset)
    return render(
        request,
        "grants/application_form.html",
        {
            "round": round_,
            "form": form,
            "formset": formset,
            "application": application,
            "action": action,
            "errors": errors,
            "error_summary_title": bool(errors),
            "saved_note": saved_note,
        },
    )


def _save_then_maybe_submit(request, *, round_, form, formset, application):
    """Save the draft; on "Submit", submit it too. A refused submission leaves the draft
    saved and shows the page again with every reason by its field."""
    fields = form.draft_data()
    lines = formset.lines()
    token = form.cleaned_data.get("submission_token")
    if application is None and token is not None:
        # The same new-application form sent again (a double press, a resent page).
        started = services.application_for_token(by=request.user, submission_token=token)
        if started is not None and started.status != Status.DRAFT:
            return redirect("grants:application_submitted", pk=started.pk)
        application = started
    try:
        if application is None:
            application = services.application_create_draft(
                by=request.user,
                round=round_,
                organisation=form.chosen_organisation(),
                budget_lines=lines,
                submission_token=token,
                **fields,
            )
        else:
            application = services.application_update_draft(
                application=application, by=request.user, budget_lines=lines, **fields
            )
    except ValidationError as error:
        add_service_error(form, error)
        return _application_page(
            request, round_=round_, form=form, formset=formset, application=application
        )
    if request.POST.get("action") != SUBMIT:
        messages.success(
            request,
            "Your application is saved as a draft. You can come back to it from "
            "“My grant applications”.",
        )
        return redirect("grants:application_edit", pk=application.pk)
    try:
        services.application_submit(application=application, by=request.user)
    except ValidationError as error:
        budget_messages = form.add_submission_errors(
            error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        )
        formset.add_budget_errors(budget_messages)
        return _application_page(
            request,
            round_=round_,
            form=form,
            formset=formset,
            application=application,
            saved_note="Your answers are saved as a draft. Correct the problems below, "
            "then submit again.",
        )
    return redirect("grants:application_submitted", pk=application.pk)


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, round_id):
    require_applicant(request.user)
    round_ = _open_round(request, round_id)
    groups = permissions.applicant_organisations(request.user)
    if not permissions.can_apply_to_round(request.user, round_):
        messages.error(request, f"{round_.name} is not taking applications.")
        return redirect("grants:applicant_list")
    initial = {}
    if len(groups) == 1:
        initial = {
            "charity_number": groups[0].charity_number,
            "company_number": groups[0].company_number,
        }
    form = ApplicationForm(
        request.POST or None, round_=round_, organisations=groups, initial=initial
    )
    formset = budget_formset(request.POST or None)
    if request.method == "POST":
        form_ok, formset_ok = form.is_valid(), formset.is_valid()
        if form_ok and formset_ok:
            try:
                return _save_then_maybe_submit(
                    request, round_=round_, form=form, formset=formset, application=None
                )
            except TransitionNotAllowed as error:
                messages.error(request, str(error))
                return redirect("grants:applicant_list")
    return _application_page(request, round_=round_, form=form, formset=formset)


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request, pk):
    require_applicant(request.user)
    application = group_application(request, pk)
    if not permissions.can_edit_application(request.user, application):
        messages.error(request, "This application has been submitted, so it can't be changed.")
        return redirect("grants:application_detail", pk=application.pk)
    round_ = application.round
    form = ApplicationForm(
        request.POST or None,
        round_=round_,
        initial=ApplicationFields.initial_for(application),
    )
    formset = budget_formset(
        request.POST or None, lines=list(selectors.budget_lines_of(application))
    )
    if request.method == "POST":
        form_ok, formset_ok = form.is_valid(), formset.is_valid()
        if form_ok and formset_ok:
            try:
                return _save_then_maybe_submit(
                    request, round_=round_, form=form, formset=formset, application=application
                )
            except TransitionNotAllowed as error:
                messages.error(request, str(error))
                return redirect("grants:application_detail", pk=application.pk)
    return _application_page(
        request, round_=round_, form=form, formset=formset, application=application
    )


@login_required
@require_GET
def application_submitted(request, pk):
    require_applicant(request.user)
    application = group_application(request, pk)
    if application.status == Status.DRAFT:
        return redirect("grants:application_edit", pk=application.pk)
    return render(request, "grants/application_submitted.html", {"application": application})


# ------------------------------------------------------------------------------------------
# One application
# ------------------------------------------------------------------------------------------


def _detail_context(request, application: Application, **bound) -> dict:
    user = request.user
    open_request = selectors.open_information_request(application)
    report = report_of(application)
    context = {
        "application": application,
        "budget_lines": list(selectors.budget_lines_of(application)),
        "eligibility": selectors.eligibility_rows(application),
        "information_requests": list(selectors.information_requests_of(application)),
        "payments": list(selectors.payments_of(application)),
        "timeline": list(selectors.application_timeline(user=user, application=application)),
        "report": report,
        "open_request": open_request,
        "may_edit": permissions.can_edit_application(user, application),
        "may_withdraw": permissions.can_withdraw_application(user, application),
        "may_report": permissions.can_add_monitoring_attachment(user, application),
        "answer_form": None,
        "accept_form": None,
    }
    if open_request and permissions.can_answer_information_request(user, open_request):
        context["answer_form"] = bound.get("answer_form") or InformationAnswerForm()
    if permissions.can_accept_offer(user, application):
        context["accept_form"] = bound.get("accept_form") or AcceptOfferForm()
    errors = error_items(*bound.values())
    context.update(errors=errors, error_summary_title=bool(errors))
    return context


@login_required
@require_GET
def application_detail(request, pk):
    require_applicant(request.user)
    application = group_application(request, pk)
    audit_application_view(request, application)
    return render(request, "grants/application_detail.html", _detail_context(request, application))


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    require_applicant(request.user)
    application = group_application(request, pk)
    if not permissions.can_withdraw_application(request.user, application):
        messages.error(request, "This application can no longer be withdrawn.")
        return redirect("grants:application_detail", pk=application.pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                application=application, by=request.user, reason=form.cleaned_data["reason"]
            )
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Your application has been withdrawn.")
        return redirect("grants:application_detail", pk=application.pk)
    return render(request, "grants/withdraw.html", {"application": application, "form": form})


@login_required
@require_POST
def answer_information(request, pk):
    require_applicant(request.user)
    application = group_application(request, pk)
    open_request = selectors.open_information_request(application)
    if open_request is None or not permissions.can_answer_information_request(
        request.user, open_request
    ):
        messages.error(request, "There is no question waiting for your answer.")
        return redirect("grants:application_detail", pk=application.pk)
    form = InformationAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.information_answer(
                information_request=open_request,
                by=request.user,
                answer=form.cleaned_data["answer"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect("grants:application_detail", pk=application.pk)
        else:
            messages.success(request, "Thank you. Your answer has been sent to the grant officer.")
            return redirect("grants:application_detail", pk=application.pk)
    return render(
        request,
        "grants/application_detail.html",
        _detail_context(request, application, answer_form=form),
    )


@login_required
@require_POST
def accept_offer(request, pk):
    require_applicant(request.user)
    application = group_application(request, pk)
    form = AcceptOfferForm(request.POST)
    if form.is_valid():
        try:
            services.offer_accept(application=application, by=request.user)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"You have accepted the grant of {format_money(application.amount_awarded)}. "
                "We will let you know when it has been paid.",
            )
        return redirect("grants:application_detail", pk=application.pk)
    if not permissions.can_accept_offer(request.user, application):
        messages.error(request, "There is no offer waiting to be accepted.")
        return redirect("grants:application_detail", pk=application.pk)
    return render(
        request,
        "grants/application_detail.html",
        _detail_context(request, application, accept_form=form),
    )
