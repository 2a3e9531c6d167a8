"""Scheduled work for insight (see CELERY_BEAT_SCHEDULE): the nightly Thriving Communities
Index. Safe to run twice: a second run the same day returns the run already made."""

import logging

from celery import shared_task
from django.db import OperationalError

from thriving.core.calendar import ensure_calendar

from .index import services

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def index_recompute() -> int:
    """Compute tonight's index (once a day) and keep the working-day calendar ahead; returns
    the id of the run."""
    ensure_calendar()
    run, created = services.index_compute_nightly()
    if created:
        logger.info("Index computed for %d wards in %d ms", run.ward_count, run.duration_ms)
    else:
        logger.info("Index already computed tonight (run %d)", run.pk)
    return run.pk
