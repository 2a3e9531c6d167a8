"""The next action on a case and when it is due: pure functions of the row."""

from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from referrals.presenters_cases import age_on, case_rows, next_action, sort_rows, urgency_tag
from referrals.workflow import Status

LONDON = ZoneInfo("Europe/London")
THURSDAY = datetime(2025, 3, 6, 10, 0, tzinfo=LONDON)


def case(status, **fields):
    values = {
        "status": status,
        "accepted_at": THURSDAY,
        "updated_at": THURSDAY,
        "next_contact_date": None,
        "submitted_at": THURSDAY,
        "family_name": "Smith",
        "given_name": "Jo",
    }
    values.update(fields)
    return SimpleNamespace(**values)


def test_an_accepted_case_needs_a_first_contact_two_working_days_after_acceptance():
    action = next_action(case(Status.ACCEPTED), today=date(2025, 3, 6))

    assert action.label == "First contact attempt"
    assert action.due == date(2025, 3, 10)  # Thursday + 2 working days skips the weekend


def test_the_first_contact_target_skips_bank_holidays():
    maundy_thursday = datetime(2025, 4, 17, 9, 0, tzinfo=LONDON)

    action = next_action(
        case(Status.ACCEPTED, accepted_at=maundy_thursday), today=date(2025, 4, 17)
    )

    assert action.due == date(2025, 4, 23)  # Good Friday and Easter Monday do not count


def test_acceptance_late_in_the_evening_counts_from_the_london_date():
    late = datetime(2025, 3, 6, 23, 30, tzinfo=LONDON)

    action = next_action(case(Status.ACCEPTED, accepted_at=late), today=date(2025, 3, 6))

    assert action.due == date(2025, 3, 10)


def test_an_accepted_case_is_overdue_the_day_after_it_was_due():
    assert next_action(case(Status.ACCEPTED), today=date(2025, 3, 10)).overdue is False
    assert next_action(case(Status.ACCEPTED), today=date(2025, 3, 11)).overdue is True


def test_a_case_being_contacted_needs_the_next_attempt():
    action = next_action(case(Status.CONTACTING), today=date(2025, 3, 6))

    assert action.label == "Next contact attempt"
    assert action.due == date(2025, 3, 10)


def test_after_three_failed_attempts_the_next_action_offers_closing():
    action = next_action(case(Status.CONTACTING), today=date(2025, 3, 6), failed_attempts=3)

    assert action.label == "Try again or close as unable to contact"


def test_an_engaged_case_is_due_on_its_next_contact_date_when_set():
    action = next_action(
        case(Status.ENGAGED, next_contact_date=date(2025, 3, 20)), today=date(2025, 3, 6)
    )

    assert action.label == "Next contact"
    assert action.due == date(2025, 3, 20)


def test_an_engaged_case_without_a_date_needs_a_follow_up_four_weeks_after_the_last_activity():
    action = next_action(case(Status.ENGAGED), today=date(2025, 3, 6))

    assert action.label == "Follow-up"
    assert action.due == date(2025, 4, 3)


def test_a_case_on_hold_needs_resuming_or_closing():
    action = next_action(case(Status.ON_HOLD), today=date(2025, 3, 6))

    assert action.label == "Resume or close"
    assert action.due == date(2025, 4, 3)


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.ALLOCATED, Status.CLOSED])
def test_a_referral_that_is_not_an_open_case_has_no_next_action(status):
    assert next_action(case(status), today=date(2025, 3, 6)) is None


def test_rows_sort_by_due_date_with_no_due_date_last():
    rows = case_rows(
        [
            case(Status.ENGAGED, family_name="Later"),
            case(Status.CLOSED, family_name="Closed"),
            case(Status.ACCEPTED, family_name="Sooner"),
        ],
        today=date(2025, 3, 6),
    )

    names = [row.referral.family_name for row in sort_rows(rows, "due")]

    assert names == ["Sooner", "Later", "Closed"]


def test_rows_sort_by_name_ignoring_case():
    rows = case_rows(
        [case(Status.ENGAGED, family_name="de Souza"), case(Status.ENGAGED, family_name="Brown")],
        today=date(2025, 3, 6),
    )

    assert [r.referral.family_name for r in sort_rows(rows, "name")] == ["Brown", "de Souza"]


def test_rows_sort_by_date_referred_oldest_first():
    rows = case_rows(
        [
            case(Status.ENGAGED, family_name="New", submitted_at=THURSDAY),
            case(Status.ENGAGED, family_name="Old", submitted_at=THURSDAY - timedelta(days=9)),
        ],
        today=date(2025, 3, 6),
    )

    assert [r.referral.family_name for r in sort_rows(rows, "submitted")] == ["Old", "New"]


def test_only_urgent_referrals_carry_a_tag_and_it_says_so_in_words():
    assert urgency_tag("urgent") == {"label": "Urgent", "css": "nhsuk-tag--red"}
    assert urgency_tag("routine") is None


def test_age_counts_whole_years_to_the_day_before_a_birthday():
    assert age_on(date(1960, 3, 7), date(2025, 3, 6)) == 64
    assert age_on(date(1960, 3, 6), date(2025, 3, 6)) == 65
