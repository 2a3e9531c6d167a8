"""Importing the directory from a CSV file: check (a preview, row by row), then apply.

Nothing is written unless every row is accepted, and applying checks the file again inside
one transaction, so a listing changed since the preview cannot slip through half-imported.
Files over `SYNC_ROW_LIMIT` rows are checked and applied by a Celery worker; the import row
records progress for the page that watches it.
"""

import hashlib
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from thriving.accounts.models import User
from thriving.notifications.services import enqueue_on_commit

from .. import csv_io
from ..models import DirectoryImport, ImportStatus
from .listings import service_create, service_update

SYNC_ROW_LIMIT = 200
PROGRESS_EVERY = 50


class ImportRejected(Exception):
    def __init__(self, preview: list[dict], message: str = ""):
        super().__init__(message or "Some rows were rejected.")
        self.preview = preview
        self.message = message


def _counts(preview: list[dict]) -> dict[str, int]:
    """Listings, not rows: a listing with three places is one listing created."""
    seen: dict[str, set] = {"create": set(), "update": set(), "unchanged": set(), "reject": set()}
    for row in preview:
        seen[row["action"]].add((row["organisation"].lower(), row["service"].lower()))
    return {
        "created_count": len(seen["create"]),
        "updated_count": len(seen["update"]),
        "unchanged_count": len(seen["unchanged"]),
        "rejected_count": sum(1 for row in preview if row["action"] == "reject"),
    }


@transaction.atomic
def directory_import_start(*, by: User, file_name: str, data: bytes) -> DirectoryImport:
    """Keep the uploaded file and check it: now for a small file, on a worker for a large one."""
    try:
        text = csv_io.decode(data)
        rows = csv_io.read_rows(text)
    except csv_io.CsvFileError as error:
        raise ValidationError({"file": str(error)}) from None
    directory_import = DirectoryImport(
        uploaded_by=by,
        file_name=file_name[:255],
        content=text,
        content_sha256=hashlib.sha256(data).hexdigest(),
        total_rows=len(rows),
        status=ImportStatus.CHECKING,
    )
    directory_import.full_clean()
    directory_import.save()
    if len(rows) <= SYNC_ROW_LIMIT:
        return directory_import_check(import_id=directory_import.pk)
    from ..tasks import check_directory_import

    enqueue_on_commit(check_directory_import, str(directory_import.pk))
    return directory_import


def directory_import_check(*, import_id: UUID) -> DirectoryImport:
    """Work out the preview. Safe to run twice: only an import still being checked is checked.

    Not one transaction on purpose: progress is saved as it goes so the page can show it.
    """
    directory_import = DirectoryImport.objects.get(pk=import_id)
    if directory_import.status != ImportStatus.CHECKING:
        return directory_import

    def progress(done: int) -> None:
        if done // PROGRESS_EVERY != (done - 1) // PROGRESS_EVERY or done == len(rows):
            DirectoryImport.objects.filter(pk=import_id).update(processed_rows=done)

    try:
        rows = csv_io.read_rows(directory_import.content)
    except csv_io.CsvFileError as error:
        directory_import.status, directory_import.error = ImportStatus.REJECTED, str(error)
        directory_import.save(update_fields=["status", "error"])
        return directory_import
    preview = csv_io.row_plans(csv_io.plan_import(rows, progress))
    counts = _counts(preview)
    DirectoryImport.objects.filter(pk=import_id, status=ImportStatus.CHECKING).update(
        preview=preview,
        processed_rows=len(rows),
        status=ImportStatus.REJECTED if counts["rejected_count"] else ImportStatus.PREVIEW,
        **counts,
    )
    directory_import.refresh_from_db()
    return directory_import


@transaction.atomic
def directory_import_confirm(*, directory_import: DirectoryImport, by: User) -> DirectoryImport:
    """The person has read the preview and asks for the import: apply it, or queue it."""
    directory_import = DirectoryImport.objects.select_for_update().get(pk=directory_import.pk)
    if directory_import.uploaded_by_id != by.pk:
        raise ValidationError("Only the person who uploaded this file can import it.")
    if directory_import.status != ImportStatus.PREVIEW:
        raise ValidationError(
            "This file cannot be imported: it has rejected rows, or it has been imported already."
        )
    directory_import.status = ImportStatus.APPLYING
    directory_import.processed_rows = 0
    directory_import.save(update_fields=["status", "processed_rows"])
    if directory_import.total_rows <= SYNC_ROW_LIMIT:
        return directory_import_apply(import_id=directory_import.pk)
    from ..tasks import apply_directory_import

    enqueue_on_commit(apply_directory_import, str(directory_import.pk))
    return directory_import


def _apply(directory_import: DirectoryImport) -> dict[str, int]:
    rows = csv_io.read_rows(directory_import.content)
    plans = csv_io.plan_import(rows)
    preview = csv_io.row_plans(plans)
    if any(row["action"] == "reject" for row in preview):
        raise ImportRejected(
            preview, "The directory changed since the preview, and some rows are now rejected."
        )
    by = directory_import.uploaded_by
    for plan in plans:
        if plan.action == "create":
            service_create(by=by, listing=plan.listing, verified=False)
        elif plan.action == "update":
            service_update(service=plan.service, by=by, listing=plan.listing)
    return {**_counts(preview), "preview": preview}


def directory_import_apply(*, import_id: UUID) -> DirectoryImport:
    """Write every listing of the file, or none. Safe to run twice: only a confirmed import
    that has not been applied yet is applied."""
    with transaction.atomic():
        directory_import = (
            DirectoryImport.objects.select_for_update()
            .select_related("uploaded_by")
            .filter(pk=import_id, status=ImportStatus.APPLYING)
            .first()
        )
        if directory_import is None:
            return DirectoryImport.objects.get(pk=import_id)
        try:
            with transaction.atomic():
                result = _apply(directory_import)
        except ImportRejected as rejected:
            directory_import.status = ImportStatus.REJECTED
            directory_import.preview = rejected.preview
            directory_import.error = rejected.message
            directory_import.__dict__.update(_counts(rejected.preview))
        except (ValidationError, IntegrityError) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            directory_import.status = ImportStatus.FAILED
            directory_import.error = (
                "Nothing was imported: a listing changed while the file was being imported ("
                + "; ".join(messages)[:500]
                + "). Upload the file again to see a fresh preview."
            )
        else:
            directory_import.preview = result.pop("preview")
            directory_import.__dict__.update(result)
            directory_import.status = ImportStatus.APPLIED
            directory_import.processed_rows = directory_import.total_rows
            directory_import.applied_at = timezone.now()
        directory_import.save()
    return directory_import
