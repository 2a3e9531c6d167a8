"""The referrer's pages: make a referral, and follow the referrals their organisation made (with
how each provider usually responds)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from thriving.accounts.roles import Role

from .. import permissions, presenters, selectors, services
from ..audit import audit_referral_created
from ..filters_referrer import ReferrerReferralFilter
from ..forms import ReferralForm
from ..provider_response import WINDOW_DAYS, provider_responses

PAGE_SIZE = 25


def _require_referrer(user) -> None:
    if not permissions.can_submit_referral(user):
        raise PermissionDenied("Only referrers can make and follow referrals.")


@login_required
@require_http_methods(["GET", "POST"])
def submit(request):
    _require_referrer(request.user)
    form = ReferralForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid() and not form.needs_duplicate_confirmation:
        try:
            referral = services.referral_submit(by=request.user, **form.submission())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            audit_referral_created(request, referral)
            messages.success(request, f"Referral sent. Its reference is {referral.reference}.")
            return redirect("referrals:detail", pk=referral.pk)
    return render(
        request,
        "referrals/submit.html",
        {"form": form, "error_summary_title": form.is_bound and bool(form.errors)},
    )


@login_required
@require_http_methods(["GET"])
def referrer_list(request):
    _require_referrer(request.user)
    referrals = selectors.referrals_made_by_organisation(request.user).order_by(
        "-submitted_at", "-pk"
    )
    filterset = ReferrerReferralFilter(request.GET or None, queryset=referrals)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "referrals/referrer_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "referrals": page.object_list,
            "organisations": [
                m.organisation for m in request.user.active_memberships if m.role == Role.REFERRER
            ],
            "provider_response": [
                presenters.provider_response_row(r) for r in provider_responses()
            ],
            "provider_response_days": WINDOW_DAYS,
        },
    )
