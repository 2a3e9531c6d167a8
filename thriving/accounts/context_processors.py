from django.urls import reverse

from . import two_factor
from .roles import Role

# (label, url name, roles that see it). Pages check permissions themselves; this only
# decides what the header offers.
NAVIGATION = [
    ("Refer someone", "referrals:submit", {Role.REFERRER}),
    ("Our referrals", "referrals:referrer_list", {Role.REFERRER}),
    ("Inbox", "referrals:inbox", {Role.COORDINATOR}),
    ("My caseload", "referrals:caseload", {Role.LINK_WORKER}),
    ("All cases", "referrals:organisation_cases", {Role.COORDINATOR}),
    (
        "Directory",
        "community_assets:search",
        {
            Role.LINK_WORKER,
            Role.COORDINATOR,
            Role.COMMUNITY_DEVELOPMENT_WORKER,
            Role.PROGRAMME_LEAD,
        },
    ),
    ("My listings", "community_assets:mine", {Role.COMMUNITY_DEVELOPMENT_WORKER}),
    (
        "Asset map",
        "community_assets:map",
        {Role.COMMUNITY_DEVELOPMENT_WORKER, Role.PROGRAMME_LEAD, Role.COORDINATOR},
    ),
    ("My grant applications", "grants:applicant_list", {Role.GRANT_APPLICANT}),
    ("Grant rounds", "grants:officer_rounds", {Role.GRANT_OFFICER}),
    ("Grant panel", "grants:panel_list", {Role.PANEL_MEMBER}),
    ("Dashboard", "insight:dashboard", {Role.PROGRAMME_LEAD, Role.COORDINATOR}),
    (
        "Thriving Communities Index",
        "insight:index",
        {
            Role.PROGRAMME_LEAD,
            Role.COORDINATOR,
            Role.COMMUNITY_DEVELOPMENT_WORKER,
            Role.GRANT_OFFICER,
        },
    ),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "current_membership": None, "two_factor_pending": False}
    if two_factor.step_needed(user):
        # Password given, code not yet: offer nothing the code page would bounce back from.
        return {"nav_items": [], "current_membership": None, "two_factor_pending": True}
    items = [
        {"label": label, "url": reverse(name)}
        for label, name, roles in NAVIGATION
        if user.has_role(*roles)
    ]
    if user.is_staff:
        items.append({"label": "Admin", "url": reverse("admin:index")})
    return {
        "nav_items": items,
        "current_membership": user.primary_membership,
        "two_factor_pending": False,
    }
