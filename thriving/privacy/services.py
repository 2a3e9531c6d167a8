"""Retention and subject access: every write about a person's records as a whole.

Anonymising goes through the domain app's own function (registered in `registry`), inside a
transaction with the record locked and re-checked, then is written to the anonymisation
register and the audit trail. The audit trail itself is never touched: it holds references,
not details.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Min, Model, Q
from django.utils import timezone

from thriving.audit.models import AuditEntry
from thriving.audit.services import AuditAction, audit_record
from thriving.core.logging import has_identifiers
from thriving.core.validators import nhs_number_is_valid, normalise_nhs_number

from . import registry
from .models import Anonymisation, AnonymisationCause
from .permissions import can_handle_subject_access

EXPORT_FORMAT = "thriving-communities-subject-access"
EXPORT_VERSION = 1


# ------------------------------------------------------------------------------------------
# Retention
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionLine:
    kind: str
    label: str
    period: str
    count: int
    oldest: datetime | None


def retention_report(*, now: datetime | None = None) -> list[RetentionLine]:
    """What is due for anonymising at `now`, per kind of record: how many, and since when
    the oldest has been due. Changes nothing."""
    now = now or timezone.now()
    lines = []
    for rule in registry.retention_rules():
        figures = rule.due(now=now).aggregate(count=Count("pk"), oldest=Min("retention_from"))
        lines.append(
            RetentionLine(
                kind=rule.kind,
                label=rule.label,
                period=rule.period(),
                count=figures["count"],
                oldest=figures["oldest"],
            )
        )
    return lines


def retention_apply(*, now: datetime | None = None) -> list[RetentionLine]:
    """Anonymise everything due at `now`; returns the report with the counts anonymised.

    Each record is its own transaction, so one that fails leaves the others done, and a
    second run (or two at once) finds nothing left to do.
    """
    now = now or timezone.now()
    lines = []
    for line, rule in zip(retention_report(now=now), registry.retention_rules(), strict=True):
        ids = list(rule.due(now=now).values_list("pk", flat=True))
        done = sum(1 for pk in ids if _anonymise_if_due(rule, pk, now))
        lines.append(
            RetentionLine(
                kind=line.kind,
                label=line.label,
                period=line.period,
                count=done,
                oldest=line.oldest,
            )
        )
    return lines


@transaction.atomic
def _anonymise_if_due(rule: registry.RetentionRule, pk, now: datetime) -> bool:
    obj = rule.due(now=now).select_for_update().filter(pk=pk).first()
    if obj is None:
        return False
    rule.anonymise(obj=obj, now=now)
    _register(obj, cause=AnonymisationCause.RETENTION, by=None, reason="", now=now)
    audit_record(
        user=None,
        action=AuditAction.CHANGE,
        obj=obj,
        detail=f"Anonymised after the retention period ({rule.period()})",
    )
    return True


def _register(obj: Model, *, cause: str, by, reason: str, now: datetime) -> Anonymisation:
    return Anonymisation.objects.create(
        object_type=registry.object_type(obj),
        object_id=obj.pk,
        cause=cause,
        reason=reason,
        by=by,
        at=now,
    )


# ------------------------------------------------------------------------------------------
# Subject access
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubjectMatch:
    source: registry.SubjectSource
    obj: Model

    @property
    def summary(self) -> dict[str, Any]:
        return self.source.summary(obj=self.obj)


class ErasureRefused(Exception):
    """Something held about the person may not be erased yet; `reasons` says what."""

    def __init__(self, reasons: list[str]):
        super().__init__(" ".join(reasons))
        self.reasons = reasons


def clean_nhs_number(value: str) -> str:
    digits = normalise_nhs_number(value)
    if not nhs_number_is_valid(digits):
        raise ValidationError(
            {"nhs_number": "Enter a valid 10-digit NHS number, like 943 476 5919."},
            code="nhs_number",
        )
    return digits


def _require(user) -> None:
    if not can_handle_subject_access(user):
        raise PermissionDenied("Only admins with the subject access permission.")


def subject_find(*, nhs_number: str, lock: bool = False) -> list[SubjectMatch]:
    """Every record still holding this person's details, from every registered source."""
    digits = clean_nhs_number(nhs_number)
    matches = []
    for source in registry.subject_sources():
        rows = source.find(nhs_number=digits)
        if lock:
            rows = rows.select_for_update()
        matches += [SubjectMatch(source=source, obj=obj) for obj in rows]
    return matches


