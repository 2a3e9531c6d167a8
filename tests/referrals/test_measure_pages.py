"""The wellbeing pages: the ONS4 and SWEMWBS forms (their wording, their errors, who may use
them) and the case page's Wellbeing section with the change from the start."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from referrals.models import Instrument, OutcomeMeasure, Timepoint
from referrals.workflow import Status
from tests.referrals.case_data import referral_in
from tests.referrals.measure_data import measure, ons4_scores, swemwbs_scores_for
from thriving.audit.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)


def ons4_url(referral):
    return reverse("referrals:measure_ons4", args=[referral.pk])


def swemwbs_url(referral):
    return reverse("referrals:measure_swemwbs", args=[referral.pk])


def detail_url(referral):
    return reverse("referrals:detail", args=[referral.pk])


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


@pytest.fixture
def lw(client, link_worker):
    client.force_login(link_worker)
    return client


def ons4_post(timepoint="start", taken_on=None, **answers):
    data = {"timepoint": timepoint, "taken_on": (taken_on or days_ago(2)).isoformat()}
    data.update({k: str(v) for k, v in ons4_scores().items()})
    data.update({k: str(v) for k, v in answers.items()})
    return data


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# ------------------------------------------------------------------------------------------
# The forms
# ------------------------------------------------------------------------------------------


def test_the_ons4_page_asks_the_four_questions_in_the_official_words(lw, case):
    page = lw.get(ons4_url(case)).content.decode()

    assert (
        "Next I would like to ask you four questions about your feelings on aspects of your life."
        in page.replace("&#x27;", "'")
    )
    for question in [
        "Overall, how satisfied are you with your life nowadays?",
        "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
        "Overall, how happy did you feel yesterday?",
        "On a scale where 0 is &#x27;not at all anxious&#x27; and 10 is &#x27;completely "
        "anxious&#x27;, overall, how anxious did you feel yesterday?",
    ]:
        assert f'<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{question}' in (
            page
        )
    assert "0 – not at all anxious" in page
    assert "10 – completely</label>" in page
    # Eleven radios (0 to 10) for each of the four questions.
    assert page.count('name="ons_life_satisfaction"') == 11
    assert page.count('type="radio" value="10"') == 4


def test_the_swemwbs_page_asks_the_seven_statements_with_the_five_answers(lw, case):
    page = lw.get(swemwbs_url(case)).content.decode().replace("&#x27;", "'")

    assert (
        "Below are some statements about feelings and thoughts. Please tick the box that best "
        "describes your experience of each over the last 2 weeks" in page
    )
    assert "I've been able to make up my own mind about things" in page
    for answer in ["None of the time", "Rarely", "Some of the time", "Often", "All of the time"]:
        assert page.count(f">{answer}</label>") == 7


def test_the_form_starts_at_the_start_measure_taken_today(lw, case):
    form = lw.get(ons4_url(case)).context["form"]
    assert form["timepoint"].value() == Timepoint.START
    assert form["taken_on"].value() == timezone.localdate()


def test_once_there_is_a_start_the_form_offers_review_and_end_only(lw, case, link_worker):
    measure(case, by=link_worker, taken_on=days_ago(20))
    form = lw.get(ons4_url(case)).context["form"]
    assert [value for value, _ in form.fields["timepoint"].choices] == ["review", "end"]


def test_posting_records_the_measure_and_goes_back_to_the_case(lw, case, link_worker):
    response = lw.post(ons4_url(case), ons4_post(ons_anxiety=3), follow=True)

    assert response.redirect_chain[-1][0] == detail_url(case) + "#wellbeing"
    assert "ONS4 start measure recorded." in messages_of(response)
    saved = OutcomeMeasure.objects.get()
    assert (saved.instrument, saved.timepoint, saved.ons_anxiety) == ("ons4", "start", 3)
    assert saved.recorded_by == link_worker
    assert AuditEntry.objects.filter(
        action=AuditAction.CHANGE, object_id=str(case.pk), detail__contains="measure"
    ).exists()


def test_posting_swemwbs_records_its_scores(lw, case):
    data = {"timepoint": "start", "taken_on": days_ago(1).isoformat()}
    data.update({k: str(v) for k, v in swemwbs_scores_for(26).items()})

    lw.post(swemwbs_url(case), data)

    saved = OutcomeMeasure.objects.get()
    assert (saved.swemwbs_raw, str(saved.swemwbs_metric)) == (26, "23.21")


def test_a_missing_answer_is_named_in_the_error_summary(lw, case):
    data = ons4_post()
    del data["ons_worthwhile"]

    response = lw.post(ons4_url(case), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert (
        '<a href="#id_ons_worthwhile">Question 2 (worthwhile): choose an answer from 0 to 10</a>'
        in page
    )
    assert not OutcomeMeasure.objects.exists()


@pytest.mark.parametrize("bad", ["11", "-1", "seven", "4.5"])
def test_an_out_of_range_or_non_number_answer_is_refused(lw, case, bad):
    response = lw.post(ons4_url(case), ons4_post(ons_happiness=bad))

    assert (
        "Question 3 (happiness yesterday): the answer must be a whole number from 0 to 10"
        in response.content.decode()
    )
    assert not OutcomeMeasure.objects.exists()


def test_a_swemwbs_answer_of_6_is_refused(lw, case):
    data = {"timepoint": "start", "taken_on": days_ago(1).isoformat()}
    data.update({k: str(v) for k, v in swemwbs_scores_for(20).items()})
    data["swemwbs_1"] = "6"

    page = lw.post(swemwbs_url(case), data).content.decode()

    assert (
        "Statement 1 (optimistic about the future): the answer must be one of the five "
        "choices, from 1 (None of the time) to 5 (All of the time)" in page
    )


def test_a_future_date_and_a_missing_timepoint_are_refused(lw, case):
    data = ons4_post(taken_on=timezone.localdate() + timedelta(days=1))
    del data["timepoint"]

    page = lw.post(ons4_url(case), data).content.decode()

    assert "The date taken cannot be in the future" in page
    assert "Choose when in the support the measure was taken" in page


def test_a_second_start_is_refused_with_the_services_message(lw, case, link_worker):
    measure(case, by=link_worker, taken_on=days_ago(20))

    page = lw.post(ons4_url(case), ons4_post(timepoint="start")).content.decode()

    assert "Select a valid choice" not in page
    assert "Choose when in the support the measure was taken" in page
    assert OutcomeMeasure.objects.count() == 1


def test_the_referrer_gets_403(client, referrer, case):
    client.force_login(referrer)
    assert client.get(ons4_url(case)).status_code == 403
    assert client.post(ons4_url(case), ons4_post()).status_code == 403
    assert not OutcomeMeasure.objects.exists()


def test_staff_of_another_provider_get_404(client, other_link_worker, other_coordinator, case):
    for user in (other_link_worker, other_coordinator):
        client.force_login(user)
        assert client.get(swemwbs_url(case)).status_code == 404
        assert client.post(ons4_url(case), ons4_post()).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client, case):
    response = client.get(ons4_url(case))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_case_closed_long_ago_sends_back_with_a_message(client, practice, provider, link_worker):
    old = referral_in(
        Status.CLOSED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        submitted_at=timezone.now() - timedelta(days=200),
        closed_at=timezone.now() - timedelta(days=60),
    )
    client.force_login(link_worker)

    response = client.get(ons4_url(old), follow=True)

    assert "in the 28 days after it closed" in " ".join(messages_of(response))


def test_a_recently_closed_case_offers_only_the_end_measure(
    client, practice, provider, link_worker
):
    closed = referral_in(
        Status.CLOSED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        submitted_at=timezone.now() - timedelta(days=50),
        closed_at=timezone.now() - timedelta(days=2),
    )
    client.force_login(link_worker)

    form = client.get(ons4_url(closed)).context["form"]

    assert [value for value, _ in form.fields["timepoint"].choices] == ["end"]
    assert form["timepoint"].value() == "end"


# ------------------------------------------------------------------------------------------
# The case page's Wellbeing section
# ------------------------------------------------------------------------------------------


@pytest.fixture
def measured(case, link_worker, coordinator):
    """ONS4 start 3/4/2/8 and end 6/4/5/5; SWEMWBS start raw 17 and a review raw 21."""
    measure(
        case,
        by=link_worker,
        taken_on=days_ago(50),
        **ons4_scores(life=3, worthwhile=4, happiness=2, anxiety=8),
    )
    measure(
        case,
        by=coordinator,
        timepoint=Timepoint.END,
        taken_on=days_ago(5),
        **ons4_scores(life=6, worthwhile=4, happiness=5, anxiety=5),
    )
    measure(
        case,
        by=link_worker,
        instrument=Instrument.SWEMWBS,
        taken_on=days_ago(50),
        **swemwbs_scores_for(17),
    )
    measure(
        case,
        by=link_worker,
        instrument=Instrument.SWEMWBS,
        timepoint=Timepoint.REVIEW,
        taken_on=days_ago(20),
        **swemwbs_scores_for(21),
    )
    return case


def test_the_case_page_lists_each_measure_with_date_timepoint_and_who(lw, measured):
    response = lw.get(detail_url(measured))
    page = response.content.decode()

    [ons4, swemwbs] = response.context["wellbeing"]
    assert [(r["timepoint"], r["answers"]) for r in ons4.rows] == [
        ("Start", [3, 4, 2, 8]),
        ("End", [6, 4, 5, 5]),
    ]
    assert [(r["measure"].swemwbs_raw, str(r["measure"].swemwbs_metric)) for r in swemwbs.rows] == [
        (17, "16.88"),
        (21, "19.25"),
    ]
    assert 'id="wellbeing"' in page
    assert "Chris Coordinator" in page.split('id="wellbeing"')[1]
    assert "Raw total (7 to 35)" in page


def test_the_case_page_shows_the_change_per_question_and_the_metric(lw, measured):
    response = lw.get(detail_url(measured))
    [ons4, swemwbs] = response.context["wellbeing"]

    # ONS4 start -> end: 3->6 up 3; 4->4 no change; 2->5 up 3; anxiety 8->5 down 3 (better).
    assert [(r.label, r.words, r.direction) for r in ons4.change.rows] == [
        ("Life satisfaction", "up 3 points", "better"),
        ("Worthwhile", "no change", "same"),
        ("Happiness yesterday", "up 3 points", "better"),
        ("Anxiety yesterday", "down 3 points", "better"),
    ]
    # SWEMWBS start (raw 17, metric 16.88) -> latest review (raw 21, metric 19.25): up 2.37.
    [metric] = swemwbs.change.rows
    assert (metric.label, metric.words) == ("SWEMWBS metric score", "up 2.37 points")
    assert swemwbs.change.latest_label == "review"
    page = response.content.decode()
    assert "Up 3 points (better)" in page
    assert "Down 3 points (better)" in page
    assert "Up 2.37 points (better)" in page
    assert "No change" in page


def test_the_case_page_offers_the_record_links_to_whoever_works_the_case(lw, case):
    page = lw.get(detail_url(case)).content.decode()
    assert ons4_url(case) in page
    assert swemwbs_url(case) in page


def test_the_case_page_without_measures_says_so(lw, case):
    page = lw.get(detail_url(case)).content.decode()
    assert "No ONS4 measure recorded yet." in page
    assert "No SWEMWBS measure recorded yet." in page


def test_the_wellbeing_section_costs_one_query_however_many_measures(
    client, case, link_worker, django_assert_max_num_queries
):
    client.force_login(link_worker)
    client.get(detail_url(case))  # warm up
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as none:
        client.get(detail_url(case))
    for day in range(30, 0, -1):
        measure(
            case,
            by=link_worker,
            timepoint=Timepoint.START if day == 30 else Timepoint.REVIEW,
            taken_on=days_ago(day),
        )

    with django_assert_max_num_queries(len(none)):
        response = client.get(detail_url(case))

    assert len(response.context["wellbeing"][0].rows) == 30


def test_a_case_closed_with_the_end_measure_to_follow_says_until_when(
    client, practice, provider, link_worker
):
    closed = referral_in(
        Status.CLOSED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        submitted_at=timezone.now() - timedelta(days=50),
        closed_at=timezone.now() - timedelta(days=2),
        no_end_measure_reason="to_follow",
    )
    client.force_login(link_worker)

    page = client.get(detail_url(closed)).content.decode()

    deadline = timezone.localdate() - timedelta(days=2) + timedelta(days=28)
    assert "Closed without an end measure: Not taken yet: I will record it after closing." in page
    assert f"can still be recorded until {deadline.day} {deadline:%B %Y}" in page
    assert ons4_url(closed) in page
