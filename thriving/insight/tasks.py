"""Scheduled work for insight (see CELERY_BEAT_SCHEDULE): the nightly Thriving Communities
Index, and rebuilding the referral facts every 15 minutes (thriving.insight.facts). Both are
safe to run twice: a second index run the same day returns the run already made, and a
rebuild gives the same facts."""

import logging
import time

from celery import shared_task
from django.db import OperationalError

from thriving.core.calendar import ensure_calendar

from .facts import rebuild_referral_facts
from .index import services

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def index_recompute() -> int:
    """Compute tonight's index (once a day) and keep the working-day calendar ahead; returns
    the id of the run."""
    ensure_calendar()
    facts_refresh()  # what QuerySet.update() and bulk_create changed since the last one
    run, created = services.index_compute_nightly()
    if created:
        logger.info("Index computed for %d wards in %d ms", run.ward_count, run.duration_ms)
    else:
        logger.info("Index already computed tonight (run %d)", run.pk)
    return run.pk


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def facts_refresh() -> int:
    """Rebuild every referral's facts (the dashboard and the index read them); returns how
    many. Signals keep them fresh on every save; this catches what sends no signal."""
    started = time.perf_counter()
    written = rebuild_referral_facts()
    logger.info(
        "Referral facts rebuilt: %d in %d ms", written, (time.perf_counter() - started) * 1000
    )
    return written
