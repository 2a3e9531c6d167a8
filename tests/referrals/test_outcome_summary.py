"""The message back to the referrer: the structured summary on their referral page and in the
closing email (which carries nothing that identifies the person), with the SNOMED CT concept
to code; and the same outcome in the API."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from referrals import connections, services
from referrals.models import CaseNote, Goal, GoalStatus, Instrument, Timepoint
from referrals.outcomes import snomed_concept
from referrals.workflow import CloseReason, NoEndMeasureReason, Status
from tests.referrals.case_data import referral_in
from tests.referrals.connection_data import directory_keeper, listing_in
from tests.referrals.measure_data import measure, ons4_scores, swemwbs_scores_for
from thriving.celery import app as celery_app

pytestmark = pytest.mark.django_db

PERSON = {
    "given_name": "Zofia",
    "family_name": "Kowalczyk",
    "nhs_number": "9434765919",
    "address_line_1": "7 Werneth Hall Road",
    "postcode": "OL8 1QZ",
}
DATE_OF_BIRTH = "1948-02-29"
IDENTIFIERS = ["Zofia", "Kowalczyk", "9434765919", "943 476 5919", "Werneth Hall Road", "OL8 1QZ"]
SHARED = "Enjoys the choir and has made a friend there"
PRIVATE = "Worried about her son's drinking"


@pytest.fixture(autouse=True)
def tasks_run_at_once(monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)


@pytest.fixture
def case(practice, provider, link_worker, referrer):
    from datetime import date

    referral = referral_in(
        Status.ENGAGED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        referrer=referrer,
        submitted_at=timezone.now() - timedelta(days=90),
        date_of_birth=date(1948, 2, 29),
        what_matters="Zofia wants to sing again and get out of the flat",
        **PERSON,
    )
    keeper = directory_keeper()
    choir = listing_in(keeper, "Werneth Community Choir")
    walk = listing_in(keeper, "Alexandra Park Walkers")
    choir_link = connections.connection_suggest(referral=referral, service=choir, by=link_worker)
    connections.connection_move(connection=choir_link, to="contacted", by=link_worker)
    connections.connection_move(connection=choir_link, to="attending", by=link_worker)
    walk_link = connections.connection_suggest(referral=referral, service=walk, by=link_worker)
    connections.connection_move(connection=walk_link, to="not_taken_up", by=link_worker)
    Goal.objects.create(
        referral=referral,
        description="Join a choir",
        created_by=link_worker,
        status=GoalStatus.ACHIEVED,
    )
    CaseNote.objects.create(referral=referral, author=link_worker, text=SHARED, shareable=True)
    CaseNote.objects.create(referral=referral, author=link_worker, text=PRIVATE)
    return referral


@pytest.fixture
def measured(case, link_worker):
    """ONS4 start 4/5/3/7 -> end 7/6/6/4; SWEMWBS start raw 18 (17.43) -> end raw 25 (22.35)."""
    measure(
        case,
        by=link_worker,
        taken_on=days_ago(80),
        **ons4_scores(life=4, worthwhile=5, happiness=3, anxiety=7),
    )
    measure(
        case,
        by=link_worker,
        instrument=Instrument.SWEMWBS,
        taken_on=days_ago(80),
        **swemwbs_scores_for(18),
    )
    # A review in between does not count for the referrer: start to end only.
    measure(
        case,
        by=link_worker,
        timepoint=Timepoint.REVIEW,
        taken_on=days_ago(40),
        **ons4_scores(life=9, worthwhile=9, happiness=9, anxiety=1),
    )
    measure(
        case,
        by=link_worker,
        timepoint=Timepoint.END,
        taken_on=days_ago(1),
        **ons4_scores(life=7, worthwhile=6, happiness=6, anxiety=4),
    )
    measure(
        case,
        by=link_worker,
        instrument=Instrument.SWEMWBS,
        timepoint=Timepoint.END,
        taken_on=days_ago(1),
        **swemwbs_scores_for(25),
    )
    return case


def close(case, by, reason=CloseReason.CONNECTED, **kwargs):
    kwargs.setdefault("outcome_summary", "Zofia sings with the choir every Tuesday.")
    return services.referral_close(referral=case, by=by, reason=reason, **kwargs)


def referrer_page(client, referrer, case) -> str:
    client.force_login(referrer)
    return client.get(reverse("referrals:detail", args=[case.pk])).content.decode()


def the_email():
    assert len(mail.outbox) == 1
    return mail.outbox[0]


# ------------------------------------------------------------------------------------------
# SNOMED CT
# ------------------------------------------------------------------------------------------


def test_a_referral_is_coded_as_a_referral_to_social_prescribing(case):
    assert snomed_concept(case) == ("871731000000106", "Referral to social prescribing service")


def test_a_declined_referral_is_coded_as_social_prescribing_declined(case, link_worker):
    close(
        case,
        link_worker,
        reason=CloseReason.PERSON_DECLINED,
        no_end_measure_reason=NoEndMeasureReason.DECLINED,
    )
    case.refresh_from_db()
    assert snomed_concept(case) == ("871711000000103", "Social prescribing declined")


# ------------------------------------------------------------------------------------------
# The referrer's page
# ------------------------------------------------------------------------------------------


def test_the_referrers_page_carries_the_structured_summary(client, referrer, link_worker, measured):
    close(measured, link_worker)

    page = referrer_page(client, referrer, measured)

    assert "Closed: Connected to community support" in page
    assert "Zofia wants to sing again and get out of the flat" in page
    assert "Join a choir" in page
    assert "Werneth Community Choir" in page
    assert "Alexandra Park Walkers" in page
    assert "Attending" in page and "Not taken up" in page
    assert SHARED in page
    assert PRIVATE not in page
    assert "871731000000106" in page
    assert "Referral to social prescribing service" in page


def test_the_referrers_page_shows_the_wellbeing_change_from_start_to_end(
    client, referrer, link_worker, measured
):
    close(measured, link_worker)
    client.force_login(referrer)

    response = client.get(reverse("referrals:detail", args=[measured.pk]))

    outcome = response.context["outcome"]
    [ons4, swemwbs] = outcome.wellbeing
    # 4->7 up 3; 5->6 up 1; 3->6 up 3; anxiety 7->4 down 3 (better). The review is ignored.
    assert [(r.label, r.start, r.latest, r.words) for r in ons4.rows] == [
        ("Life satisfaction", 4, 7, "up 3 points"),
        ("Worthwhile", 5, 6, "up 1 point"),
        ("Happiness yesterday", 3, 6, "up 3 points"),
        ("Anxiety yesterday", 7, 4, "down 3 points"),
    ]
    # SWEMWBS metric 17.43 -> 22.35: up 4.92.
    [metric] = swemwbs.rows
    assert (metric.start_display, metric.latest_display, metric.words) == (
        "17.43",
        "22.35",
        "up 4.92 points",
    )
    page = response.content.decode()
    assert "Up 4.92 points (better)" in page
    assert "Down 3 points (better)" in page


def test_without_an_end_measure_the_referrer_reads_why(client, referrer, link_worker, case):
    close(case, link_worker, no_end_measure_reason=NoEndMeasureReason.NOT_APPROPRIATE)

    page = referrer_page(client, referrer, case)

    assert "It was not appropriate to ask the wellbeing questions (crisis or bereavement)." in page


def test_a_declined_referral_shows_the_declined_code(client, referrer, link_worker, case):
    close(
        case,
        link_worker,
        reason=CloseReason.PERSON_DECLINED,
        no_end_measure_reason=NoEndMeasureReason.DECLINED,
    )

    page = referrer_page(client, referrer, case)

    assert "Declined: The person said no" in page
    assert "871711000000103" in page
    assert "Social prescribing declined" in page
    assert "871731000000106" not in page


def test_an_open_referral_shows_no_outcome(client, referrer, case):
    page = referrer_page(client, referrer, case)
    assert 'data-testid="outcome"' not in page
    assert SHARED not in page


# ------------------------------------------------------------------------------------------
# The closing email
# ------------------------------------------------------------------------------------------


def test_the_closing_email_carries_the_summary(
    link_worker, measured, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        close(measured, link_worker)

    body = the_email().body
    assert f"Your referral {measured.reference}" in body
    assert "How it closed: Closed – Connected to community support" in body
    assert "- Werneth Community Choir: Attending" in body
    assert "- Alexandra Park Walkers: Not taken up" in body
    assert "- Life satisfaction: 4 to 7, up 3 points (better)" in body
    assert "- Anxiety yesterday: 7 to 4, down 3 points (better)" in body
    assert "- SWEMWBS metric score: 17.43 to 22.35, up 4.92 points (better)" in body
    assert "Goals achieved: 1" in body
    assert "SNOMED CT 871731000000106 |Referral to social prescribing service|" in body
    assert f"{settings.SITE_URL}/referrals/{measured.pk}/" in body


def test_the_closing_email_identifies_no_one(
    link_worker, measured, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        close(measured, link_worker)

    email = the_email()
    for identifier in [*IDENTIFIERS, DATE_OF_BIRTH, "29 February 1948"]:
        assert identifier not in email.subject
        assert identifier not in email.body
    # Free text may name the person, so it stays on the page.
    assert SHARED not in email.body
    assert "sing again" not in email.body
    assert "Join a choir" not in email.body


def test_the_closing_email_without_an_end_measure_says_why(
    link_worker, case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        close(case, link_worker, no_end_measure_reason=NoEndMeasureReason.TO_FOLLOW)

    assert "The end wellbeing measure is to follow" in the_email().body


def test_the_declined_email_carries_the_declined_code(
    link_worker, case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        close(
            case,
            link_worker,
            reason=CloseReason.PERSON_DECLINED,
            no_end_measure_reason=NoEndMeasureReason.DECLINED,
        )

    body = the_email().body
    assert "SNOMED CT 871711000000103 |Social prescribing declined|" in body
    assert "The person did not want to answer the wellbeing questions at the end." in body


# ------------------------------------------------------------------------------------------
# The API
# ------------------------------------------------------------------------------------------


def api_detail(user, referral) -> dict:
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(reverse("api:referral_detail", args=[referral.pk]))
    assert response.status_code == 200
    return response.json()


def test_the_api_gives_no_outcome_until_the_referral_closes(referrer, case):
    assert api_detail(referrer, case)["outcome"] is None


def test_the_api_gives_the_referrer_the_structured_outcome(referrer, link_worker, measured):
    close(measured, link_worker)

    outcome = api_detail(referrer, measured)["outcome"]

    assert outcome["snomed_code"] == "871731000000106"
    assert outcome["close_reason"] == "connected"
    assert outcome["no_end_measure_reason"] == ""
    [ons4, swemwbs] = outcome["wellbeing_change"]
    assert ons4["instrument"] == "ons4"
    assert [(r["label"], r["start"], r["end"], r["change"]) for r in ons4["rows"]] == [
        ("Life satisfaction", 4, 7, 3),
        ("Worthwhile", 5, 6, 1),
        ("Happiness yesterday", 3, 6, 3),
        ("Anxiety yesterday", 7, 4, -3),
    ]
    assert swemwbs["rows"][0]["change"] == 4.92


def test_a_case_closed_without_measures_or_a_reason_says_there_is_no_change(
    client, referrer, practice, provider, link_worker
):
    """Cases closed before measures were asked for have neither."""
    old = referral_in(
        Status.CLOSED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        referrer=referrer,
    )

    page = referrer_page(client, referrer, old)

    assert (
        "No wellbeing change to show: the measures at the start and the end were not both "
        "recorded." in page
    )
