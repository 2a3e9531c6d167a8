"""The referral journey's reminder rules (issue 6), registered into thriving.notifications.

Each rule is one set-based query over referrals: the cutoff ("N working days ago") is worked
out once in Python, and the rows are streamed, never loaded whole. Titles name a referral by
its reference only, never by the person's name or NHS number.
"""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from thriving.accounts.models import Membership
from thriving.accounts.roles import OrganisationKind, Role
from thriving.notifications.deadlines import (
    due_after_working_days,
    local_day,
    started_before,
    started_days_before,
)
from thriving.notifications.registry import Due, ReminderRule, link_builder, register

from .measures import END_MEASURE_GRACE_DAYS
from .models import OutcomeMeasure, Referral, ReferralEvent, Timepoint
from .workflow import CLOSED_STATUSES, NoEndMeasureReason, Status

OBJECT_TYPE = "referral"
CHUNK = 5000

# The service's targets (PRODUCT.md) and the escalations of issue 6.
ALLOCATE_WITHIN_WORKING_DAYS = 1
ACCEPT_WITHIN_WORKING_DAYS = 2
ACCEPT_ESCALATION_WORKING_DAYS = 10
FIRST_CONTACT_WITHIN_WORKING_DAYS = 2
# "and the coordinator when 5 overdue": five working days past the two-day target.
FIRST_CONTACT_ESCALATION_WORKING_DAYS = FIRST_CONTACT_WITHIN_WORKING_DAYS + 5
INACTIVE_AFTER_DAYS = 28
# "open 12 weeks without an end outcome measure"
END_MEASURE_AFTER_DAYS = 12 * 7
WORKING_STATUSES = (Status.ACCEPTED, Status.CONTACTING, Status.ENGAGED)


def _provider_coordinator_ids() -> list[int]:
    """Every active coordinator of an active provider: an unallocated referral sits in the
    borough's triage inbox, where any of them may allocate it."""
    return sorted(
        set(
            Membership.objects.filter(
                role=Role.COORDINATOR,
                is_active=True,
                user__is_active=True,
                organisation__kind=OrganisationKind.PROVIDER,
                organisation__is_active=True,
            ).values_list("user_id", flat=True)
        )
    )


def _with_provider_coordinators(queryset):
    """One row per (referral, coordinator of its provider): a join, not a loop."""
    return queryset.filter(
        provider__memberships__role=Role.COORDINATOR,
        provider__memberships__is_active=True,
        provider__memberships__user__is_active=True,
    )


def _dues(rows, *, due_on, title):
    """One Due per (person, referral, reference, anchor) row, streamed in chunks: `due_on`
    turns the anchor into the due date, `title` is formatted with the reference."""
    link = link_builder("referrals:detail")
    for person, pk, reference, anchor in rows.iterator(chunk_size=CHUNK):
        yield Due(
            person,
            OBJECT_TYPE,
            str(pk),
            due_on(anchor),
            title.format(reference=reference),
            link(pk),
        )


def unallocated(*, today, now):
    coordinators = _provider_coordinator_ids()
    if not coordinators:
        return
    link = link_builder("referrals:detail")
    rows = (
        Referral.objects.unallocated()
        .filter(submitted_at__lt=started_before(today, ALLOCATE_WITHIN_WORKING_DAYS))
        .order_by("pk")
        .values_list("pk", "reference", "submitted_at")
    )
    for pk, reference, submitted_at in rows.iterator(chunk_size=CHUNK):
        due_on = due_after_working_days(submitted_at, ALLOCATE_WITHIN_WORKING_DAYS)
        title = f"Referral {reference} is waiting to be allocated"
        for coordinator in coordinators:
            yield Due(coordinator, OBJECT_TYPE, str(pk), due_on, title, link(pk))


def _not_accepted(working_days: int, title: str):
    def find(*, today, now):
        rows = (
            _with_provider_coordinators(
                Referral.objects.filter(
                    status=Status.ALLOCATED,
                    allocated_at__lt=started_before(today, working_days),
                )
            )
            .order_by("pk", "provider__memberships__user_id")
            .values_list("provider__memberships__user_id", "pk", "reference", "allocated_at")
        )
        yield from _dues(
            rows,
            due_on=lambda allocated_at: due_after_working_days(allocated_at, working_days),
            title=title,
        )

    return find


def first_contact(*, today, now):
    rows = (
        Referral.objects.filter(
            status=Status.ACCEPTED,
            first_contact_at__isnull=True,
            link_worker__is_active=True,
            accepted_at__lt=started_before(today, FIRST_CONTACT_WITHIN_WORKING_DAYS),
        )
        .order_by("pk")
        .values_list("link_worker_id", "pk", "reference", "accepted_at")
    )
    yield from _dues(
        rows,
        due_on=lambda accepted_at: due_after_working_days(
            accepted_at, FIRST_CONTACT_WITHIN_WORKING_DAYS
        ),
        title="Referral {reference} needs a first contact attempt",
    )


def first_contact_escalated(*, today, now):
    rows = (
        _with_provider_coordinators(
            Referral.objects.filter(
                status=Status.ACCEPTED,
                first_contact_at__isnull=True,
                accepted_at__lt=started_before(today, FIRST_CONTACT_ESCALATION_WORKING_DAYS),
            )
        )
        .order_by("pk", "provider__memberships__user_id")
        .values_list("provider__memberships__user_id", "pk", "reference", "accepted_at")
    )
    yield from _dues(
        rows,
        due_on=lambda accepted_at: due_after_working_days(
            accepted_at, FIRST_CONTACT_ESCALATION_WORKING_DAYS
        ),
        title="Referral {reference}: no contact attempt 5 working days after the target",
    )


