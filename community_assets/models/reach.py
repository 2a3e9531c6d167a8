"""How many people were connected to a listing, and how many went: counts only, no names.

The referrals app owns the connections themselves and, after every change, hands the new
counts to `services.service_reach_record`; the directory never reads referrals (see
ARCHITECTURE.md), so the counts are stored here for its pages.
"""

from django.db import models

from .listings import Service


class ServiceReach(models.Model):
    service = models.OneToOneField(
        Service, on_delete=models.CASCADE, primary_key=True, related_name="reach"
    )
    connected = models.PositiveIntegerField(
        default=0, help_text="People a link worker connected to this listing."
    )
    attended = models.PositiveIntegerField(
        default=0, help_text="Of them, the people who went on to attend."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "service reach"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(attended__lte=models.F("connected")),
                name="service_reach_attended_within_connected",
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_id}: {self.connected} connected, {self.attended} attended"
