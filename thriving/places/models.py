from django.db import models

from thriving.core.validators import normalise_postcode


class District(models.Model):
    """A district partnership area: a group of wards the council plans and reports by."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Ward(models.Model):
    ons_code = models.CharField("ONS code", max_length=9, unique=True)
    name = models.CharField(max_length=100, unique=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="wards")
    population = models.PositiveIntegerField(
        help_text="Resident population (ONS mid-year estimate), used for per-1,000 figures."
    )
    imd_rank = models.PositiveIntegerField(
        "IMD rank",
        null=True,
        blank=True,
        help_text="Index of Multiple Deprivation rank of the ward (1 = most deprived).",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PostcodeQuerySet(models.QuerySet):
    def ward_for(self, postcode: str) -> Ward | None:
        normalised = normalise_postcode(postcode or "")
        if not normalised:
            return None
        found = self.filter(postcode=normalised).select_related("ward").first()
        return found.ward if found else None


class Postcode(models.Model):
    """Postcode to ward, kept by admins (the borough's own lookup, not a national feed)."""

    postcode = models.CharField(max_length=8, unique=True, help_text="Normalised, e.g. OL1 1AA")
    ward = models.ForeignKey(Ward, on_delete=models.CASCADE, related_name="postcodes")

    objects = PostcodeQuerySet.as_manager()

    class Meta:
        ordering = ["postcode"]

    def __str__(self) -> str:
        return self.postcode

    def save(self, *args, **kwargs):
        self.postcode = normalise_postcode(self.postcode) or self.postcode.upper().strip()
        super().save(*args, **kwargs)
