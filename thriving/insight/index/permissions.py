"""Who may see the Thriving Communities Index and who may recompute it.

The index is borough-wide and holds no person-level data (counts of 1-4 are never shown), so
it is not scoped by organisation: the roles that plan where to put effort see all of it.
"""

from thriving.accounts.roles import Role

INDEX_VIEWER_ROLES = (
    Role.PROGRAMME_LEAD,
    Role.COMMUNITY_DEVELOPMENT_WORKER,
    Role.GRANT_OFFICER,
    Role.COORDINATOR,
)


def can_view_index(user) -> bool:
    return user.is_authenticated and (user.is_staff or user.has_role(*INDEX_VIEWER_ROLES))


def can_recompute_index(user) -> bool:
    """Programme leads and admins: the index is recomputed nightly, this is for after a change
    of weights or IMD ranks."""
    return user.is_authenticated and (user.is_staff or user.has_role(Role.PROGRAMME_LEAD))
