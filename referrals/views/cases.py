"""The provider's pages: the coordinator's inbox and organisation cases, the link worker's
caseload, and one referral's page (the case, or the referrer's restricted view).

The actions on a referral live in case_actions.py and are re-exported here, so the URL map
reads `cases.<name>` for every page about cases.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from thriving.accounts.roles import Role

from .. import forms_cases as f
from .. import selectors
from ..filters import CaseloadFilter, OrganisationCaseFilter
from ..presenters_cases import case_rows
from .case_actions import (
    accept,
    allocate,
    assign,
    close,
    contact_attempt,
    goal_add,
    goal_update,
    hold,
    next_contact,
    note,
    reject,
    resume,
    return_to_triage,
    unable_to_contact,
    what_matters,
)
from .case_page import referral_or_404, render_case

__all__ = [
    "accept",
    "allocate",
    "assign",
    "caseload",
    "close",
    "contact_attempt",
    "detail",
    "goal_add",
    "goal_update",
    "hold",
    "inbox",
    "next_contact",
    "note",
    "organisation_cases",
    "reject",
    "resume",
    "return_to_triage",
    "unable_to_contact",
    "what_matters",
]

PAGE_SIZE = 25


def _require_role(user, *roles: str) -> None:
    if not user.has_role(*roles):
        raise PermissionDenied("Your role does not give you this page.")


# ------------------------------------------------------------------------------------------
# Lists
# ------------------------------------------------------------------------------------------


@login_required
@require_GET
def inbox(request):
    _require_role(request.user, Role.COORDINATOR)
    page = Paginator(selectors.coordinator_inbox(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    link_workers = selectors.link_workers_of(
        organisation_ids=request.user.organisation_ids_for(Role.COORDINATOR)
    )
    return render(
        request,
        "referrals/inbox.html",
        {
            "page_obj": page,
            "providers": f.active_providers(),
            "link_workers": list(link_workers),
            "reject_reasons": f.REJECT_REASONS,
        },
    )


@login_required
@require_GET
def caseload(request):
    _require_role(request.user, Role.LINK_WORKER)
    filterset = CaseloadFilter(request.GET or None, queryset=selectors.caseload_for(request.user))
    rows = filterset.rows(today=timezone.localdate())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    waiting = Paginator(selectors.awaiting_acceptance_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("waiting_page")
    )
    return render(
        request,
        "referrals/caseload.html",
        {"filter": filterset, "page_obj": page, "waiting": waiting},
    )


@login_required
@require_GET
def organisation_cases(request):
    _require_role(request.user, Role.COORDINATOR)
    referrals = selectors.organisation_cases_for(request.user).order_by("-submitted_at", "-pk")
    filterset = OrganisationCaseFilter(request.GET or None, queryset=referrals, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = case_rows(page.object_list, today=timezone.localdate())
    return render(
        request,
        "referrals/organisation_cases.html",
        {"filter": filterset, "page_obj": page, "rows": rows},
    )


# ------------------------------------------------------------------------------------------
# One referral
# ------------------------------------------------------------------------------------------


@login_required
@require_GET
def detail(request, pk):
    return render_case(request, referral_or_404(request, pk))