def subject_references(*, nhs_number: str) -> list[tuple[str, str]]:
    """The (object_type, object_id) pairs the audit trail may use for this person's records:
    how the audit trail is searched by NHS number without storing NHS numbers in it."""
    return [
        ref
        for match in subject_find(nhs_number=nhs_number)
        for ref in match.source.references(obj=match.obj)
    ]


def subject_summary(*, nhs_number: str, by, ip_address: str | None = None) -> list[SubjectMatch]:
    """What the subject access page lists about the person; seeing it is audited as a view
    of each record."""
    _require(by)
    matches = subject_find(nhs_number=nhs_number)
    for match in matches:
        audit_record(
            user=by,
            action=AuditAction.VIEW,
            obj=match.obj,
            detail=f"Subject access search: {match.summary['reference']}",
            ip_address=ip_address,
        )
    return matches


def _audit_trail(references: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Who saw or changed the records and when. Staff addresses (IP) are left out: they are
    the staff's details, not the person's."""
    if not references:
        return []
    wanted = Q()
    for object_type, object_id in references:
        wanted |= Q(object_type=object_type, object_id=object_id)
    return [
        {
            "at": entry.at.isoformat(),
            "action": entry.get_action_display(),
            "by": entry.user_email,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "detail": entry.detail,
        }
        for entry in AuditEntry.objects.filter(wanted).order_by("at", "pk")
    ]


def subject_export(
    *, nhs_number: str, by, ip_address: str | None = None, now: datetime | None = None
) -> dict[str, Any]:
    """Everything held about one person, as one JSON-ready document. Each record exported
    is audited (EXPORT), and so is an export that found nothing."""
    _require(by)
    now = now or timezone.now()
    digits = clean_nhs_number(nhs_number)
    matches = subject_find(nhs_number=digits)
    records = []
    for match in matches:
        record = match.source.export(obj=match.obj)
        record["audit_trail"] = _audit_trail(match.source.references(obj=match.obj))
        records.append({"kind": match.source.kind, "label": match.source.label, **record})
    for match in matches:
        audit_record(
            user=by,
            action=AuditAction.EXPORT,
            obj=match.obj,
            detail=f"Subject access export: {match.summary['reference']}",
            ip_address=ip_address,
        )
    if not matches:
        audit_record(
            user=by,
            action=AuditAction.EXPORT,
            object_type="privacy.subject_access",
            detail="Subject access export: nothing held",
            ip_address=ip_address,
        )
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "generated_at": now.isoformat(),
        "generated_by": by.email,
        "nhs_number": digits,
        "records": records,
    }


def subject_erase_refusals(*, nhs_number: str) -> list[str]:
    """Why the person's records may not be erased now (an open case); empty when they may."""
    return [
        refusal
        for match in subject_find(nhs_number=nhs_number)
        if (refusal := match.source.erase_refusal(obj=match.obj))
    ]


@transaction.atomic
def subject_erase(
    *,
    nhs_number: str,
    by,
    reason: str,
    ip_address: str | None = None,
    now: datetime | None = None,
) -> list[str]:
    """Anonymise everything held about the person now, as retention would later. Refused
    (ErasureRefused) while any of their records may not be erased, e.g. an open case.
    Returns the references of the records erased."""
    _require(by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the law allows this erasure."})
    if has_identifiers(reason):
        raise ValidationError(
            {
                "reason": "Leave the person's NHS number and any email address out of the "
                "reason: the register keeps it for good."
            }
        )
    now = now or timezone.now()
    matches = subject_find(nhs_number=nhs_number, lock=True)
    refusals = [r for m in matches if (r := m.source.erase_refusal(obj=m.obj))]
    if refusals:
        raise ErasureRefused(refusals)
    erased = []
    for match in matches:
        reference = match.summary["reference"]
        match.source.anonymise(obj=match.obj, now=now)
        _register(match.obj, cause=AnonymisationCause.ERASURE, by=by, reason=reason, now=now)
        audit_record(
            user=by,
            action=AuditAction.ERASE,
            obj=match.obj,
            detail=f"Erased on request: {reference}. {reason}",
            ip_address=ip_address,
        )
        erased.append(reference)
    return erased
