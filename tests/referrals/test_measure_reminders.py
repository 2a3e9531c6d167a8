"""Issue 6's row "a case closing without an end outcome measure, or open 12 weeks without one":
two reminder rules to the link worker, due and not due either side of their deadlines, and a
sweep run twice reminds once."""

from datetime import date

import pytest

from referrals.models import Timepoint
from referrals.workflow import NoEndMeasureReason, Status
from tests.factories import user_with_role
from tests.notifications.support import due, london
from tests.referrals.case_data import referral_in
from tests.referrals.measure_data import measure
from thriving.accounts.roles import Role
from thriving.notifications import registry
from thriving.notifications.models import Notification, Reminder
from thriving.notifications.services import reminders_sweep

pytestmark = pytest.mark.django_db

TO_FOLLOW = "referral_end_measure_to_follow"
TWELVE_WEEKS = "referral_end_measure_overdue"


def test_both_rules_are_registered_for_link_workers():
    for kind in (TO_FOLLOW, TWELVE_WEEKS):
        rule = registry.rule_for(kind)
        assert rule is not None
        assert rule.roles == frozenset({Role.LINK_WORKER})


# ------------------------------------------------------------------------------------------
# Closed with the end measure "to follow"
# ------------------------------------------------------------------------------------------


@pytest.fixture
def to_follow(practice, provider, link_worker):
    return referral_in(
        Status.CLOSED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        submitted_at=london(2026, 1, 5),
        closed_at=london(2026, 3, 2, 15),
        no_end_measure_reason=NoEndMeasureReason.TO_FOLLOW,
    )


def test_to_follow_is_due_to_the_link_worker_on_the_day_the_case_closed(to_follow, link_worker):
    [row] = due(TO_FOLLOW, london(2026, 3, 2, 16))
    assert (row.recipient_id, row.object_id, row.due_on) == (
        link_worker.pk,
        str(to_follow.pk),
        date(2026, 3, 2),
    )
    assert row.title == f"Record the end wellbeing measure for {to_follow.reference}"
    assert to_follow.family_name not in row.title
    assert row.link == f"/referrals/{to_follow.pk}/"


def test_to_follow_is_not_due_before_the_case_closed(to_follow):
    assert due(TO_FOLLOW, london(2026, 3, 1, 12)) == []


def test_to_follow_is_still_due_28_days_after_closing(to_follow):
    assert len(due(TO_FOLLOW, london(2026, 3, 30, 23, 59))) == 1


def test_to_follow_stops_after_28_days(to_follow):
    assert due(TO_FOLLOW, london(2026, 3, 31, 0, 1)) == []


def test_to_follow_stops_once_the_end_measure_is_recorded(to_follow, link_worker):
    measure(to_follow, by=link_worker, timepoint=Timepoint.END, taken_on=date(2026, 3, 4))
    assert due(TO_FOLLOW, london(2026, 3, 5)) == []


def test_a_start_or_review_measure_does_not_stop_it(to_follow, link_worker):
    measure(to_follow, by=link_worker, timepoint=Timepoint.START, taken_on=date(2026, 1, 20))
    measure(to_follow, by=link_worker, timepoint=Timepoint.REVIEW, taken_on=date(2026, 2, 20))
    assert len(due(TO_FOLLOW, london(2026, 3, 5))) == 1


@pytest.mark.parametrize(
    "reason",
    [NoEndMeasureReason.DECLINED, NoEndMeasureReason.UNABLE_TO_CONTACT, ""],
)
def test_other_reasons_are_not_reminded(to_follow, reason):
    to_follow.no_end_measure_reason = reason
    to_follow.save()
    assert due(TO_FOLLOW, london(2026, 3, 5)) == []


def test_an_inactive_link_worker_is_not_reminded(to_follow, link_worker):
    link_worker.is_active = False
    link_worker.save()
    assert due(TO_FOLLOW, london(2026, 3, 5)) == []


# ------------------------------------------------------------------------------------------
# Open 12 weeks without an end measure
# ------------------------------------------------------------------------------------------


@pytest.fixture
def long_case(practice, provider, link_worker):
    # Accepted Monday 5 January 2026; 84 days later is Monday 30 March.
    return referral_in(
        Status.ENGAGED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        submitted_at=london(2026, 1, 2),
        accepted_at=london(2026, 1, 5, 14),
    )


def test_twelve_weeks_is_not_due_on_day_83(long_case):
    assert due(TWELVE_WEEKS, london(2026, 3, 29, 23, 59)) == []


def test_twelve_weeks_is_due_on_day_84(long_case, link_worker):
    [row] = due(TWELVE_WEEKS, london(2026, 3, 30, 0, 1))
    assert (row.recipient_id, row.due_on) == (link_worker.pk, date(2026, 3, 30))
    assert row.title == (
        f"Referral {long_case.reference} has been open 12 weeks with no end wellbeing measure"
    )


def test_an_end_measure_clears_the_twelve_week_reminder(long_case, link_worker):
    measure(long_case, by=link_worker, timepoint=Timepoint.END, taken_on=date(2026, 3, 20))
    assert due(TWELVE_WEEKS, london(2026, 4, 10)) == []


@pytest.mark.parametrize("status", [Status.ACCEPTED, Status.CONTACTING])
def test_accepted_and_contacting_cases_count_too(practice, provider, link_worker, status):
    referral_in(
        status,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        accepted_at=london(2026, 1, 5),
    )
    assert len(due(TWELVE_WEEKS, london(2026, 4, 1))) == 1


@pytest.mark.parametrize("status", [Status.ON_HOLD, Status.CLOSED])
def test_cases_on_hold_or_closed_are_not_reminded_at_twelve_weeks(
    practice, provider, link_worker, status
):
    referral_in(
        status,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        accepted_at=london(2026, 1, 5),
    )
    assert due(TWELVE_WEEKS, london(2026, 4, 1)) == []


def test_the_reassigned_case_goes_to_its_new_link_worker(long_case, provider):
    newcomer = user_with_role(Role.LINK_WORKER, provider, email="new-lw@test.example.org")
    long_case.link_worker = newcomer
    long_case.save()
    [row] = due(TWELVE_WEEKS, london(2026, 4, 1))
    assert row.recipient_id == newcomer.pk


# ------------------------------------------------------------------------------------------
# Through the sweep
# ------------------------------------------------------------------------------------------


def test_sweeping_twice_reminds_once(to_follow, long_case, link_worker):
    now = london(2026, 3, 30, 9)

    first = reminders_sweep(now=now)
    second = reminders_sweep(now=now)

    kinds = sorted(
        Reminder.objects.filter(kind__in=[TO_FOLLOW, TWELVE_WEEKS]).values_list("kind", flat=True)
    )
    assert kinds == [TWELVE_WEEKS, TO_FOLLOW]
    assert Notification.objects.filter(recipient=link_worker, reminder__kind=TO_FOLLOW).count() == 1
    assert second.notified == 0
    assert first.notified >= 2


def test_recording_the_measure_resolves_the_reminder(to_follow, link_worker):
    reminders_sweep(now=london(2026, 3, 3, 9))
    measure(to_follow, by=link_worker, timepoint=Timepoint.END, taken_on=date(2026, 3, 4))

    reminders_sweep(now=london(2026, 3, 4, 12))

    reminder = Reminder.objects.get(kind=TO_FOLLOW)
    assert reminder.resolved_at is not None
