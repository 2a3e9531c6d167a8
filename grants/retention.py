"""Retention for grant applications that came to nothing, registered into thriving.privacy.

Withdrawn, declined and ineligible applications are anonymised RETENTION_GRANT_YEARS after
that happened. The free text a group wrote or was written about it goes (the project's
title and description, budget line descriptions, questions and answers, the rationale and
every reason in its history, panel comments and conflict notes), since that is where people
are named. The figures stay: round, group, group type, wards, people reached, amounts,
dates, statuses, eligibility answers and scores. The group itself is an organisation in the
directory, not part of the application, and is not touched.

Applications have no marker field of their own: the anonymisation register in
thriving.privacy records which have been done.
"""

from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from thriving.privacy.registry import RetentionRule, register_retention
from thriving.privacy.selectors import not_anonymised

from .models import (
    Application,
    ApplicationEvent,
    BudgetLine,
    ConflictDeclaration,
    InformationRequest,
    Score,
)
from .workflow import Status

OBJECT_TYPE = "grants.application"
ENDED_STATUSES = (Status.WITHDRAWN, Status.DECLINED, Status.INELIGIBLE)
ANONYMISED = "Anonymised"
ANONYMISED_TITLE = "Anonymised application"


def _years() -> int:
    return settings.RETENTION_GRANT_YEARS


def _period() -> str:
    years = _years()
    return f"{years} year{'s' if years != 1 else ''} after withdrawal or decision"


def due(*, now: datetime) -> QuerySet:
    """Applications withdrawn, declined or found ineligible longer ago than the retention
    period, counted from the event that ended them."""
    cutoff = now - relativedelta(years=_years())
    ended_at = (
        ApplicationEvent.objects.filter(application=OuterRef("pk"), to_status=OuterRef("status"))
        .order_by("-at")
        .values("at")[:1]
    )
    applications = (
        Application.objects.filter(status__in=ENDED_STATUSES)
        .annotate(retention_from=Coalesce(Subquery(ended_at), "decided_at", "updated_at"))
        .filter(retention_from__lte=cutoff)
    )
    return not_anonymised(applications)


def anonymise(*, obj: Application, now: datetime) -> None:
    Application.objects.filter(pk=obj.pk).update(
        project_title=ANONYMISED_TITLE,
        project_description="",
        decision_rationale="",
        updated_at=now,
    )
    BudgetLine.objects.filter(application=obj).update(description=ANONYMISED)
    InformationRequest.objects.filter(application=obj).update(question=ANONYMISED)
    # An answered request must keep an answer (a database constraint).
    InformationRequest.objects.filter(application=obj, answered_at__isnull=False).update(
        answer=ANONYMISED
    )
    ApplicationEvent.objects.filter(application=obj).update(reason="")
    Score.objects.filter(application=obj).update(comment="")
    ConflictDeclaration.objects.filter(application=obj).update(note="")
    obj.refresh_from_db()


register_retention(
    RetentionRule(
        kind=OBJECT_TYPE,
        label="Withdrawn, declined and ineligible grant applications",
        due=due,
        anonymise=anonymise,
        period=_period,
    )
)
