"""Closing a case asks for the end wellbeing measure: without one, a reason is required (by the
service as well as the form), so the gap is always explained."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from referrals import services
from referrals.models import ContactAttempt, ContactOutcome, Referral, Timepoint
from referrals.workflow import CloseReason, NoEndMeasureReason, Status
from tests.referrals.case_data import referral_in
from tests.referrals.measure_data import measure
from thriving.celery import app as celery_app

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tasks_run_at_once(monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


@pytest.fixture
def case(practice, provider, link_worker, referrer):
    return referral_in(
        Status.ENGAGED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        referrer=referrer,
        submitted_at=timezone.now() - timedelta(days=60),
    )


def end_measure(case, by):
    measure(case, by=by, taken_on=timezone.localdate() - timedelta(days=40))
    measure(case, by=by, timepoint=Timepoint.END, taken_on=timezone.localdate())


def reload(referral) -> Referral:
    return Referral.objects.get(pk=referral.pk)


# ------------------------------------------------------------------------------------------
# The service
# ------------------------------------------------------------------------------------------


def test_closing_without_an_end_measure_or_a_reason_is_refused(case, link_worker):
    with pytest.raises(ValidationError) as error:
        services.referral_close(referral=case, by=link_worker, reason=CloseReason.GOALS_MET)

    assert error.value.message_dict == {
        "no_end_measure_reason": [
            "Record the end wellbeing measure before closing the case, or say why there is none."
        ]
    }
    assert reload(case).status == Status.ENGAGED


def test_a_made_up_reason_is_refused(case, link_worker):
    with pytest.raises(ValidationError):
        services.referral_close(
            referral=case,
            by=link_worker,
            reason=CloseReason.GOALS_MET,
            no_end_measure_reason="forgot",
        )


def test_closing_with_a_reason_records_it_on_the_case_and_the_timeline(case, link_worker):
    services.referral_close(
        referral=case,
        by=link_worker,
        reason=CloseReason.GOALS_MET,
        no_end_measure_reason=NoEndMeasureReason.NOT_APPROPRIATE,
    )

    case = reload(case)
    assert case.status == Status.CLOSED
    assert case.no_end_measure_reason == NoEndMeasureReason.NOT_APPROPRIATE
    assert case.events.last().reason == (
        "Goals met. No end wellbeing measure: It was not appropriate to ask (crisis or bereavement)"
    )


def test_with_an_end_measure_no_reason_is_needed_and_none_is_kept(case, link_worker):
    end_measure(case, link_worker)

    services.referral_close(
        referral=case,
        by=link_worker,
        reason=CloseReason.CONNECTED,
        no_end_measure_reason=NoEndMeasureReason.DECLINED,
    )

    case = reload(case)
    assert case.status == Status.CLOSED
    assert case.no_end_measure_reason == ""


def test_the_person_declining_needs_the_reason_too(case, link_worker):
    services.referral_close(
        referral=case,
        by=link_worker,
        reason=CloseReason.PERSON_DECLINED,
        no_end_measure_reason=NoEndMeasureReason.DECLINED,
    )
    assert reload(case).status == Status.DECLINED


def test_unable_to_contact_gives_its_own_reason(practice, provider, link_worker):
    referral = referral_in(
        Status.CONTACTING, practice=practice, provider=provider, link_worker=link_worker
    )
    for _ in range(3):
        ContactAttempt.objects.create(
            referral=referral,
            by=link_worker,
            at=timezone.now(),
            method="phone",
            outcome=ContactOutcome.NO_ANSWER,
        )

    services.referral_mark_unable_to_contact(referral=referral, by=link_worker)

    assert reload(referral).no_end_measure_reason == NoEndMeasureReason.UNABLE_TO_CONTACT


def test_rejecting_a_referral_needs_no_measure(practice, coordinator):
    referral = referral_in(Status.SUBMITTED, practice=practice)
    services.referral_reject(referral=referral, by=coordinator, reason=CloseReason.DUPLICATE)
    referral = reload(referral)
    assert referral.status == Status.REJECTED
    assert referral.no_end_measure_reason == ""


# ------------------------------------------------------------------------------------------
# The close form on the case page
# ------------------------------------------------------------------------------------------


def close_url(case):
    return reverse("referrals:close", args=[case.pk])


def test_without_an_end_measure_the_close_form_says_so_and_asks_why(client, case, link_worker):
    client.force_login(link_worker)

    response = client.get(reverse("referrals:detail", args=[case.pk]))

    form = response.context["forms"]["close"]
    assert "no_end_measure_reason" in form.fields
    page = response.content.decode()
    assert "No end wellbeing measure is recorded for this case." in page
    assert reverse("referrals:measure_ons4", args=[case.pk]) + "?timepoint=end" in page
    assert "Why is there no end wellbeing measure?" in page


def test_with_an_end_measure_the_close_form_does_not_ask(client, case, link_worker):
    end_measure(case, link_worker)
    client.force_login(link_worker)

    response = client.get(reverse("referrals:detail", args=[case.pk]))

    assert "no_end_measure_reason" not in response.context["forms"]["close"].fields
    assert "The end wellbeing measure is recorded" in response.content.decode()


def test_posting_the_close_form_without_a_reason_shows_the_error(client, case, link_worker):
    client.force_login(link_worker)

    response = client.post(
        close_url(case), {"close-reason": "goals_met", "close-outcome_summary": "Doing well."}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert (
        "Record the end wellbeing measure before closing the case, or choose why there is none"
        in page
    )
    assert reload(case).status == Status.ENGAGED


def test_posting_the_close_form_with_a_reason_closes_the_case(client, case, link_worker):
    client.force_login(link_worker)

    response = client.post(
        close_url(case),
        {
            "close-reason": "goals_met",
            "close-outcome_summary": "Doing well.",
            "close-no_end_measure_reason": "to_follow",
        },
    )

    assert response.status_code == 302
    case = reload(case)
    assert (case.status, case.no_end_measure_reason) == (Status.CLOSED, "to_follow")


def test_posting_the_close_form_after_an_end_measure_needs_no_reason(client, case, link_worker):
    end_measure(case, link_worker)
    client.force_login(link_worker)

    client.post(
        close_url(case), {"close-reason": "connected", "close-outcome_summary": "Sings now."}
    )

    assert reload(case).status == Status.CLOSED
