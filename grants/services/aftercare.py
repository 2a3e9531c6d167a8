"""After the decision: the offer accepted, payment, the monitoring report, completion."""

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from thriving.accounts.models import User

from .. import permissions
from ..attachments import sniff_content_type
from ..models import (
    Application,
    EventKind,
    MonitoringAttachment,
    MonitoringReport,
    Payment,
    format_money,
)
from ..workflow import Status, TransitionNotAllowed, status_phrase
from ._common import event_record, lock, move, notify_applicant, require

MAX_ATTACHMENTS_PER_REPORT = 10


@transaction.atomic
def offer_accept(*, application: Application, by: User) -> Application:
    """The group accepts the offer: the grant is agreed and can be paid."""
    application = lock(application)
    require(
        permissions.is_applicant_for(by, application),
        "Only a representative of the group can accept the offer.",
    )
    move(application=application, action="accept_offer", by=by, reason="Offer accepted")
    application.offer_accepted_at = timezone.now()
    application.save(update_fields=["status", "offer_accepted_at", "updated_at"])
    return application


def monitoring_due_on(application: Application) -> date:
    """The report is due a set number of weeks (the round's setting) after the project ends."""
    return application.end_date + timedelta(weeks=application.round.monitoring_weeks)


@transaction.atomic
def payment_record(
    *, application: Application, by: User, paid_on: date, amount: Decimal, reference: str
) -> Payment:
    """Record money paid to the group. The first payment makes the grant paid and sets the
    monitoring report's due date; a grant may be paid in instalments up to the award."""
    application = lock(application)
    require(permissions.is_grant_officer(by), "Only a grant officer can record payments.")
    if not permissions.can_record_payment(by, application):
        raise TransitionNotAllowed(
            "A payment can only be recorded once the group has accepted the offer."
        )
    errors = {}
    try:
        amount = Decimal(str(amount))
    except InvalidOperation:
        amount = None
    if amount is None or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        errors["amount"] = "Enter the amount paid in pounds and pence, more than £0."
    else:
        paid_so_far = application.payments.aggregate(total=Sum("amount"))["total"] or Decimal(0)
        if paid_so_far + amount > application.amount_awarded:
            errors["amount"] = (
                f"This would pay {format_money(paid_so_far + amount)} in total, more than the "
                f"{format_money(application.amount_awarded)} awarded."
            )
    if paid_on is None:
        errors["paid_on"] = "Enter the date of the payment."
    elif paid_on > timezone.localdate():
        errors["paid_on"] = "The payment date cannot be in the future."
    if not (reference or "").strip():
        errors["reference"] = "Enter the finance system's payment reference."
    if errors:
        raise ValidationError(errors)

    payment = Payment(
        application=application,
        paid_on=paid_on,
        amount=amount,
        reference=reference.strip(),
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    payment.full_clean()
    payment.save()
    event_record(
        application=application,
        actor=by,
        kind=EventKind.PAYMENT,
        reason=f"{format_money(amount)} paid on {paid_on:%d %B %Y} (ref. {payment.reference})",
    )
    if application.status == Status.OFFER_ACCEPTED:
        move(application=application, action="record_payment", by=by, reason="Grant paid")
        application.save(update_fields=["status", "updated_at"])
        MonitoringReport.objects.create(
            application=application, due_on=monitoring_due_on(application)
        )
        notify_applicant(
            application,
            subject=f"Your grant {application.reference} has been paid",
            template="grants/email/grant_paid.txt",
            extra={"payment": payment, "due_on": monitoring_due_on(application)},
        )
    return payment


@transaction.atomic
def monitoring_open(*, application: Application, by: User | None = None) -> Application:
    """Ask the group for its monitoring report: done by the daily sweep once the project has
    ended (`by` is None), or early by a grant officer."""
    application = lock(application)
    if by is not None:
        require(
            permissions.is_grant_officer(by),
            "Only a grant officer can ask for the monitoring report.",
        )
    move(
        application=application,
        action="open_monitoring",
        by=by,
        reason="The project has ended: monitoring report requested",
    )
    application.save(update_fields=["status", "updated_at"])
    notify_applicant(
        application,
        subject=f"Your monitoring report for {application.reference} is due",
        template="grants/email/monitoring_due.txt",
        extra={"report": application.monitoring_report},
    )
    return application


def monitoring_open_due(*, today: date | None = None) -> int:
    """Sweep: ask for the report on every paid grant whose project has ended. Each grant
    moves in its own transaction and only from paid, so running it twice is harmless."""
    today = today or timezone.localdate()
    ids = list(
        Application.objects.filter(status=Status.PAID, end_date__lt=today).values_list(
            "pk", flat=True
        )
    )
    opened = 0
    for application_id in ids:
        try:
            monitoring_open(application=Application(pk=application_id), by=None)
        except TransitionNotAllowed:
            continue  # moved on since the list was read
        opened += 1
    return opened


def _require_open_report(application: Application, by: User) -> MonitoringReport:
    require(
        permissions.is_applicant_for(by, application),
        "Only a representative of the group can send the monitoring report.",
    )
    if application.status not in {Status.PAID, Status.MONITORING_DUE}:
        raise TransitionNotAllowed(
            f"This application is {status_phrase(application.status)}, so there is no "
            "monitoring report to send."
        )
    return MonitoringReport.objects.select_for_update().get(application=application)


@transaction.atomic
def monitoring_report_submit(
    *,
    application: Application,
    by: User,
    what_happened: str,
    people_reached: int | None,
    amount_spent: Decimal | None,
    spend_explanation: str,
) -> MonitoringReport:
    """The group reports how the project went. Sent once; the officer then completes it."""
    application = lock(application)
    report = _require_open_report(application, by)
    if report.is_submitted:
        raise TransitionNotAllowed("You have already sent the monitoring report.")
    errors = {}
    if not (what_happened or "").strip():
        errors["what_happened"] = "Tell us what happened in your project."
    try:
        people_reached = int(people_reached)
    except (TypeError, ValueError):
        people_reached = None
    if people_reached is None or people_reached < 0:
        errors["people_reached"] = "Enter how many people the project reached."
    try:
        amount_spent = Decimal(str(amount_spent)) if amount_spent not in (None, "") else None
    except InvalidOperation:
        amount_spent = None
    if amount_spent is None or amount_spent < 0:
        errors["amount_spent"] = "Enter how much of the grant you spent, in pounds and pence."
    if not (spend_explanation or "").strip():
        errors["spend_explanation"] = "Tell us how the money was spent compared with your budget."
    if errors:
        raise ValidationError(errors)

    report.what_happened = what_happened.strip()
    report.people_reached = people_reached
    report.amount_spent = amount_spent
    report.spend_explanation = spend_explanation.strip()
    report.submitted_at = timezone.now()
    report.submitted_by = by
    report.full_clean()
    report.save()
    if application.status == Status.PAID:
        move(
            application=application,
            action="submit_monitoring_report",
            by=by,
            reason="Monitoring report sent",
        )
        application.save(update_fields=["status", "updated_at"])
    else:
        event_record(
            application=application,
            actor=by,
            kind=EventKind.MONITORING,
            reason="Monitoring report sent",
        )
    return report


@transaction.atomic
def monitoring_attachment_add(
    *, application: Application, by: User, file: UploadedFile
) -> MonitoringAttachment:
    """Add a photo or receipt to the monitoring report.

    The type is read from the file's first bytes (PNG, JPEG or PDF), never trusted from its
    name or the browser; the size is capped by GRANTS_ATTACHMENT_MAX_BYTES.
    """
    application = lock(application)
    report = _require_open_report(application, by)
    if report.completed_at is not None:
        raise TransitionNotAllowed("This monitoring report is complete.")
    max_bytes = settings.GRANTS_ATTACHMENT_MAX_BYTES
    if file is None or not file.size:
        raise ValidationError({"file": "Choose a file to upload. The file you chose is empty."})
    if file.size > max_bytes:
        raise ValidationError(
            {"file": f"The file must be smaller than {max_bytes // (1024 * 1024)} MB."}
        )
    content_type = sniff_content_type(file)
    if content_type is None:
        raise ValidationError({"file": "The file must be a PNG or JPEG photo, or a PDF."})
    if report.attachments.count() >= MAX_ATTACHMENTS_PER_REPORT:
        raise ValidationError(
            {"file": f"You can add up to {MAX_ATTACHMENTS_PER_REPORT} files to a report."}
        )
    original_name = (getattr(file, "name", "") or "file").rsplit("/", 1)[-1][:200]
    attachment = MonitoringAttachment(
        report=report,
        original_name=original_name,
        content_type=content_type,
        size=file.size,
        uploaded_by=by,
        uploaded_at=timezone.now(),
    )
    attachment.file.save(original_name, file, save=False)
    try:
        attachment.full_clean()
        attachment.save()
    except Exception:
        # The row is rolled back with the transaction; the file on disk must go with it.
        attachment.file.delete(save=False)
        raise
    event_record(
        application=application,
        actor=by,
        kind=EventKind.ATTACHMENT,
        reason=f"Added {original_name}",
    )
    return attachment


@transaction.atomic
def monitoring_complete(*, application: Application, by: User, note: str = "") -> Application:
    """The officer accepts the monitoring report: the grant is complete."""
    application = lock(application)
    require(permissions.is_grant_officer(by), "Only a grant officer can complete the monitoring.")
    report = MonitoringReport.objects.select_for_update().filter(application=application).first()
    if application.status == Status.MONITORING_DUE and (report is None or not report.is_submitted):
        raise TransitionNotAllowed("The group has not sent its monitoring report yet.")
    move(
        application=application,
        action="complete",
        by=by,
        reason=(note or "").strip() or "Monitoring report accepted",
    )
    now = timezone.now()
    report.completed_at = now
    report.completed_by = by
    report.officer_note = (note or "").strip()
    report.full_clean()
    report.save()
    application.completed_at = now
    application.save(update_fields=["status", "completed_at", "updated_at"])
    notify_applicant(
        application,
        subject=f"Your grant {application.reference} is complete",
        template="grants/email/grant_completed.txt",
    )
    return application
