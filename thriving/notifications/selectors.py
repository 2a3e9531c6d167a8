"""Reads for the notifications pages: always a person's own notifications."""

from thriving.accounts.models import User

from . import registry
from .models import Notification, NotificationPreference, Reminder


def notifications_for(user: User):
    return (
        Notification.objects.filter(recipient=user)
        .select_related("reminder")
        .order_by("-created_at", "-pk")
    )


def notification_for(user: User, pk: int) -> Notification | None:
    """One of the person's notifications; None for anyone else's (the view answers 404)."""
    return Notification.objects.filter(recipient=user, pk=pk).first()


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def preference_choices(user: User) -> list[tuple[registry.ReminderRule, str]]:
    """The reminders that concern the person (by role, or because they have had one), each
    with their delivery: their own choice, or the rule's default."""
    had = set(
        Reminder.objects.filter(recipient=user).order_by().values_list("kind", flat=True).distinct()
    )
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return [
        (rule, chosen.get(rule.kind, rule.default_delivery))
        for rule in registry.rules()
        if rule.kind in had or user.has_role(*rule.roles)
    ]
