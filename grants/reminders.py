"""The grants' reminder rules (issue 6), registered into thriving.notifications.

Panel members with scores to give, grant officers with decisions coming due, and groups (then
officers) with a monitoring report due. Each rule is one set-based query; working-day
cutoffs are worked out once in Python.

The grants model has no officer assigned to an application or a round, so "the officer" is
every active grant officer.
"""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q, Subquery

from thriving.accounts.models import Membership
from thriving.accounts.roles import Role
from thriving.notifications.deadlines import due_after_working_days, started_before
from thriving.notifications.registry import Due, ReminderRule, link_builder, register

from .models import (
    Application,
    ApplicationEvent,
    ConflictDeclaration,
    MonitoringReport,
    Round,
    Score,
)
from .workflow import IN_ASSESSMENT_STATUSES, Status

APPLICATION = "application"
MONITORING_REPORT = "monitoring_report"
CHUNK = 2000

SCORE_WITHIN_WORKING_DAYS = 3
DECISION_WARNING_WORKING_DAYS = 2
MONITORING_WARNING_DAYS = 7
MONITORING_OPEN_STATUSES = (Status.PAID, Status.MONITORING_DUE)


def _grant_officer_ids() -> list[int]:
    return sorted(
        set(
            Membership.objects.filter(
                role=Role.GRANT_OFFICER,
                is_active=True,
                user__is_active=True,
                organisation__is_active=True,
            ).values_list("user_id", flat=True)
        )
    )


def _day(day) -> str:
    return f"{day.day} {day:%B %Y}"


def panel_scores(*, today, now):
    """One row per (application with the panel, member of its round's panel) where the member
    has neither declared a conflict nor scored, and the application has been with the panel
    for 3 working days."""
    link = link_builder("grants:panel_application")
    with_panel_since = ApplicationEvent.objects.filter(
        application=OuterRef("round__applications"), to_status=Status.PANEL_REVIEW
    ).order_by("-at")
    conflicted = ConflictDeclaration.objects.filter(
        application=OuterRef("round__applications"),
        member=OuterRef("user_id"),
        has_conflict=True,
    )
    scored = Score.objects.filter(
        application=OuterRef("round__applications"), member=OuterRef("user_id")
    )
    rows = (
        Round.panel_members.through.objects.filter(
            round__applications__status=Status.PANEL_REVIEW, user__is_active=True
        )
        .annotate(panel_since=Subquery(with_panel_since.values("at")[:1]))
        .alias(conflicted=Exists(conflicted), scored=Exists(scored))
        .filter(
            panel_since__lt=started_before(today, SCORE_WITHIN_WORKING_DAYS),
            conflicted=False,
            scored=False,
        )
        .order_by("round__applications__id", "user_id")
        .values_list(
            "user_id", "round__applications__id", "round__applications__reference", "panel_since"
        )
    )
    for member, pk, reference, panel_since in rows.iterator(chunk_size=CHUNK):
        yield Due(
            member,
            APPLICATION,
            str(pk),
            due_after_working_days(panel_since, SCORE_WITHIN_WORKING_DAYS),
            f"Application {reference} is waiting for your scores",
            link(pk),
        )


def decision_targets(*, today, now):
    """Applications still undecided whose decision target (the round's working days from
    submission) is 2 working days away or less. One cutoff per distinct target length."""
    officers = _grant_officer_ids()
    if not officers:
        return
    horizon = due_after_working_days(today, DECISION_WARNING_WORKING_DAYS)
    lengths = set(
        Round.objects.filter(applications__status__in=IN_ASSESSMENT_STATUSES)
        .order_by()
        .values_list("decision_target_working_days", flat=True)
        .distinct()
    )
    if not lengths:
        return
    due_soon = Q()
    for days in lengths:
        due_soon |= Q(
            round__decision_target_working_days=days,
            submitted_at__lt=started_before(horizon, days),
        )
    link = link_builder("grants:officer_application")
    rows = (
        Application.objects.filter(status__in=IN_ASSESSMENT_STATUSES, submitted_at__isnull=False)
        .filter(due_soon)
        .order_by("pk")
        .values_list("pk", "reference", "submitted_at", "round__decision_target_working_days")
    )
    for pk, reference, submitted_at, days in rows.iterator(chunk_size=CHUNK):
        target = due_after_working_days(submitted_at, days)
        title = f"Application {reference} needs a decision by {_day(target)}"
        for officer in officers:
            yield Due(officer, APPLICATION, str(pk), target, title, link(pk))


def _open_reports():
    return MonitoringReport.objects.filter(
        submitted_at__isnull=True,
        application__status__in=MONITORING_OPEN_STATUSES,
        application__applicant__is_active=True,
    )


def monitoring_due(*, today, now):
    """The group's representative, from 7 days before the report is due until the due date
    (after it, `monitoring_overdue` takes over)."""
    link = link_builder("grants:monitoring")
    rows = (
        _open_reports()
        .filter(due_on__gte=today, due_on__lte=today + timedelta(days=MONITORING_WARNING_DAYS))
        .order_by("pk")
        .values_list(
            "application__applicant_id", "pk", "application_id", "application__reference", "due_on"
        )
    )
    for applicant, pk, application_id, reference, due_on in rows.iterator(chunk_size=CHUNK):
        yield Due(
            applicant,
            MONITORING_REPORT,
            str(pk),
            due_on,
            f"The monitoring report for {reference} is due on {_day(due_on)}",
            link(application_id),
        )


def monitoring_overdue(*, today, now):
    """Once the due date has passed: the group's representative again, then the officers."""
    officers = _grant_officer_ids()
    applicant_link = link_builder("grants:monitoring")
    officer_link = link_builder("grants:officer_application")
    rows = (
        _open_reports()
        .filter(due_on__lt=today)
        .order_by("pk")
        .values_list(
            "application__applicant_id", "pk", "application_id", "application__reference", "due_on"
        )
    )
    for applicant, pk, application_id, reference, due_on in rows.iterator(chunk_size=CHUNK):
        title = f"The monitoring report for {reference} is overdue (due {_day(due_on)})"
        yield Due(
            applicant, MONITORING_REPORT, str(pk), due_on, title, applicant_link(application_id)
        )
        for officer in officers:
            yield Due(
                officer, MONITORING_REPORT, str(pk), due_on, title, officer_link(application_id)
            )


for _rule in [
    ReminderRule(
        kind="grant_panel_score",
        label="An application has waited 3 working days for your scores",
        find=panel_scores,
        roles=frozenset({Role.PANEL_MEMBER}),
    ),
    ReminderRule(
        kind="grant_decision_target",
        label="An application's decision target is 2 working days away",
        find=decision_targets,
        roles=frozenset({Role.GRANT_OFFICER}),
    ),
    ReminderRule(
        kind="grant_monitoring_due",
        label="Your group's monitoring report is due in 7 days",
        find=monitoring_due,
        roles=frozenset({Role.GRANT_APPLICANT}),
    ),
    ReminderRule(
        kind="grant_monitoring_overdue",
        label="A monitoring report is overdue",
        find=monitoring_overdue,
        roles=frozenset({Role.GRANT_APPLICANT, Role.GRANT_OFFICER}),
    ),
]:
    register(_rule)
