from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"
    EXPORT = "export", "Exported"
    LOGIN = "login", "Signed in"
    LOGOUT = "logout", "Signed out"
    LOGIN_FAILED = "login_failed", "Failed sign-in"
    ERASE = "erase", "Erased"


class AuditEntry(models.Model):
    """Who looked at or changed what. Append-only: the admin and the app never edit it, and
    on PostgreSQL a trigger refuses UPDATE and DELETE (migration 0002).

    Holds references (object type and id), never the patient details themselves, so the
    trail can be kept longer than the records it describes, and retention and erasure
    never need to touch it.

    The user is a plain reference, not a database foreign key: deleting a user must not
    rewrite the entries that name them (SET_NULL would be an UPDATE the trigger refuses), and
    `user_email` keeps who it was.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="audit_entries",
    )
    user_email = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(max_length=50, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    detail = models.CharField(max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["object_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_email} {self.action} {self.object_type}"
