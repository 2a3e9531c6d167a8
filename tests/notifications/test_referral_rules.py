"""Each referral reminder rule: due and not due either side of its deadline, counted in
working days across Easter 2026 (Good Friday 3 April, Easter Monday 6 April)."""

from datetime import date

import pytest

from referrals.models import ReferralEvent
from referrals.workflow import Status
from tests.factories import user_with_role
from tests.notifications.support import due, london, recipients
from tests.referrals.case_data import referral_in
from thriving.accounts.roles import Role

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------------------------------
# Unallocated for 1 working day -> every provider coordinator
# ------------------------------------------------------------------------------------------


@pytest.fixture
def unallocated(practice):
    return referral_in(Status.SUBMITTED, practice=practice, submitted_at=london(2026, 4, 2, 16))


def test_unallocated_referral_is_not_due_over_the_easter_weekend(unallocated, coordinator):
    assert due("referral_unallocated", london(2026, 4, 6, 23, 59)) == []


def test_unallocated_referral_is_due_on_easter_tuesday(unallocated, coordinator):
    [row] = due("referral_unallocated", london(2026, 4, 7, 0, 1))
    assert (row.recipient_id, row.object_id, row.due_on) == (
        coordinator.pk,
        str(unallocated.pk),
        date(2026, 4, 7),
    )


def test_unallocated_referral_goes_to_every_provider_coordinator(
    unallocated, coordinator, other_coordinator, link_worker
):
    assert recipients("referral_unallocated", london(2026, 4, 7)) == {
        coordinator.pk,
        other_coordinator.pk,
    }


def test_unallocated_reminder_names_the_reference_never_the_person(unallocated, coordinator):
    [row] = due("referral_unallocated", london(2026, 4, 7))
    assert unallocated.reference in row.title
    assert unallocated.family_name not in row.title
    assert row.link == f"/referrals/{unallocated.pk}/"


def test_allocated_referral_is_not_reminded_as_unallocated(practice, provider, coordinator):
    referral_in(
        Status.ALLOCATED, practice=practice, provider=provider, submitted_at=london(2026, 4, 1)
    )
    assert due("referral_unallocated", london(2026, 4, 20)) == []


def test_inactive_coordinator_is_not_reminded(unallocated, coordinator, second_coordinator):
    second_coordinator.is_active = False
    second_coordinator.save()
    assert recipients("referral_unallocated", london(2026, 4, 7)) == {coordinator.pk}


# ------------------------------------------------------------------------------------------
# Allocated, not accepted: 2 working days, and again at 10 -> the provider's coordinators
# ------------------------------------------------------------------------------------------


@pytest.fixture
def allocated(practice, provider):
    return referral_in(
        Status.ALLOCATED, practice=practice, provider=provider, allocated_at=london(2026, 4, 1, 9)
    )


def test_allocated_referral_is_not_due_on_easter_monday(allocated, coordinator):
    assert due("referral_not_accepted", london(2026, 4, 6, 23)) == []


def test_allocated_referral_is_due_two_working_days_later(allocated, coordinator):
    [row] = due("referral_not_accepted", london(2026, 4, 7, 8))
    assert row.due_on == date(2026, 4, 7)


def test_not_accepted_goes_to_the_providers_coordinators_only(
    allocated, coordinator, second_coordinator, other_coordinator, link_worker
):
    assert recipients("referral_not_accepted", london(2026, 4, 7)) == {
        coordinator.pk,
        second_coordinator.pk,
    }


def test_escalation_is_not_due_after_nine_working_days(allocated, coordinator):
    assert due("referral_not_accepted_escalated", london(2026, 4, 16, 18)) == []


def test_escalation_is_due_after_ten_working_days(allocated, coordinator):
    [row] = due("referral_not_accepted_escalated", london(2026, 4, 17, 7))
    assert (row.recipient_id, row.due_on) == (coordinator.pk, date(2026, 4, 17))


def test_accepted_referral_is_not_reminded_as_not_accepted(
    practice, provider, coordinator, link_worker
):
    referral_in(
        Status.ACCEPTED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        allocated_at=london(2026, 4, 1),
    )
    assert due("referral_not_accepted", london(2026, 4, 20)) == []


# ------------------------------------------------------------------------------------------
# Accepted, no contact attempt: 2 working days -> link worker; 5 more -> coordinators
# ------------------------------------------------------------------------------------------


