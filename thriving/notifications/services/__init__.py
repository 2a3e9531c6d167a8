"""Every write of the notifications app: the email outbox, the reminder sweep, the daily
summary, and a person's own notifications and preferences."""

from .digest import digest_send
from .inbox import notification_mark_read, notifications_mark_all_read, preferences_save
from .outbox import (
    MAX_ATTEMPTS,
    email_deliver,
    email_queue,
    email_retry,
    emails_claim,
    emails_deliver,
    enqueue_on_commit,
    pending_email_ids,
    retry_delay,
)
from .reminders import SweepResult, reminders_email, reminders_record, reminders_sweep

__all__ = [
    "MAX_ATTEMPTS",
    "SweepResult",
    "digest_send",
    "email_deliver",
    "email_queue",
    "email_retry",
    "emails_claim",
    "emails_deliver",
    "enqueue_on_commit",
    "notification_mark_read",
    "notifications_mark_all_read",
    "pending_email_ids",
    "preferences_save",
    "reminders_email",
    "reminders_record",
    "reminders_sweep",
    "retry_delay",
]
