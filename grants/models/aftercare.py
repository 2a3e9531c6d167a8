"""After the award: payments, the monitoring report and its files, reminders sent."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from thriving.core.validators import validate_no_control_characters

from .applications import Application
from .money import money_field


class Payment(models.Model):
    """Money paid to the group: the officer records date, amount and the finance reference."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField()
    amount = money_field()
    reference = models.CharField(max_length=50, help_text="The finance system's payment reference.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["application", "paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="grants_payment_amount_gt_0"),
        ]

    def __str__(self) -> str:
        return f"£{self.amount} on {self.paid_on:%d %b %Y}"


class MonitoringReport(models.Model):
    """How the project went. Created when the grant is paid, with its due date; the group
    fills it in and the officer completes it."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="monitoring_report"
    )
    due_on = models.DateField()
    what_happened = models.TextField(blank=True, validators=[validate_no_control_characters])
    people_reached = models.PositiveIntegerField(null=True, blank=True)
    amount_spent = money_field(null=True, blank=True)
    spend_explanation = models.TextField(
        "Spend against budget",
        blank=True,
        validators=[validate_no_control_characters],
        help_text="How the money was spent compared with the budget, and any difference.",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    officer_note = models.TextField(blank=True, validators=[validate_no_control_characters])
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_spent__isnull=True) | Q(amount_spent__gte=0),
                name="grants_monitoring_spent_gte_0",
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | Q(submitted_at__isnull=False),
                name="grants_monitoring_completed_after_submitted",
            ),
        ]

    def __str__(self) -> str:
        return f"Monitoring report due {self.due_on:%d %b %Y}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


ATTACHMENT_MAX_BYTES_DEFAULT = 5 * 1024 * 1024


class AttachmentType(models.TextChoices):
    PNG = "image/png", "PNG image"
    JPEG = "image/jpeg", "JPEG photo"
    PDF = "application/pdf", "PDF document"


def _attachment_path(instance: "MonitoringAttachment", filename: str) -> str:
    """A random name under a private folder: the uploader's file name never reaches the disk."""
    extension = {
        AttachmentType.PNG: "png",
        AttachmentType.JPEG: "jpg",
        AttachmentType.PDF: "pdf",
    }.get(instance.content_type, "bin")
    return f"private/grants/monitoring/{instance.report_id}/{uuid.uuid4().hex}.{extension}"


class MonitoringAttachment(models.Model):
    """A photo or receipt sent with a monitoring report.

    Stored under MEDIA_ROOT, which is never served directly: the file is reachable only
    through `grants.downloads.attachment_download`, which checks who is asking. Its type is
    decided from its first bytes, not from the name or the browser's claim.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(
        MonitoringReport, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50, choices=AttachmentType.choices)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["report", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name
