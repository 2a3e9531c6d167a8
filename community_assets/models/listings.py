"""The listing itself (an ORUK "service"), its categories, languages and contacts."""

import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from thriving.accounts.models import Organisation

from ..search import search_services
from .taxonomy import TaxonomyTerm

# A listing nobody has confirmed for this long is flagged to its keeper and in admin.
STALE_AFTER = timedelta(days=183)
MAX_AGE = 120


def stale_before(now=None):
    return (now or timezone.now()) - STALE_AFTER


class ServiceStatus(models.TextChoices):
    """The four statuses of Open Referral UK, with their exact values."""

    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    DEFUNCT = "defunct", "Defunct"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"


class ServiceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=ServiceStatus.ACTIVE)

    def stale(self, now=None):
        """Not verified in the last 6 months, or never verified."""
        return self.filter(
            Q(last_verified_at__isnull=True) | Q(last_verified_at__lt=stale_before(now))
        )

    def kept_by(self, user):
        return self.filter(keeper=user)

    def search(self, text: str):
        """Listings matching every word of the text (as prefixes), ranked on PostgreSQL."""
        return search_services(self, text)


class Service(models.Model):
    """A service or activity a community organisation runs: the directory listing."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(max_length=200)
    description = models.TextField()
    status = models.CharField(
        max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    url = models.URLField("website", blank=True)
    email = models.EmailField(blank=True)
    is_free = models.BooleanField("free", default=True)
    cost_amount = models.DecimalField(
        "cost per session (£)",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    cost_description = models.CharField(
        max_length=200, blank=True, help_text="For example: includes lunch; concessions £1"
    )
    minimum_age = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)]
    )
    maximum_age = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)]
    )
    eligibility_description = models.TextField("who it is for", blank=True)
    accessibility = models.TextField(blank=True)
    taking_new_people = models.BooleanField(default=True)
    categories = models.ManyToManyField(
        TaxonomyTerm, through="ServiceCategory", related_name="services", blank=True
    )
    keeper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kept_services",
        help_text="The person who keeps this listing current.",
    )
    last_verified_at = models.DateTimeField(null=True, blank=True)
    last_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_free=True, cost_amount__isnull=True)
                | Q(is_free=False, cost_amount__isnull=False, cost_amount__gt=0),
                name="service_cost_matches_free",
            ),
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(minimum_age__lte=models.F("maximum_age")),
                name="service_age_range_ordered",
            ),
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="service_name_unique_per_organisation",
                violation_error_message=(
                    "This organisation already has a listing with this name. "
                    "Change the name, or edit the existing listing."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "name"]),
            models.Index(fields=["keeper", "status"]),
            models.Index(fields=["last_verified_at"]),
            models.Index(fields=["updated_at"]),
            models.Index(fields=["minimum_age", "maximum_age"]),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if self.is_free and self.cost_amount is not None:
            errors["cost_amount"] = "Leave the cost empty for a free service, or untick free."
        if not self.is_free and self.cost_amount is None:
            errors["cost_amount"] = "Enter the cost per session, like 2.50, or tick free."
        if (
            self.minimum_age is not None
            and self.maximum_age is not None
            and self.minimum_age > self.maximum_age
        ):
            errors["maximum_age"] = "Maximum age must be the same as or more than the minimum age."
        if errors:
            raise ValidationError(errors)

    def is_stale(self, now=None) -> bool:
        return self.last_verified_at is None or self.last_verified_at < stale_before(now)


class ServiceCategory(models.Model):
    """A service's category; Open Referral UK publishes each as an "attribute"."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_categories"
    )
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.PROTECT, related_name="service_categories"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "taxonomy_term"], name="service_category_unique"
            )
        ]
        verbose_name_plural = "service categories"

    def __str__(self) -> str:
        return f"{self.service} — {self.taxonomy_term}"


class ServiceLanguage(models.Model):
    """A language the service is delivered in (without an interpreter)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages")
    name = models.CharField(max_length=60)
    code = models.CharField(
        max_length=10, blank=True, help_text="ISO 639 code where known, e.g. en, ur, bn"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "name"], name="service_language_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """A named person or role to contact about the service."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=150, blank=True)
    title = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name or self.title or self.email or "Contact"


class Phone(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(max_length=30)
    description = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return self.number