def follow_up(*, today, now):
    rows = (
        Referral.objects.filter(
            status__in=WORKING_STATUSES,
            next_contact_date__lte=today,
            link_worker__is_active=True,
        )
        .order_by("pk")
        .values_list("link_worker_id", "pk", "reference", "next_contact_date")
    )
    yield from _dues(rows, due_on=lambda day: day, title="Referral {reference} is due a follow-up")


def inactive(*, today, now):
    """Engaged cases with no event (any kind: contact, note, goal, status...) since the cutoff:
    an anti-join on the events, then the latest event read for the due cases only."""
    cutoff = started_days_before(today, INACTIVE_AFTER_DAYS)
    recent = ReferralEvent.objects.filter(referral=OuterRef("pk"), at__gte=cutoff)
    latest = ReferralEvent.objects.filter(referral=OuterRef("pk")).order_by("-at").values("at")[:1]
    rows = (
        Referral.objects.filter(status=Status.ENGAGED, link_worker__is_active=True)
        .filter(~Exists(recent))
        .filter(Q(accepted_at__lt=cutoff) | Q(accepted_at__isnull=True))
        .annotate(last_activity=Coalesce(Subquery(latest), "accepted_at", "submitted_at"))
        .order_by("pk")
        .values_list("link_worker_id", "pk", "reference", "last_activity")
    )
    yield from _dues(
        rows,
        due_on=lambda last_activity: local_day(last_activity) + timedelta(days=INACTIVE_AFTER_DAYS),
        title=f"Referral {{reference}} has had no activity for {INACTIVE_AFTER_DAYS} days",
    )


def _no_end_measure():
    return ~Exists(OutcomeMeasure.objects.filter(referral=OuterRef("pk"), timepoint=Timepoint.END))


def end_measure_to_follow(*, today, now):
    """Closed with the end wellbeing measure "to follow" and still none: due on the day it
    closed, until the measure is recorded or the 28 days in which it may be are over."""
    rows = (
        Referral.objects.filter(
            status__in=CLOSED_STATUSES,
            no_end_measure_reason=NoEndMeasureReason.TO_FOLLOW,
            closed_at__gte=started_days_before(today, END_MEASURE_GRACE_DAYS + 1),
            closed_at__lt=started_days_before(today, 0),
            link_worker__is_active=True,
        )
        .filter(_no_end_measure())
        .order_by("pk")
        .values_list("link_worker_id", "pk", "reference", "closed_at")
    )
    yield from _dues(
        rows,
        due_on=lambda closed_at: local_day(closed_at),
        title="Record the end wellbeing measure for {reference}",
    )


def end_measure_overdue(*, today, now):
    """An active case 12 weeks after it was accepted with no end wellbeing measure."""
    rows = (
        Referral.objects.filter(
            status__in=WORKING_STATUSES,
            accepted_at__lt=started_days_before(today, END_MEASURE_AFTER_DAYS),
            link_worker__is_active=True,
        )
        .filter(_no_end_measure())
        .order_by("pk")
        .values_list("link_worker_id", "pk", "reference", "accepted_at")
    )
    yield from _dues(
        rows,
        due_on=lambda accepted_at: local_day(accepted_at) + timedelta(days=END_MEASURE_AFTER_DAYS),
        title="Referral {reference} has been open 12 weeks with no end wellbeing measure",
    )


COORDINATOR = frozenset({Role.COORDINATOR})
LINK_WORKER = frozenset({Role.LINK_WORKER})

for _rule in [
    ReminderRule(
        kind="referral_unallocated",
        label="A referral is still waiting to be allocated after 1 working day",
        find=unallocated,
        roles=COORDINATOR,
    ),
    ReminderRule(
        kind="referral_not_accepted",
        label="A referral allocated to your organisation is not accepted after 2 working days",
        find=_not_accepted(
            ACCEPT_WITHIN_WORKING_DAYS, "Referral {reference} is waiting to be accepted"
        ),
        roles=COORDINATOR,
    ),
    ReminderRule(
        kind="referral_not_accepted_escalated",
        label="A referral allocated to your organisation is still not accepted after 10 "
        "working days",
        find=_not_accepted(
            ACCEPT_ESCALATION_WORKING_DAYS,
            "Referral {reference} has waited 10 working days to be accepted",
        ),
        roles=COORDINATOR,
    ),
    ReminderRule(
        kind="referral_first_contact",
        label="A case you accepted has no contact attempt after 2 working days",
        find=first_contact,
        roles=LINK_WORKER,
    ),
    ReminderRule(
        kind="referral_first_contact_escalated",
        label="A case in your organisation has no contact attempt 5 working days after the target",
        find=first_contact_escalated,
        roles=COORDINATOR,
    ),
    ReminderRule(
        kind="referral_follow_up",
        label="A case's next contact date has come",
        find=follow_up,
        roles=LINK_WORKER,
    ),
    ReminderRule(
        kind="referral_inactive",
        label="An engaged case has had no activity for 28 days",
        find=inactive,
        roles=LINK_WORKER,
    ),
    ReminderRule(
        kind="referral_end_measure_to_follow",
        label="A case you closed is still waiting for its end wellbeing measure",
        find=end_measure_to_follow,
        roles=LINK_WORKER,
    ),
    ReminderRule(
        kind="referral_end_measure_overdue",
        label="A case has been open 12 weeks with no end wellbeing measure",
        find=end_measure_overdue,
        roles=LINK_WORKER,
    ),
]:
    register(_rule)
