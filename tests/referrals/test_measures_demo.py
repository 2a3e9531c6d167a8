"""The demo's wellbeing measures: cases that had the "what matters" conversation get ONS4 and
SWEMWBS start measures, closed ones their end measures too, and seeding again adds nothing."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from referrals import demo
from referrals.models import EventKind, OutcomeMeasure, Referral
from referrals.workflow import CloseReason, NoEndMeasureReason, Status
from tests.referrals.case_data import referral_in

pytestmark = pytest.mark.django_db


def case(status, *, practice, provider, link_worker, **fields):
    now = timezone.now()
    values = {
        "submitted_at": now - timedelta(days=120),
        "accepted_at": now - timedelta(days=110),
        "what_matters": "Getting back to the allotment",
        "what_matters_recorded_at": now - timedelta(days=100),
    }
    values.update(fields)
    return referral_in(
        status, practice=practice, provider=provider, link_worker=link_worker, **values
    )


@pytest.fixture
def people(practice, provider, link_worker):
    return {"practice": practice, "provider": provider, "link_worker": link_worker}


def measures_of(referral) -> list[tuple[str, str]]:
    return sorted(
        OutcomeMeasure.objects.filter(referral=referral).values_list("instrument", "timepoint")
    )


def test_an_engaged_case_gets_both_start_measures_on_the_conversation_day(people):
    engaged = case(Status.ENGAGED, **people)

    demo.seed(io.StringIO())

    assert measures_of(engaged) == [("ons4", "start"), ("swemwbs", "start")]
    day = timezone.localdate(engaged.what_matters_recorded_at)
    assert set(engaged.measures.values_list("taken_on", flat=True)) == {day}
    assert engaged.events.filter(kind=EventKind.MEASURE).count() == 2


def test_a_closed_case_gets_its_end_measures_and_needs_no_reason(people):
    closed = case(
        Status.CLOSED,
        **people,
        closed_at=timezone.now() - timedelta(days=10),
        close_reason=CloseReason.CONNECTED,
        no_end_measure_reason=NoEndMeasureReason.TO_FOLLOW,
    )

    demo.seed(io.StringIO())

    assert measures_of(closed) == [
        ("ons4", "end"),
        ("ons4", "start"),
        ("swemwbs", "end"),
        ("swemwbs", "start"),
    ]
    end = closed.measures.filter(timepoint="end").first()
    assert end.taken_on == timezone.localdate(closed.closed_at)
    assert Referral.objects.get(pk=closed.pk).no_end_measure_reason == ""
    for swemwbs in closed.measures.filter(instrument="swemwbs"):
        assert 7 <= swemwbs.swemwbs_raw <= 35
        assert swemwbs.swemwbs_metric is not None


def test_the_person_who_moved_away_has_no_end_measure_and_says_why(people):
    moved = case(
        Status.CLOSED,
        **people,
        closed_at=timezone.now() - timedelta(days=10),
        close_reason=CloseReason.MOVED_AWAY,
        no_end_measure_reason=NoEndMeasureReason.TO_FOLLOW,
    )

    demo.seed(io.StringIO())

    assert measures_of(moved) == [("ons4", "start"), ("swemwbs", "start")]
    assert (
        Referral.objects.get(pk=moved.pk).no_end_measure_reason
        == NoEndMeasureReason.UNABLE_TO_CONTACT
    )


def test_cases_without_the_conversation_get_none(people):
    case(Status.CONTACTING, **people, what_matters="")

    demo.seed(io.StringIO())

    assert not OutcomeMeasure.objects.exists()


def test_seeding_again_adds_nothing(people):
    case(Status.ENGAGED, **people)
    demo.seed(io.StringIO())
    before = OutcomeMeasure.objects.count()

    demo.seed(io.StringIO())

    assert OutcomeMeasure.objects.count() == before == 2
