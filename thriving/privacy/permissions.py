"""Who may export or erase everything about a person.

The permission is checked by the services (the last door, also for the management
commands); the pages also require a session that passed the second factor, which a command
run on the server has no session to show.
"""

from thriving.audit.permissions import is_verified


def can_handle_subject_access(user) -> bool:
    """Active staff holding the subject access permission (superusers hold every one)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("privacy.subject_access")
    )


def can_use_subject_access_pages(user) -> bool:
    return can_handle_subject_access(user) and is_verified(user)
