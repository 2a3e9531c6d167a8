"""Each action on the case page, through its view: it posts, calls the service, goes back
with a message; bad input re-renders the page with the form's errors."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from referrals.models import ContactAttempt, ContactOutcome, Goal, GoalStatus, Referral
from referrals.workflow import CloseReason, Status
from tests.factories import user_with_role
from tests.referrals.case_data import referral_in
from thriving.accounts.roles import Role
from thriving.audit.models import AuditEntry
from thriving.celery import app as celery_app

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tasks_run_at_once(monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


def url(name, referral, *args):
    return reverse(f"referrals:{name}", args=[referral.pk, *args])


def reload(referral) -> Referral:
    return Referral.objects.get(pk=referral.pk)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def allocated(practice, provider, referrer):
    return referral_in(Status.ALLOCATED, practice=practice, provider=provider, referrer=referrer)


@pytest.fixture
def accepted(practice, provider, link_worker, referrer):
    return referral_in(
        Status.ACCEPTED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        referrer=referrer,
    )


@pytest.fixture
def engaged(practice, provider, link_worker, referrer):
    return referral_in(
        Status.ENGAGED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        referrer=referrer,
    )


def contact_data(outcome=ContactOutcome.NO_ANSWER, **overrides):
    now = timezone.localtime() - timedelta(minutes=10)
    data = {
        "contact-method": "phone",
        "contact-outcome": outcome,
        "contact-on": now.date().isoformat(),
        "contact-at": now.strftime("%H:%M"),
        "contact-note": "",
    }
    data.update(overrides)
    return data


# ------------------------------------------------------------------------------------------
# Triage
# ------------------------------------------------------------------------------------------


def test_coordinator_allocates_a_new_referral_to_a_provider(
    client, coordinator, practice, other_provider
):
    referral = referral_in(Status.SUBMITTED, practice=practice)
    client.force_login(coordinator)

    response = client.post(
        url("allocate", referral), {"allocate-provider": other_provider.pk}, follow=True
    )

    referral = reload(referral)
    assert referral.status == Status.ALLOCATED
    assert referral.provider == other_provider
    assert f"Referral {referral.reference} allocated to Age UK Oldham." in messages_of(response)


def test_allocating_elsewhere_goes_back_to_the_inbox_the_case_is_no_longer_ours(
    client, coordinator, practice, other_provider
):
    referral = referral_in(Status.SUBMITTED, practice=practice)
    client.force_login(coordinator)

    response = client.post(url("allocate", referral), {"allocate-provider": other_provider.pk})

    assert response.status_code == 302
    assert response.url == reverse("referrals:inbox")


def test_allocating_from_the_inbox_returns_to_the_same_inbox_page(
    client, coordinator, practice, provider
):
    referral = referral_in(Status.SUBMITTED, practice=practice)
    client.force_login(coordinator)

    response = client.post(
        url("allocate", referral),
        {"allocate-provider": provider.pk, "next": "/referrals/inbox/?page=2"},
    )

    assert response.url == "/referrals/inbox/?page=2"


def test_a_next_address_on_another_site_is_ignored(client, coordinator, practice, provider):
    referral = referral_in(Status.SUBMITTED, practice=practice)
    client.force_login(coordinator)

    response = client.post(
        url("allocate", referral),
        {"allocate-provider": provider.pk, "next": "https://evil.example.com/"},
    )

    assert response.url == url("detail", referral)


def test_allocating_without_a_provider_shows_the_error_on_the_case_page(
    client, coordinator, practice
):
    referral = referral_in(Status.SUBMITTED, practice=practice)
    client.force_login(coordinator)

    response = client.post(url("allocate", referral), {"allocate-provider": ""})

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Choose the provider organisation to allocate the referral to" in page
    assert reload(referral).status == Status.SUBMITTED


def test_allocating_to_an_organisation_that_is_not_a_provider_is_refused_with_a_message(
    client, coordinator, practice
):
    referral = referral_in(Status.SUBMITTED, practice=practice)
    client.force_login(coordinator)

    response = client.post(url("allocate", referral), {"allocate-provider": practice.pk})

    assert "Choose an active provider organisation" in response.content.decode()
    assert reload(referral).status == Status.SUBMITTED


def test_coordinator_rejects_with_a_reason_and_the_referrer_is_emailed(
    client, coordinator, allocated, referrer, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("reject", allocated), {"reject-reason": CloseReason.OUT_OF_AREA}, follow=True
        )

    allocated = reload(allocated)
    assert allocated.status == Status.REJECTED
    assert allocated.close_reason == CloseReason.OUT_OF_AREA
    assert f"Referral {allocated.reference} rejected. The referrer has been told." in (
        messages_of(response)
    )
    assert [m.to for m in mail.outbox] == [[referrer.email]]


def test_rejecting_without_a_reason_asks_for_one(client, coordinator, allocated):
    client.force_login(coordinator)

    response = client.post(url("reject", allocated), {"reject-reason": ""})

    assert "Choose why the referral is rejected" in response.content.decode()
    assert reload(allocated).status == Status.ALLOCATED


def test_coordinator_returns_an_allocated_referral_to_the_inbox(client, coordinator, allocated):
    client.force_login(coordinator)

    client.post(url("return_to_triage", allocated), {"return-reason": "Lives in Rochdale"})

    allocated = reload(allocated)
    assert allocated.status == Status.SUBMITTED
    assert allocated.provider is None
    assert allocated.events.last().reason == "Lives in Rochdale"


# ------------------------------------------------------------------------------------------
# Taking on a case
# ------------------------------------------------------------------------------------------


def test_link_worker_accepts_an_allocated_referral_for_themselves(
    client, link_worker, allocated, referrer, django_capture_on_commit_callbacks
):
    client.force_login(link_worker)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("accept", allocated), follow=True)

    allocated = reload(allocated)
    assert allocated.status == Status.ACCEPTED
    assert allocated.link_worker == link_worker
    assert f"You have accepted referral {allocated.reference}. It is in your caseload." in (
        messages_of(response)
    )
    assert mail.outbox[0].to == [referrer.email]


def test_coordinator_accepts_a_referral_for_a_link_worker_of_their_team(
    client, coordinator, link_worker, allocated
):
    client.force_login(coordinator)

    client.post(url("accept", allocated), {"accept-link_worker": link_worker.pk})

    allocated = reload(allocated)
    assert allocated.status == Status.ACCEPTED
    assert allocated.link_worker == link_worker


def test_coordinator_cannot_accept_for_a_link_worker_of_another_provider(
    client, coordinator, other_link_worker, allocated
):
    client.force_login(coordinator)

    response = client.post(url("accept", allocated), {"accept-link_worker": other_link_worker.pk})

    assert response.status_code == 200
    assert "Choose a link worker who works for the provider of this referral" in (
        response.content.decode()
    )
    assert reload(allocated).status == Status.ALLOCATED


def test_accepting_a_referral_someone_else_just_accepted_explains_instead_of_failing(
    client, provider, link_worker, accepted
):
    colleague = user_with_role(Role.LINK_WORKER, provider)
    client.force_login(colleague)

    response = client.post(url("accept", accepted), follow=True)

    assert response.status_code == 200
    assert "This referral is accepted, so you cannot accept." in messages_of(response)
    assert reload(accepted).link_worker == link_worker


def test_coordinator_reassigns_a_case_to_another_link_worker(
    client, coordinator, provider, engaged
):
    colleague = user_with_role(Role.LINK_WORKER, provider, full_name="Priya Patel")
    client.force_login(coordinator)

    response = client.post(
        url("assign", engaged), {"assign-link_worker": colleague.pk}, follow=True
    )

    assert reload(engaged).link_worker == colleague
    assert "The case is now with Priya Patel." in messages_of(response)


# ------------------------------------------------------------------------------------------
# Contact
# ------------------------------------------------------------------------------------------


def test_the_first_contact_attempt_moves_the_case_to_contacting(client, link_worker, accepted):
    client.force_login(link_worker)

    response = client.post(url("contact_attempt", accepted), contact_data(), follow=True)

    accepted = reload(accepted)
    assert accepted.status == Status.CONTACTING
    assert accepted.first_contact_at is not None
    assert "Contact attempt logged: no answer." in messages_of(response)


def test_speaking_to_the_person_moves_the_case_to_engaged(client, link_worker, accepted):
    client.force_login(link_worker)

    client.post(url("contact_attempt", accepted), contact_data(ContactOutcome.SPOKE))

    assert reload(accepted).status == Status.ENGAGED


def test_the_attempt_keeps_the_date_and_time_given(client, link_worker, accepted):
    client.force_login(link_worker)
    yesterday = timezone.localdate() - timedelta(days=1)

    client.post(
        url("contact_attempt", accepted),
        contact_data(**{"contact-on": yesterday.isoformat(), "contact-at": "14:30"}),
    )

    attempt = ContactAttempt.objects.get(referral=accepted)
    assert timezone.localtime(attempt.at).strftime("%Y-%m-%d %H:%M") == f"{yesterday} 14:30"


def test_an_attempt_before_the_case_was_accepted_is_refused_with_a_message(
    client, link_worker, accepted
):
    client.force_login(link_worker)

    response = client.post(
        url("contact_attempt", accepted), contact_data(**{"contact-on": "2002-03-04"})
    )

    assert "The attempt cannot be before the case was accepted, on" in response.content.decode()
    assert not ContactAttempt.objects.exists()


def test_an_attempt_in_the_future_is_refused_with_a_message(client, link_worker, accepted):
    client.force_login(link_worker)
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client.post(
        url("contact_attempt", accepted), contact_data(**{"contact-on": tomorrow.isoformat()})
    )

    assert "The date and time of the attempt cannot be in the future" in (response.content.decode())
    assert not ContactAttempt.objects.exists()


def test_an_attempt_without_method_or_outcome_lists_both_errors(client, link_worker, accepted):
    client.force_login(link_worker)

    response = client.post(
        url("contact_attempt", accepted),
        contact_data(**{"contact-method": "", "contact-outcome": ""}),
    )

    page = response.content.decode()
    assert "Choose how you tried to contact the person" in page
    assert "Choose what happened" in page
    assert 'id="action-contact" open' in page


def test_three_failed_attempts_offer_close_as_unable_to_contact(client, link_worker, accepted):
    client.force_login(link_worker)
    for _ in range(2):
        client.post(url("contact_attempt", accepted), contact_data())
    assert "Close as unable to contact" not in client.get(url("detail", accepted)).content.decode()

    client.post(url("contact_attempt", accepted), contact_data(ContactOutcome.LEFT_MESSAGE))

    page = client.get(url("detail", accepted)).content.decode()
    assert "3 contact attempts have not reached" in page
    assert "Close as unable to contact" in page


def test_closing_as_unable_to_contact_after_three_failures(
    client, link_worker, accepted, referrer, django_capture_on_commit_callbacks
):
    client.force_login(link_worker)
    for _ in range(3):
        client.post(url("contact_attempt", accepted), contact_data())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("unable_to_contact", accepted), follow=True)

    accepted = reload(accepted)
    assert accepted.status == Status.UNABLE_TO_CONTACT
    assert accepted.close_reason == CloseReason.NO_RESPONSE
    assert "Case closed as unable to contact. The referrer has been told." in (
        messages_of(response)
    )
    assert mail.outbox[-1].to == [referrer.email]


def test_unable_to_contact_before_three_attempts_explains_why_not(client, link_worker, accepted):
    client.force_login(link_worker)
    client.post(url("contact_attempt", accepted), contact_data())

    response = client.post(url("unable_to_contact", accepted), follow=True)

    assert "Make three contact attempts before closing as unable to contact." in (
        messages_of(response)
    )
    assert reload(accepted).status == Status.CONTACTING


# ------------------------------------------------------------------------------------------
# Working the case
# ------------------------------------------------------------------------------------------


def test_recording_what_matters_engages_a_case_being_contacted(
    client, practice, provider, link_worker
):
    referral = referral_in(
        Status.CONTACTING, practice=practice, provider=provider, link_worker=link_worker
    )
    client.force_login(link_worker)

    client.post(url("what_matters", referral), {"what_matters-text": "Her garden and her cat"})

    referral = reload(referral)
    assert referral.what_matters == "Her garden and her cat"
    assert referral.status == Status.ENGAGED


def test_what_matters_cannot_be_blank(client, link_worker, engaged):
    client.force_login(link_worker)

    response = client.post(url("what_matters", engaged), {"what_matters-text": "  "})

    assert "Write down what matters to the person" in response.content.decode()


def test_adding_a_shared_note(client, link_worker, engaged):
    client.force_login(link_worker)

    response = client.post(
        url("note", engaged),
        {"note-text": "Enjoying the choir", "note-shareable": "on"},
        follow=True,
    )

    note = engaged.notes.get()
    assert note.text == "Enjoying the choir"
    assert note.shareable is True
    assert "Note added. The referrer will see it in the outcome summary." in (messages_of(response))


def test_a_note_is_private_unless_shared(client, link_worker, engaged):
    client.force_login(link_worker)

    client.post(url("note", engaged), {"note-text": "Private thoughts"})

    assert engaged.notes.get().shareable is False


def test_an_empty_note_is_refused(client, link_worker, engaged):
    client.force_login(link_worker)

    response = client.post(url("note", engaged), {"note-text": ""})

    assert "Write the note before saving it" in response.content.decode()
    assert not engaged.notes.exists()


def test_adding_a_goal_and_marking_it_achieved(client, link_worker, engaged):
    client.force_login(link_worker)

    client.post(url("goal_add", engaged), {"goal-description": "Join the Tuesday walk"})
    goal = Goal.objects.get(referral=engaged)
    response = client.post(
        url("goal_update", engaged, goal.pk),
        {f"goal_{goal.pk}-status": GoalStatus.ACHIEVED},
        follow=True,
    )

    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACHIEVED
    assert "Goal 'Join the Tuesday walk': achieved." in messages_of(response)


def test_a_goal_of_another_case_is_not_found(client, link_worker, engaged, practice, provider):
    other_case = referral_in(
        Status.ENGAGED, practice=practice, provider=provider, link_worker=link_worker
    )
    goal = Goal.objects.create(referral=other_case, description="Swim", created_by=link_worker)
    client.force_login(link_worker)

    response = client.post(
        url("goal_update", engaged, goal.pk), {f"goal_{goal.pk}-status": GoalStatus.ACHIEVED}
    )

    assert response.status_code == 404


def test_setting_the_next_contact_date(client, link_worker, engaged):
    client.force_login(link_worker)
    day = timezone.localdate() + timedelta(days=7)

    client.post(url("next_contact", engaged), {"next_contact-next_contact_date": day.isoformat()})

    assert reload(engaged).next_contact_date == day


def test_a_next_contact_date_in_the_past_is_refused(client, link_worker, engaged):
    client.force_login(link_worker)
    day = timezone.localdate() - timedelta(days=1)

    response = client.post(
        url("next_contact", engaged), {"next_contact-next_contact_date": day.isoformat()}
    )

    assert "The next contact date must be today or later" in response.content.decode()


def test_hold_and_resume_return_the_case_to_where_it_was(client, link_worker, engaged):
    client.force_login(link_worker)

    client.post(url("hold", engaged), {"hold-reason": "In hospital"})
    assert reload(engaged).status == Status.ON_HOLD
    response = client.post(url("resume", engaged), {"resume-reason": ""}, follow=True)

    assert reload(engaged).status == Status.ENGAGED
    assert "The case has resumed." in messages_of(response)


def test_putting_on_hold_needs_a_reason(client, link_worker, engaged):
    client.force_login(link_worker)

    response = client.post(url("hold", engaged), {"hold-reason": ""})

    assert "Say why the case is going on hold" in response.content.decode()
    assert reload(engaged).status == Status.ENGAGED


def test_closing_a_case_sends_the_outcome_to_the_referrer(
    client, link_worker, engaged, referrer, django_capture_on_commit_callbacks
):
    client.force_login(link_worker)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("close", engaged),
            {
                "close-reason": CloseReason.CONNECTED,
                "close-outcome_summary": "Goes to choir.",
                "close-no_end_measure_reason": "to_follow",
            },
            follow=True,
        )

    engaged = reload(engaged)
    assert engaged.status == Status.CLOSED
    assert engaged.outcome_summary == "Goes to choir."
    assert "The case is closed. The referrer has been sent the outcome." in messages_of(response)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [referrer.email]
    assert mail.outbox[0].subject == f"Referral {engaged.reference} closed"


def test_the_person_saying_no_closes_the_case_as_declined(client, link_worker, engaged):
    client.force_login(link_worker)

    client.post(
        url("close", engaged),
        {
            "close-reason": CloseReason.PERSON_DECLINED,
            "close-outcome_summary": "Did not want support just now.",
            "close-no_end_measure_reason": "declined",
        },
    )

    assert reload(engaged).status == Status.DECLINED


def test_closing_without_a_reason_or_summary_lists_both_errors(client, link_worker, engaged):
    client.force_login(link_worker)

    response = client.post(url("close", engaged), {"close-reason": "", "close-outcome_summary": ""})

    page = response.content.decode()
    assert "Choose why the case is closing" in page
    assert "Write a short outcome summary for the referrer" in page
    assert "Record the end wellbeing measure before closing the case, or choose why" in page
    assert reload(engaged).status == Status.ENGAGED


def test_a_rejection_reason_cannot_close_a_case(client, link_worker, engaged):
    client.force_login(link_worker)

    response = client.post(
        url("close", engaged),
        {"close-reason": CloseReason.DUPLICATE, "close-outcome_summary": "x"},
    )

    assert "Select a valid choice" in response.content.decode()
    assert reload(engaged).status == Status.ENGAGED


def test_resuming_a_case_that_is_not_on_hold_explains_why_not(client, link_worker, engaged):
    client.force_login(link_worker)

    response = client.post(url("resume", engaged), {}, follow=True)

    assert "This referral is engaged, so you cannot resume." in messages_of(response)


def test_an_action_page_answers_only_posts(client, link_worker, engaged):
    client.force_login(link_worker)

    assert client.get(url("hold", engaged)).status_code == 405


def test_a_failed_form_is_still_an_audited_view(client, link_worker, engaged):
    client.force_login(link_worker)

    client.post(url("hold", engaged), {"hold-reason": ""})

    assert AuditEntry.objects.filter(object_id=str(engaged.pk)).count() == 1
