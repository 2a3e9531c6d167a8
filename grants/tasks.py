"""Scheduled work for grants (see CELERY_BEAT_SCHEDULE). A sweep reads what is due from the
database and calls a service that checks the current state first, so a retried or repeated
run does nothing twice. Reminders are not sent from here: the rules in `grants/reminders.py`
feed the notifications app's reminder sweep."""

from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=4)
def monitoring_open_due() -> int:
    """Ask for the monitoring report on paid grants whose project has ended."""
    return services.monitoring_open_due()
