"""Who may do what in the directory.

The directory is borough-wide: every listing is visible to every member of staff who connects
people to it, so reads are not scoped by organisation. Writes belong to the people who keep
listings current: community development workers of any organisation, and a listing's keeper.
"""

from thriving.accounts.roles import Role

STAFF_DIRECTORY_ROLES = (
    Role.LINK_WORKER,
    Role.COORDINATOR,
    Role.COMMUNITY_DEVELOPMENT_WORKER,
    Role.PROGRAMME_LEAD,
)


def can_search_directory(user) -> bool:
    return user.is_authenticated and user.has_role(*STAFF_DIRECTORY_ROLES)


def can_view_asset_map(user) -> bool:
    return can_search_directory(user)


def can_create_service(user) -> bool:
    return user.is_authenticated and user.has_role(Role.COMMUNITY_DEVELOPMENT_WORKER)


def can_edit_service(user, service) -> bool:
    if not user.is_authenticated:
        return False
    return service.keeper_id == user.pk or user.has_role(Role.COMMUNITY_DEVELOPMENT_WORKER)


def can_verify_service(user, service) -> bool:
    return can_edit_service(user, service)


def can_view_service(user, service) -> bool:
    """The staff view of a listing (verification, keeper): staff, and the listing's keeper."""
    return can_search_directory(user) or (user.is_authenticated and service.keeper_id == user.pk)


def can_import_directory(user) -> bool:
    return can_create_service(user)


def can_export_directory(user) -> bool:
    return can_search_directory(user)
