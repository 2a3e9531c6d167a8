"""One referral's page: the whole case for the provider's staff, a restricted view for the
referrer, and an audit entry for every view."""

import pytest
from django.urls import reverse

from referrals import services
from referrals.models import CaseNote, ContactAttempt, ContactOutcome, Goal, GoalStatus
from referrals.workflow import Status
from tests.factories import user_with_role
from tests.referrals.case_data import referral_in
from thriving.accounts.roles import Role
from thriving.audit.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db

NOTE_TEXT = "Lives alone since her husband died; worried about money"
SHARED_NOTE = "Now goes to the Tuesday walking group at Alexandra Park"


def detail_url(referral):
    return reverse("referrals:detail", args=[referral.pk])


@pytest.fixture
def engaged(practice, provider, link_worker):
    referral = referral_in(
        Status.ENGAGED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        what_matters="Getting out of the house and meeting people",
        risk_notes="Dog in the house; visit in pairs",
    )
    ContactAttempt.objects.create(
        referral=referral,
        by=link_worker,
        at=referral.first_contact_at,
        method="phone",
        outcome=ContactOutcome.SPOKE,
        note="Call back on Thursday afternoons",
    )
    CaseNote.objects.create(referral=referral, author=link_worker, text=NOTE_TEXT)
    CaseNote.objects.create(referral=referral, author=link_worker, text=SHARED_NOTE, shareable=True)
    Goal.objects.create(
        referral=referral, description="Join a walking group", created_by=link_worker
    )
    return referral


def test_every_view_of_the_page_is_audited_with_who_which_referral_and_ip(
    client, link_worker, engaged
):
    client.force_login(link_worker)

    client.get(detail_url(engaged), REMOTE_ADDR="203.0.113.9")
    client.get(detail_url(engaged), REMOTE_ADDR="203.0.113.9")

    entries = AuditEntry.objects.filter(action=AuditAction.VIEW, object_id=str(engaged.pk))
    assert entries.count() == 2
    entry = entries.first()
    assert entry.user == link_worker
    assert entry.object_type == "referrals.referral"
    assert entry.ip_address == "203.0.113.9"


def test_the_referrers_view_is_audited_too(client, referrer, engaged):
    client.force_login(referrer)

    client.get(detail_url(engaged))

    assert AuditEntry.objects.filter(
        user=referrer, action=AuditAction.VIEW, object_id=str(engaged.pk)
    ).exists()


def test_a_refused_view_is_not_audited_as_a_view(client, other_link_worker, engaged):
    client.force_login(other_link_worker)

    response = client.get(detail_url(engaged))

    assert response.status_code == 404
    assert not AuditEntry.objects.filter(object_id=str(engaged.pk)).exists()


def test_link_worker_sees_the_working_record(client, link_worker, engaged):
    client.force_login(link_worker)

    page = client.get(detail_url(engaged)).content.decode()

    assert NOTE_TEXT in page
    assert "Call back on Thursday afternoons" in page
    assert "Join a walking group" in page
    assert "Getting out of the house" in page
    assert "Dog in the house; visit in pairs" in page
    assert "Shared with the referrer" in page


def test_the_timeline_shows_each_event_in_order_with_who_and_why(
    client, referrer, practice, provider, coordinator, link_worker
):
    referral = referral_in(Status.SUBMITTED, practice=practice, referrer=referrer)
    services.referral_allocate(referral=referral, provider=provider, by=coordinator)
    services.referral_accept(referral=referral, by=link_worker)
    services.referral_hold(referral=referral, by=link_worker, reason="In hospital for a week")
    client.force_login(coordinator)

    page = client.get(detail_url(referral)).content.decode()
    timeline = page[page.index('data-testid="timeline"') :]

    allocated = timeline.index("Allocated to Action Together")
    accepted = timeline.index("Accepted by Lee Linkworker")
    held = timeline.index("In hospital for a week")
    assert allocated < accepted < held
    assert "Chris Coordinator" in timeline
    assert "On hold" in timeline


def test_referrer_sees_what_they_gave_and_where_it_is(client, referrer, engaged):
    client.force_login(referrer)

    response = client.get(detail_url(engaged))

    page = response.content.decode()
    assert response.templates[0].name == "referrals/referral.html"
    assert engaged.person_name in page
    assert "Action Together" in page
    assert "Engaged" in page
    assert "Dog in the house; visit in pairs" in page