@pytest.fixture
def accepted(practice, provider, link_worker):
    return referral_in(
        Status.ACCEPTED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        accepted_at=london(2026, 4, 2, 11),
    )


def test_first_contact_is_not_due_the_first_working_day_after_easter(accepted):
    assert due("referral_first_contact", london(2026, 4, 7, 17)) == []


def test_first_contact_is_due_to_the_link_worker_two_working_days_after(accepted, link_worker):
    [row] = due("referral_first_contact", london(2026, 4, 8, 9))
    assert (row.recipient_id, row.due_on) == (link_worker.pk, date(2026, 4, 8))


def test_a_contact_attempt_clears_the_first_contact_reminder(accepted):
    accepted.status = Status.CONTACTING
    accepted.first_contact_at = london(2026, 4, 7, 12)
    accepted.save()
    assert due("referral_first_contact", london(2026, 4, 20)) == []


def test_coordinators_are_not_told_four_working_days_past_the_target(accepted, coordinator):
    assert due("referral_first_contact_escalated", london(2026, 4, 14, 20)) == []


def test_coordinators_are_told_five_working_days_past_the_target(
    accepted, coordinator, second_coordinator, link_worker
):
    assert recipients("referral_first_contact_escalated", london(2026, 4, 15, 6)) == {
        coordinator.pk,
        second_coordinator.pk,
    }


# ------------------------------------------------------------------------------------------
# Follow-up date reached -> link worker
# ------------------------------------------------------------------------------------------


@pytest.fixture
def engaged(practice, provider, link_worker):
    return referral_in(
        Status.ENGAGED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        next_contact_date=date(2026, 4, 10),
    )


def test_follow_up_is_not_due_the_day_before(engaged):
    assert due("referral_follow_up", london(2026, 4, 9, 23, 59)) == []


def test_follow_up_is_due_on_the_date(engaged, link_worker):
    [row] = due("referral_follow_up", london(2026, 4, 10, 0, 1))
    assert (row.recipient_id, row.due_on) == (link_worker.pk, date(2026, 4, 10))


def test_closed_case_has_no_follow_up(engaged):
    engaged.status = Status.CLOSED
    engaged.close_reason = "goals_met"
    engaged.closed_at = london(2026, 4, 9)
    engaged.save()
    assert due("referral_follow_up", london(2026, 4, 20)) == []


def test_case_on_hold_has_no_follow_up(engaged):
    engaged.status = Status.ON_HOLD
    engaged.status_before_hold = Status.ENGAGED
    engaged.save()
    assert due("referral_follow_up", london(2026, 4, 20)) == []


# ------------------------------------------------------------------------------------------
# Engaged with no activity for 28 days -> link worker (activity: the latest event)
# ------------------------------------------------------------------------------------------


@pytest.fixture
def quiet_case(practice, provider, link_worker):
    referral = referral_in(
        Status.ENGAGED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        accepted_at=london(2026, 2, 1),
    )
    ReferralEvent.objects.create(referral=referral, at=london(2026, 3, 1, 15), kind="note")
    return referral


def test_quiet_case_is_not_due_after_27_days(quiet_case):
    # 28 March is the day before the clocks go forward; 29 March is day 28.
    assert due("referral_inactive", london(2026, 3, 28, 23, 59)) == []


def test_quiet_case_is_due_after_28_days(quiet_case, link_worker):
    [row] = due("referral_inactive", london(2026, 3, 29, 0, 30))
    assert (row.recipient_id, row.due_on) == (link_worker.pk, date(2026, 3, 29))


def test_any_newer_event_counts_as_activity(quiet_case):
    ReferralEvent.objects.create(referral=quiet_case, at=london(2026, 3, 20), kind="contact")
    assert due("referral_inactive", london(2026, 4, 1)) == []


def test_contacting_case_is_not_reminded_as_inactive(practice, provider, link_worker):
    referral = referral_in(
        Status.CONTACTING, practice=practice, provider=provider, link_worker=link_worker
    )
    ReferralEvent.objects.create(referral=referral, at=london(2026, 1, 1), kind="note")
    assert due("referral_inactive", london(2026, 4, 1)) == []


def test_reassigned_case_goes_to_the_new_link_worker(quiet_case, provider):
    newcomer = user_with_role(Role.LINK_WORKER, provider, email="new-lw@test.example.org")
    quiet_case.link_worker = newcomer
    quiet_case.save()
    assert recipients("referral_inactive", london(2026, 4, 1)) == {newcomer.pk}
