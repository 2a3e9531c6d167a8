"""Where and when: locations (address, postcode and ward, or online) and schedules."""

import re
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from thriving.core.validators import validate_postcode
from thriving.places.models import Ward

from .listings import Service


class Location(models.Model):
    """Where a service happens: a place with an address (and so a ward), or online."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, help_text="For example: Werneth Community Centre")
    description = models.TextField(blank=True)
    is_online = models.BooleanField(default=False)
    address_1 = models.CharField("address line 1", max_length=200, blank=True)
    address_2 = models.CharField("address line 2", max_length=200, blank=True)
    city = models.CharField("town or city", max_length=100, blank=True, default="Oldham")
    postcode = models.CharField(max_length=8, blank=True, validators=[validate_postcode])
    ward = models.ForeignKey(
        Ward, on_delete=models.SET_NULL, null=True, blank=True, related_name="locations"
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_online=True) | (~Q(address_1="") & ~Q(postcode="")),
                name="location_physical_has_address",
            )
        ]
        indexes = [models.Index(fields=["postcode"])]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.is_online:
            return
        errors = {}
        if not self.address_1.strip():
            errors["address_1"] = "Enter the first line of the address, or say it is online."
        if not self.postcode.strip():
            errors["postcode"] = "Enter the postcode, like OL1 1AA, or say it is online."
        if errors:
            raise ValidationError(errors)


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="service_at_locations"
    )
    description = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "location"], name="service_at_location_unique"
            )
        ]
        verbose_name = "service at location"
        verbose_name_plural = "services at locations"

    def __str__(self) -> str:
        return f"{self.service} at {self.location}"


class Frequency(models.TextChoices):
    WEEKLY = "WEEKLY", "Weekly"
    MONTHLY = "MONTHLY", "Monthly"


class Weekday(models.TextChoices):
    """iCalendar (RFC 5545) day codes, as Open Referral UK uses them in `byday`."""

    MONDAY = "MO", "Monday"
    TUESDAY = "TU", "Tuesday"
    WEDNESDAY = "WE", "Wednesday"
    THURSDAY = "TH", "Thursday"
    FRIDAY = "FR", "Friday"
    SATURDAY = "SA", "Saturday"
    SUNDAY = "SU", "Sunday"


class Schedule(models.Model):
    """When a service runs at a location, as an iCalendar-style recurrence.

    `byday` holds day codes separated by commas ("MO,WE"); a monthly schedule may prefix the
    week of the month ("1TU" is the first Tuesday), as RFC 5545 does.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, related_name="schedules"
    )
    freq = models.CharField(
        "frequency", max_length=7, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    interval = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1)], help_text="Every 1, 2, ... weeks or months"
    )
    byday = models.CharField("days", max_length=40)
    opens_at = models.TimeField()
    closes_at = models.TimeField()
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="schedule_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_freq_display()} {self.byday} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"
        )

    def clean(self):
        errors = {}
        try:
            self.byday = normalise_byday(self.byday, monthly=self.freq == Frequency.MONTHLY)
        except ValueError as error:
            errors["byday"] = str(error)
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = "Closing time must be after the opening time."
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = "The end date must be the same as or after the start date."
        if errors:
            raise ValidationError(errors)

    @property
    def weekday_codes(self) -> list[str]:
        return [part[-2:] for part in self.byday.split(",") if part]


_BYDAY_RE = re.compile(r"^(?:-?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$")


def normalise_byday(value: str, *, monthly: bool = False) -> str:
    """' mo, we ' -> 'MO,WE'. A monthly schedule may give the week: '1TU', '-1FR' (last)."""
    parts = [part.strip().upper() for part in (value or "").split(",") if part.strip()]
    if not parts:
        raise ValueError("Enter at least one day, like MO or MO,WE.")
    for part in parts:
        match = _BYDAY_RE.match(part)
        if not match:
            raise ValueError(
                f"“{part}” is not a day. Use two-letter days: MO, TU, WE, TH, FR, SA, SU."
            )
        if not monthly and part != match.group(1):
            raise ValueError("Only a monthly schedule can name a week of the month, like 1TU.")
    return ",".join(dict.fromkeys(parts))