def test_referrer_never_sees_the_link_workers_notes_attempts_or_goals(client, referrer, engaged):
    client.force_login(referrer)

    page = client.get(detail_url(engaged)).content.decode()

    assert NOTE_TEXT not in page
    assert SHARED_NOTE not in page
    assert "Call back on Thursday afternoons" not in page
    assert "Join a walking group" not in page
    assert "Getting out of the house" not in page
    assert "Lee Linkworker" not in page


def test_referrer_sees_the_outcome_summary_once_the_case_closes(
    client, referrer, link_worker, engaged
):
    Goal.objects.filter(referral=engaged).update(status=GoalStatus.ACHIEVED)
    Goal.objects.create(
        referral=engaged,
        description="Sort out the gas bill",
        created_by=link_worker,
        status=GoalStatus.STOPPED,
    )
    services.referral_close(
        referral=engaged,
        by=link_worker,
        reason="connected",
        outcome_summary="Connected to two groups and feeling less alone.",
        no_end_measure_reason="to_follow",
    )
    client.force_login(referrer)

    page = client.get(detail_url(engaged)).content.decode()

    assert "Connected to community support" in page
    assert "Connected to two groups and feeling less alone." in page
    assert "Getting out of the house" in page
    assert "Join a walking group" in page
    assert SHARED_NOTE in page


def test_the_outcome_summary_leaves_out_private_notes_and_goals_not_achieved(
    client, referrer, link_worker, engaged
):
    Goal.objects.create(
        referral=engaged,
        description="Sort out the gas bill",
        created_by=link_worker,
        status=GoalStatus.STOPPED,
    )
    services.referral_close(
        referral=engaged,
        by=link_worker,
        reason="goals_met",
        outcome_summary="All done.",
        no_end_measure_reason="declined",
    )
    client.force_login(referrer)

    page = client.get(detail_url(engaged)).content.decode()

    assert NOTE_TEXT not in page
    assert "Sort out the gas bill" not in page
    assert "Join a walking group" not in page
    assert "Call back on Thursday afternoons" not in page


def test_referrer_is_offered_no_actions(client, referrer, engaged):
    client.force_login(referrer)

    page = client.get(detail_url(engaged)).content.decode()

    assert 'method="post"' not in page.split("</header>", 1)[1]


def test_link_worker_is_offered_the_case_actions_but_not_triage(client, link_worker, engaged):
    client.force_login(link_worker)

    response = client.get(detail_url(engaged))

    forms = response.context["forms"]
    assert {"contact", "what_matters", "goal", "note", "next_contact", "hold", "close"} <= set(
        forms
    )
    assert not {"allocate", "reject", "return", "accept", "assign"} & set(forms)


def test_coordinator_is_offered_reassignment_of_an_open_case(client, coordinator, engaged):
    client.force_login(coordinator)

    response = client.get(detail_url(engaged))

    assert "assign" in response.context["forms"]
    assert "Reassign to another link worker" in response.content.decode()


def test_a_colleague_who_does_not_own_the_case_sees_it_but_cannot_work_it(
    client, provider, engaged
):
    colleague = user_with_role(Role.LINK_WORKER, provider)
    client.force_login(colleague)

    response = client.get(detail_url(engaged))

    assert response.status_code == 200
    assert NOTE_TEXT in response.content.decode()
    assert response.context["forms"] == {}


def test_an_allocated_referral_offers_a_link_worker_accept(client, practice, provider, link_worker):
    referral = referral_in(Status.ALLOCATED, practice=practice, provider=provider)
    client.force_login(link_worker)

    page = client.get(detail_url(referral)).content.decode()

    assert "Accept this referral" in page


def test_a_closed_case_offers_no_actions_but_shows_its_outcome(
    client, practice, provider, link_worker
):
    referral = referral_in(
        Status.CLOSED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        outcome_summary="Connected to the allotment society.",
    )
    client.force_login(link_worker)

    response = client.get(detail_url(referral))

    assert response.context["forms"] == {}
    assert "Connected to the allotment society." in response.content.decode()
