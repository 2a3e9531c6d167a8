"""Who may see the programme dashboard, and how much of it."""

from thriving.accounts.roles import Role


def can_view_dashboard(user) -> bool:
    """The programme lead (the whole programme) and coordinators (their own organisation)."""
    return user.is_authenticated and user.has_role(Role.PROGRAMME_LEAD, Role.COORDINATOR)


def can_choose_provider(user) -> bool:
    """Only the programme lead picks a provider; a coordinator always sees their own."""
    return user.is_authenticated and user.has_role(Role.PROGRAMME_LEAD)
