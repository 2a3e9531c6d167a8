"""The grants pages, one module per part people play: registration, applicant, officer,
panel. `index` sends each person to where their work is."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from thriving.accounts.roles import Role

# Where each role starts, in order of precedence for someone with several roles.
_START_FOR_ROLE = [
    (Role.GRANT_OFFICER, "grants:officer_rounds"),
    (Role.PANEL_MEMBER, "grants:panel_list"),
    (Role.GRANT_APPLICANT, "grants:applicant_list"),
]


@login_required
@require_GET
def index(request):
    for role, url_name in _START_FOR_ROLE:
        if request.user.has_role(role):
            return redirect(url_name)
    raise PermissionDenied("Your role does not include Fast Action grants.")
