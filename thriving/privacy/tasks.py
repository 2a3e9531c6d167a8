"""The nightly retention job. It takes nothing and is safe to run twice or to lose: each
run anonymises whatever is due by then, and a record done once is never due again."""

import logging

from celery import shared_task
from django.db import OperationalError

from . import services

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def retention_apply() -> dict[str, int]:
    """Anonymise every record past its retention period; returns how many, per kind."""
    lines = services.retention_apply()
    for line in lines:
        logger.info("Retention: anonymised %d %s (%s)", line.count, line.label, line.period)
    return {line.kind: line.count for line in lines}
