"""The roles a membership can carry, and which kind of organisation each belongs to."""

from django.db import models


class Role(models.TextChoices):
    REFERRER = "referrer", "Referrer"
    LINK_WORKER = "link_worker", "Social prescriber (link worker)"
    COORDINATOR = "coordinator", "Coordinator"
    COMMUNITY_DEVELOPMENT_WORKER = "cdw", "Community development worker"
    GRANT_APPLICANT = "applicant", "Grant applicant"
    GRANT_OFFICER = "grant_officer", "Grant officer"
    PANEL_MEMBER = "panel_member", "Panel member"
    PROGRAMME_LEAD = "programme_lead", "Programme lead"


class OrganisationKind(models.TextChoices):
    REFERRER = "referrer", "Referring organisation"
    PROVIDER = "provider", "Provider organisation"
    COUNCIL = "council", "Council"
    COMMUNITY_GROUP = "community_group", "Community group"


PROVIDER_ROLES = frozenset({Role.LINK_WORKER, Role.COORDINATOR})
