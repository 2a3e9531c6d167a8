from django.conf import settings
from django.db import models


class AnonymisationCause(models.TextChoices):
    RETENTION = "retention", "Retention period ended"
    ERASURE = "erasure", "Erased on request"


class Anonymisation(models.Model):
    """One record whose person's details were removed, when, why and (for an erasure) by whom
    and on what grounds: the register a data protection officer reads.

    Like the audit trail it names records by type and id only. Every record that holds a
    person's details has a UUID primary key, so one column serves them all.
    """

    object_type = models.CharField(max_length=50)
    object_id = models.UUIDField()
    cause = models.CharField(max_length=20, choices=AnonymisationCause.choices)
    reason = models.CharField(
        max_length=500,
        blank=True,
        help_text="For an erasure, why the law allows it. Never the person's details.",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the nightly retention job acted.",
    )
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(
                fields=["object_type", "object_id"], name="privacy_anonymised_once"
            )
        ]
        permissions = [
            ("subject_access", "Can export and erase everything held about a person"),
        ]

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_id} ({self.get_cause_display()})"
