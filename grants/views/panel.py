"""The panel member's pages: the applications before their panels, and one application.

A member sees the summary of an application until they declare whether they have a conflict
of interest. Declaring none opens the details and the scoring form; declaring one keeps them
to the summary for good, and they never score it or see anyone's scores. Others' scores
appear only once the member has scored every criterion themselves
(`selectors.scores_visible_to`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from grants.audit import audit_application_view
from thriving.accounts.roles import Role

from .. import permissions, selectors, services
from ..forms import DeclarationForm, LateConflictForm, ScoreFields, ScoreForm, add_service_error
from ..models import Application
from ..workflow import TransitionNotAllowed
from ._common import error_items, page_of, require, require_role


def _require_panel_member(user) -> None:
    require_role(user, Role.PANEL_MEMBER)


def _panel_application(request, pk) -> selectors.PanelApplication:
    try:
        return selectors.panel_application_get(member=request.user, application_id=pk)
    except Application.DoesNotExist:
        raise Http404("No application found") from None


def _application(request, pk) -> Application:
    """The record behind a panel page, for permission checks and services only: what the
    member may see comes from `_panel_application`."""
    try:
        return selectors.application_get(user=request.user, application_id=pk)
    except Application.DoesNotExist:
        raise Http404("No application found") from None


@login_required
@require_GET
def panel_list(request):
    _require_panel_member(request.user)
    page = page_of(request, selectors.panel_queue(member=request.user))
    return render(request, "grants/panel_list.html", {"page_obj": page})


def _page(request, pk, **bound):
    user = request.user
    view = _panel_application(request, pk)
    application = _application(request, pk)
    audit_application_view(request, application, detail="panel")
    declaration = view.declaration
    may_declare = declaration is None and permissions.can_declare_conflict(user, application)
    late_conflict = (
        declaration is not None
        and not declaration.has_conflict
        and permissions.can_declare_conflict(user, application)
    )
    context = {
        "view": view,
        "summary": view.summary,
        "declaration": declaration,
        "details": view.application,
        "declaration_form": (bound.get("declaration") or DeclarationForm())
        if may_declare
        else None,
        "late_conflict_form": (bound.get("conflict") or LateConflictForm())
        if late_conflict
        else None,
        "score_form": None,
        "record": None,
        "may_decide": permissions.can_decide_application(user, application, declaration),
    }
    if view.application is not None:
        context.update(
            budget_lines=list(selectors.budget_lines_of(application)),
            eligibility=selectors.eligibility_rows(application),
        )
    if view.may_score:
        context["score_form"] = bound.get("score") or ScoreForm(
            criteria=application.round.criteria.all(),
            initial=ScoreFields.initial_for(view.my_scores),
        )
    if declaration is not None:
        context["record"] = selectors.decision_record(user=user, application=application)
        context["hidden_scores_note"] = _hidden_scores_note(view, application)
        context["budget"] = selectors.round_budget(application.round)
        context["round"] = application.round
    errors = error_items(*bound.values())
    context.update(errors=errors, error_summary_title=bool(errors))
    return render(request, "grants/panel_application.html", context)


def _hidden_scores_note(view, application) -> str:
    """Why the panel's scores are not on the page, when they are not."""
    if view.declaration.has_conflict:
        return "You declared a conflict of interest, so you do not see the panel's scores."
    if len(view.my_scores) < len(application.round.criteria.all()):
        return "You will see the other panel members' scores once you have scored every criterion."
    return "No other panel member has scored this application yet."


@login_required
@require_GET
def panel_application(request, pk):
    _require_panel_member(request.user)
    return _page(request, pk)


def _back(pk):
    return redirect("grants:panel_application", pk=pk)


@login_required
@require_POST
def declare(request, pk):
    _require_panel_member(request.user)
    view = _panel_application(request, pk)
    application = _application(request, pk)
    user = request.user
    require(
        permissions.is_panel_member_of(user, application.round)
        or permissions.is_chair_of(user, application.round),
        "Only members of this round's panel can declare an interest.",
    )
    if not permissions.can_declare_conflict(user, application):
        messages.error(request, "This application is no longer with the panel.")
        return _back(pk)
    late = view.declaration is not None
    form = LateConflictForm(request.POST) if late else DeclarationForm(request.POST)
    if form.is_valid():
        has_conflict = True if late else form.cleaned_data["has_conflict"]
        try:
            services.conflict_declare(
                application=application,
                by=user,
                has_conflict=has_conflict,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            return _back(pk)
        else:
            messages.success(
                request,
                "You have declared a conflict of interest. You will not score this application."
                if has_conflict
                else "You have declared no conflict of interest. You can now read and score "
                "the application.",
            )
            return _back(pk)
    return _page(request, pk, **{"conflict" if late else "declaration": form})


@login_required
@require_POST
def score(request, pk):
    _require_panel_member(request.user)
    view = _panel_application(request, pk)
    if not view.may_score:
        if view.declaration is None:
            messages.error(
                request, "Declare whether you have a conflict of interest before scoring."
            )
        elif view.declaration.has_conflict:
            messages.error(
                request,
                "You declared a conflict of interest, so you cannot score this application.",
            )
        else:
            messages.error(
                request, "Scores can only be given while the application is with the panel."
            )
        return _back(pk)
    application = _application(request, pk)
    form = ScoreForm(request.POST, criteria=application.round.criteria.all())
    if form.is_valid():
        try:
            services.score_submit(application=application, by=request.user, scores=form.scores())
        except ValidationError as error:
            add_service_error(form, error)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            return _back(pk)
        else:
            messages.success(
                request, "Your scores are saved. The other panel members' scores are shown below."
            )
            return _back(pk)
    return _page(request, pk, score=form)
