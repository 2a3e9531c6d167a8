from django.urls import reverse

from .roles import Role

# (label, url name, roles that see it). Pages check permissions themselves; this only
# decides what the header offers.
NAVIGATION = [
    ("Refer someone", "referrals:submit", {Role.REFERRER}),
    ("Our referrals", "referrals:referrer_list", {Role.REFERRER}),
    ("Inbox", "referrals:inbox", {Role.COORDINATOR}),
    ("My caseload", "referrals:caseload", {Role.LINK_WORKER}),
    ("All cases", "referrals:organisation_cases", {Role.COORDINATOR}),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "current_membership": None}
    items = [
        {"label": label, "url": reverse(name)}
        for label, name, roles in NAVIGATION
        if user.has_role(*roles)
    ]
    if user.is_staff:
        items.append({"label": "Admin", "url": reverse("admin:index")})
    return {"nav_items": items, "current_membership": user.primary_membership}
