"""A person's own notifications and choices: mark read, save preferences."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thriving.accounts.models import User

from .. import registry
from ..models import Delivery, Notification, NotificationPreference


@transaction.atomic
def notification_mark_read(*, notification: Notification, by: User) -> Notification:
    if notification.recipient_id != by.pk:
        raise ValidationError("You can only mark your own notifications as read.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def preferences_save(*, user: User, choices: dict[str, str]) -> None:
    """Store the person's delivery for each kind. A choice equal to the rule's default is
    stored too, so a later change of default does not change what they chose."""
    for kind, delivery in choices.items():
        if registry.rule_for(kind) is None:
            raise ValidationError({kind: "This kind of reminder does not exist."})
        if delivery not in Delivery.values:
            raise ValidationError({kind: "Choose how you want to hear about this."})
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": delivery}
        )
