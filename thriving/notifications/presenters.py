"""Labels and tag colours for the notifications list, so the template stays plain."""

from dataclasses import dataclass
from datetime import date

from .models import Notification


@dataclass(frozen=True)
class Tag:
    label: str
    css: str


UNREAD = Tag("New", "nhsuk-tag--blue")
DONE = Tag("No longer due", "nhsuk-tag--green")
OVERDUE = Tag("Overdue", "nhsuk-tag--red")


@dataclass(frozen=True)
class NotificationRow:
    notification: Notification
    due_on: date | None
    tags: tuple[Tag, ...]


def notification_rows(notifications, *, today: date) -> list[NotificationRow]:
    rows = []
    for notification in notifications:
        reminder = notification.reminder
        tags = []
        if not notification.is_read:
            tags.append(UNREAD)
        if reminder is not None and reminder.resolved_at is not None:
            tags.append(DONE)
        elif reminder is not None and reminder.due_on < today:
            tags.append(OVERDUE)
        rows.append(
            NotificationRow(
                notification=notification,
                due_on=reminder.due_on if reminder is not None else None,
                tags=tuple(tags),
            )
        )
    return rows
