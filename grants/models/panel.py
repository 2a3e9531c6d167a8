"""The panel's work on an application: conflicts of interest declared, and scores."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from thriving.core.validators import validate_no_control_characters

from .applications import Application
from .rounds import Criterion

SCORE_MIN = 1
SCORE_MAX = 5


class ConflictDeclaration(models.Model):
    """A panel member's answer to "do you have a conflict of interest with this group?".

    Made before the member sees anything beyond the summary. A conflicted member cannot score
    the application and never sees the others' scores; declarations are listed on the
    decision record.
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="conflict_declarations"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conflict_declarations"
    )
    has_conflict = models.BooleanField()
    note = models.TextField(
        blank=True,
        validators=[validate_no_control_characters],
        help_text="What the conflict is, e.g. 'I am the group's treasurer'.",
    )
    declared_at = models.DateTimeField()

    class Meta:
        ordering = ["application", "declared_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "member"], name="grants_conflict_unique_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member}: {'conflict' if self.has_conflict else 'no conflict'}"


class Score(models.Model):
    """One panel member's score, 1 to 5, for one criterion of one application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grant_scores"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True, validators=[validate_no_control_characters])
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["application", "member", "criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "member", "criterion"],
                name="grants_score_unique_per_member_criterion",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=SCORE_MIN) & Q(score__lte=SCORE_MAX),
                name="grants_score_between_1_and_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.criterion}: {self.score}"
