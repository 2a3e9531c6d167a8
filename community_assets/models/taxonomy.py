"""Categories: a taxonomy of terms with parents, kept in the admin."""

import uuid

from django.db import models
from django.db.models import Q


class Taxonomy(models.Model):
    """A vocabulary of categories, e.g. the programme's own activity categories."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField()
    uri = models.URLField("URI", blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTermQuerySet(models.QuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)


class TaxonomyTerm(models.Model):
    """A category. A term may have a parent: "Money advice" sits under "Advice"."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="terms")
    code = models.SlugField(
        max_length=60, help_text="Short stable code used in CSV files and links, e.g. money-advice"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    term_uri = models.URLField("term URI", blank=True)

    objects = TaxonomyTermQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="taxonomy_term_code_unique"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="taxonomy_term_not_own_parent",
                violation_error_message="A category cannot be its own parent.",
            ),
        ]
        indexes = [models.Index(fields=["code"])]

    def __str__(self) -> str:
        return self.name
