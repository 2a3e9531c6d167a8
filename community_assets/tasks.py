"""Celery tasks for the directory: take an id, call the service, safe to run twice."""

from uuid import UUID

from celery import shared_task
from django.db import OperationalError

from . import services

# A file of several thousand rows takes minutes, more than the default task limit.
IMPORT_TIME_LIMIT = 30 * 60


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    time_limit=IMPORT_TIME_LIMIT,
    soft_time_limit=IMPORT_TIME_LIMIT - 60,
)
def check_directory_import(import_id: str) -> str:
    return services.directory_import_check(import_id=UUID(import_id)).status


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    time_limit=IMPORT_TIME_LIMIT,
    soft_time_limit=IMPORT_TIME_LIMIT - 60,
)
def apply_directory_import(import_id: str) -> str:
    return services.directory_import_apply(import_id=UUID(import_id)).status
