"""Wellbeing measures: the SWEMWBS conversion table, the questions' wording, and recording a
measure through referrals.measures.outcome_measure_record (who, when, what)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from referrals import measures
from referrals.models import EventKind, Instrument, OutcomeMeasure, Timepoint
from referrals.workflow import Status, TransitionNotAllowed
from tests.factories import user_with_role
from tests.referrals.case_data import referral_in
from tests.referrals.measure_data import measure, ons4_scores, swemwbs_scores_for
from thriving.accounts.roles import Role

pytestmark = pytest.mark.django_db

# The published SWEMWBS conversion, as issue 5 gives it (typed out here, not imported).
CONVERSION = {
    7: "7.00", 8: "9.51", 9: "11.25", 10: "12.40", 11: "13.33", 12: "14.08", 13: "14.75",
    14: "15.32", 15: "15.84", 16: "16.36", 17: "16.88", 18: "17.43", 19: "17.98", 20: "18.59",
    21: "19.25", 22: "19.98", 23: "20.73", 24: "21.54", 25: "22.35", 26: "23.21", 27: "24.11",
    28: "25.03", 29: "26.02", 30: "27.03", 31: "28.13", 32: "29.31", 33: "30.70", 34: "32.55",
    35: "35.00",
}  # fmt: skip


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)


@pytest.fixture
def case(practice, provider, link_worker):
    return referral_in(
        Status.ENGAGED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        submitted_at=timezone.now() - timedelta(days=40),
    )


def record(case, by, **kwargs):
    values = {
        "referral": case,
        "by": by,
        "instrument": Instrument.ONS4,
        "timepoint": Timepoint.START,
        "taken_on": days_ago(10),
        "scores": ons4_scores(),
    }
    values.update(kwargs)
    return measures.outcome_measure_record(**values)


def field_errors(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


# ------------------------------------------------------------------------------------------
# The conversion table, through the model's save
# ------------------------------------------------------------------------------------------


def test_the_conversion_table_has_all_29_raw_totals():
    assert sorted(CONVERSION) == list(range(7, 36))


@pytest.mark.parametrize(("raw", "metric"), sorted(CONVERSION.items()))
def test_saving_a_swemwbs_measure_scores_it_by_the_published_table(case, link_worker, raw, metric):
    saved = measure(
        case,
        by=link_worker,
        instrument=Instrument.SWEMWBS,
        taken_on=days_ago(1),
        **swemwbs_scores_for(raw),
    )
    saved.refresh_from_db()
    assert saved.swemwbs_raw == raw
    assert saved.swemwbs_metric == Decimal(metric)


# ------------------------------------------------------------------------------------------
# The wording, in one place
# ------------------------------------------------------------------------------------------


def test_ons4_questions_are_the_official_wording():
    assert measures.ONS4_INTRO == (
        "Next I would like to ask you four questions about your feelings on aspects of your "
        "life. There are no right or wrong answers. For each of these questions I'd like you to "
        "give an answer on a scale of 0 to 10, where 0 is 'not at all' and 10 is 'completely'."
    )
    assert [item.wording for item in measures.ONS4_ITEMS] == [
        "Overall, how satisfied are you with your life nowadays?",
        "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
        "Overall, how happy did you feel yesterday?",
        "On a scale where 0 is 'not at all anxious' and 10 is 'completely anxious', overall, "
        "how anxious did you feel yesterday?",
    ]


def test_swemwbs_statements_and_scale_are_the_official_wording():
    assert measures.SWEMWBS_INTRO == (
        "Below are some statements about feelings and thoughts. Please tick the box that best "
        "describes your experience of each over the last 2 weeks"
    )
    assert [item.wording for item in measures.SWEMWBS_ITEMS] == [
        "I've been feeling optimistic about the future",
        "I've been feeling useful",
        "I've been feeling relaxed",
        "I've been dealing with problems well",
        "I've been thinking clearly",
        "I've been feeling close to other people",
        "I've been able to make up my own mind about things",
    ]
    assert measures.SWEMWBS_SCALE == (
        (1, "None of the time"),
        (2, "Rarely"),
        (3, "Some of the time"),
        (4, "Often"),
        (5, "All of the time"),
    )


# ------------------------------------------------------------------------------------------
# Recording
# ------------------------------------------------------------------------------------------


def test_link_worker_records_an_ons4_start_measure_with_its_four_answers(case, link_worker):
    saved = record(case, link_worker, scores=ons4_scores(life=3, worthwhile=4, happiness=2))

    saved.refresh_from_db()
    assert (saved.ons_life_satisfaction, saved.ons_worthwhile, saved.ons_happiness) == (3, 4, 2)
    assert saved.ons_anxiety == 7
    assert saved.recorded_by == link_worker
    assert saved.taken_on == days_ago(10)


def test_recording_a_swemwbs_measure_scores_it(case, link_worker):
    saved = record(case, link_worker, instrument=Instrument.SWEMWBS, scores=swemwbs_scores_for(24))
    assert (saved.swemwbs_raw, saved.swemwbs_metric) == (24, Decimal("21.54"))


def test_recording_writes_an_event_without_the_scores(case, link_worker):
    record(case, link_worker, scores=ons4_scores(life=9, worthwhile=8, happiness=7, anxiety=3))

    event = case.events.get(kind=EventKind.MEASURE)
    assert event.actor == link_worker
    assert event.reason.startswith("ONS4 start measure, taken on ")
    assert not any(digit in event.reason.split("taken on")[0] for digit in "9873")


def test_a_coordinator_of_the_provider_may_record(case, coordinator):
    assert record(case, coordinator).recorded_by == coordinator


def test_another_link_worker_of_the_same_provider_may_not(case, provider):
    colleague = user_with_role(Role.LINK_WORKER, provider, email="colleague@test.example.org")
    with pytest.raises(PermissionDenied):
        record(case, colleague)
    assert not OutcomeMeasure.objects.exists()


def test_the_referrer_may_not_record(case, referrer):
    with pytest.raises(PermissionDenied):
        record(case, referrer)


def test_staff_of_another_provider_may_not_record(case, other_coordinator):
    with pytest.raises(PermissionDenied):
        record(case, other_coordinator)


def test_a_future_date_is_refused(case, link_worker):
    with pytest.raises(ValidationError) as error:
        record(case, link_worker, taken_on=timezone.localdate() + timedelta(days=1))
    assert field_errors(error.value) == {"taken_on": ["The date taken cannot be in the future."]}


def test_a_date_before_the_referral_was_made_is_refused(case, link_worker):
    with pytest.raises(ValidationError) as error:
        record(case, link_worker, taken_on=days_ago(41))
    [message] = field_errors(error.value)["taken_on"]
    assert message.startswith("The date taken cannot be before the referral was made, on ")


def test_only_one_start_measure_per_instrument(case, link_worker):
    record(case, link_worker)
    with pytest.raises(ValidationError) as error:
        record(case, link_worker, taken_on=days_ago(5))
    [message] = field_errors(error.value)["timepoint"]
    assert "The start ONS4 measure was already recorded" in message
    assert "Record this one as a review or the end measure" in message
    # The other instrument still takes its own start.
    record(case, link_worker, instrument=Instrument.SWEMWBS, scores=swemwbs_scores_for(20))


def test_a_later_measure_cannot_be_dated_before_the_start(case, link_worker):
    record(case, link_worker, taken_on=days_ago(10))
    with pytest.raises(ValidationError) as error:
        record(case, link_worker, timepoint=Timepoint.END, taken_on=days_ago(12))
    [message] = field_errors(error.value)["taken_on"]
    assert message.startswith("An end measure cannot be dated before the start ONS4 measure")


@pytest.mark.parametrize(
    ("scores", "field", "message"),
    [
        (
            ons4_scores() | {"ons_worthwhile": None},
            "ons_worthwhile",
            "Question 2 (worthwhile): choose an answer from 0 to 10",
        ),
        (
            ons4_scores() | {"ons_anxiety": 11},
            "ons_anxiety",
            "Question 4 (anxiety yesterday): the answer must be a whole number from 0 to 10",
        ),
        (
            ons4_scores() | {"ons_happiness": "lots"},
            "ons_happiness",
            "Question 3 (happiness yesterday): the answer must be a whole number from 0 to 10",
        ),
        (
            ons4_scores() | {"ons_life_satisfaction": -1},
            "ons_life_satisfaction",
            "Question 1 (life satisfaction): the answer must be a whole number from 0 to 10",
        ),
    ],
)
def test_a_missing_or_out_of_range_ons4_answer_is_refused_by_question(
    case, link_worker, scores, field, message
):
    with pytest.raises(ValidationError) as error:
        record(case, link_worker, scores=scores)
    assert field_errors(error.value) == {field: [message]}


def test_a_swemwbs_answer_outside_1_to_5_is_refused_by_statement(case, link_worker):
    scores = swemwbs_scores_for(21) | {"swemwbs_3": 0, "swemwbs_6": None}
    with pytest.raises(ValidationError) as error:
        record(case, link_worker, instrument=Instrument.SWEMWBS, scores=scores)
    assert field_errors(error.value) == {
        "swemwbs_3": [
            "Statement 3 (feeling relaxed): the answer must be one of the five choices, from 1 "
            "(None of the time) to 5 (All of the time)"
        ],
        "swemwbs_6": ["Statement 6 (feeling close to other people): choose how often"],
    }


def test_answers_of_the_other_instrument_are_refused(case, link_worker):
    with pytest.raises(ValidationError, match="do not belong to ONS4: swemwbs_1"):
        record(case, link_worker, scores=ons4_scores() | {"swemwbs_1": 3})


@pytest.mark.parametrize("status", [Status.ACCEPTED, Status.CONTACTING, Status.ON_HOLD])
def test_start_and_review_measures_while_the_case_is_active(
    practice, provider, link_worker, status
):
    referral = referral_in(
        status,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        submitted_at=timezone.now() - timedelta(days=20),
    )
    record(referral, link_worker, taken_on=days_ago(3))
    record(referral, link_worker, timepoint=Timepoint.REVIEW, taken_on=days_ago(1))
    assert referral.measures.count() == 2


def test_nothing_before_the_case_is_accepted(practice, provider, link_worker, coordinator):
    referral = referral_in(
        Status.ALLOCATED,
        practice=practice,
        provider=provider,
        submitted_at=timezone.now() - timedelta(days=5),
    )
    with pytest.raises(TransitionNotAllowed, match="only while the case is open"):
        record(referral, coordinator, taken_on=days_ago(1))


def closed_case(practice, provider, link_worker, *, closed_days_ago: int):
    return referral_in(
        Status.CLOSED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        submitted_at=timezone.now() - timedelta(days=60),
        closed_at=timezone.now() - timedelta(days=closed_days_ago),
    )


def test_an_end_measure_may_follow_up_to_28_days_after_closing(practice, provider, link_worker):
    referral = closed_case(practice, provider, link_worker, closed_days_ago=28)
    saved = record(referral, link_worker, timepoint=Timepoint.END, taken_on=days_ago(1))
    assert saved.timepoint == Timepoint.END


def test_no_end_measure_29_days_after_closing(practice, provider, link_worker):
    referral = closed_case(practice, provider, link_worker, closed_days_ago=29)
    with pytest.raises(TransitionNotAllowed, match="in the 28 days after it closed"):
        record(referral, link_worker, timepoint=Timepoint.END, taken_on=days_ago(1))


def test_a_closed_case_takes_only_an_end_measure(practice, provider, link_worker):
    referral = closed_case(practice, provider, link_worker, closed_days_ago=3)
    with pytest.raises(TransitionNotAllowed, match="only the end wellbeing measure"):
        record(referral, link_worker, timepoint=Timepoint.REVIEW, taken_on=days_ago(1))


def test_a_rejected_referral_never_takes_a_measure(practice, provider, coordinator):
    referral = referral_in(
        Status.REJECTED,
        practice=practice,
        provider=provider,
        submitted_at=timezone.now() - timedelta(days=5),
    )
    with pytest.raises(TransitionNotAllowed):
        record(referral, coordinator, timepoint=Timepoint.END, taken_on=days_ago(1))


def test_timepoints_offered_follow_the_case(practice, provider, link_worker, case):
    assert measures.timepoints_allowed(case, has_start=False) == ["start", "review", "end"]
    assert measures.timepoints_allowed(case, has_start=True) == ["review", "end"]
    closed = closed_case(practice, provider, link_worker, closed_days_ago=1)
    assert measures.timepoints_allowed(closed, has_start=True) == ["end"]
    old = closed_case(practice, provider, link_worker, closed_days_ago=40)
    assert measures.timepoints_allowed(old, has_start=True) == []
