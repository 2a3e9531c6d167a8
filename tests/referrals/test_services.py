import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from referrals import services
from referrals.models import AllocationRule, ContactOutcome, Referral, ReferralReason
from referrals.workflow import CloseReason, NoEndMeasureReason, Status, TransitionNotAllowed
from tests.factories import postcode, user_with_role
from thriving.accounts.roles import Role

pytestmark = pytest.mark.django_db


def person(**overrides):
    data = {
        "nhs_number": "943 476 5919",
        "given_name": "Zofia",
        "family_name": "Kowalczyk",
        "date_of_birth": timezone.localdate() - timedelta(days=365 * 70),
        "address_line_1": "12 Yorkshire Street",
        "town": "Oldham",
        "postcode": "ol1 1aa",
        "phone": "0161 555 0100",
        "consent_to_referral": True,
        "consent_to_share": True,
    }
    data.update(overrides)
    return data


def submit(referrer, practice, **overrides):
    return services.referral_submit(
        by=referrer,
        organisation=practice,
        reasons=list(ReferralReason.objects.filter(code="loneliness")),
        **person(**overrides),
    )


def accepted(referrer, practice, provider, coordinator, link_worker):
    referral = submit(referrer, practice)
    services.referral_allocate(referral=referral, provider=provider, by=coordinator)
    return services.referral_accept(referral=referral, by=link_worker)


def test_submit_normalises_and_records_the_first_event(referrer, practice):
    referral = submit(referrer, practice)
    assert referral.nhs_number == "9434765919"
    assert referral.postcode == "OL1 1AA"
    assert referral.status == Status.SUBMITTED
    assert [e.to_status for e in referral.events.all()] == [Status.SUBMITTED]


def test_submit_refuses_a_referral_without_consent(referrer, practice):
    with pytest.raises(ValidationError) as err:
        submit(referrer, practice, consent_to_referral=False)
    assert "must agree" in str(err.value)


def test_submit_refuses_an_invalid_nhs_number(referrer, practice):
    with pytest.raises(ValidationError) as err:
        submit(referrer, practice, nhs_number="9434765918")
    assert "last digit does not match" in str(err.value)


def test_submit_by_someone_who_is_not_a_referrer_of_the_organisation_is_refused(
    practice, coordinator
):
    with pytest.raises(PermissionDenied):
        submit(coordinator, practice)


def test_the_same_submission_token_gives_one_referral(referrer, practice):
    token = uuid.uuid4()
    first = services.referral_submit(
        by=referrer,
        organisation=practice,
        reasons=list(ReferralReason.objects.all()[:1]),
        submission_token=token,
        **person(),
    )
    second = services.referral_submit(
        by=referrer,
        organisation=practice,
        reasons=list(ReferralReason.objects.all()[:1]),
        submission_token=token,
        **person(),
    )
    assert first.pk == second.pk
    assert Referral.objects.count() == 1


def test_a_ward_rule_allocates_on_submission(referrer, practice, provider):
    pc = postcode("OL1 1AA", "Coldhurst")
    AllocationRule.objects.create(ward=pc.ward, provider=provider)
    referral = submit(referrer, practice)
    assert referral.status == Status.ALLOCATED
    assert referral.provider == provider
    system_event = referral.events.get(to_status=Status.ALLOCATED)
    assert system_event.actor is None


def test_a_district_rule_applies_when_no_ward_rule_does(referrer, practice, provider):
    pc = postcode("OL1 1AA", "Coldhurst")
    AllocationRule.objects.create(district=pc.ward.district, provider=provider)
    assert submit(referrer, practice).provider == provider


def test_accept_sets_the_owner_and_emails_the_referrer(
    referrer, practice, provider, coordinator, link_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        referral = accepted(referrer, practice, provider, coordinator, link_worker)
    assert referral.status == Status.ACCEPTED
    assert referral.link_worker == link_worker
    assert callbacks, "the email task is queued on commit"


def test_a_link_worker_of_another_provider_cannot_accept(
    referrer, practice, provider, coordinator, other_link_worker
):
    referral = submit(referrer, practice)
    services.referral_allocate(referral=referral, provider=provider, by=coordinator)
    with pytest.raises(PermissionDenied):
        services.referral_accept(referral=referral, by=other_link_worker)


def test_coordinator_cannot_accept_for_a_link_worker_of_another_provider(
    referrer, practice, provider, coordinator, other_link_worker
):
    referral = submit(referrer, practice)
    services.referral_allocate(referral=referral, provider=provider, by=coordinator)
    with pytest.raises(ValidationError, match="works for the provider"):
        services.referral_accept(referral=referral, by=coordinator, link_worker=other_link_worker)


def test_first_contact_attempt_moves_to_contacting_and_speaking_to_engaged(
    referrer, practice, provider, coordinator, link_worker
):
    referral = accepted(referrer, practice, provider, coordinator, link_worker)
    services.contact_attempt_log(
        referral=referral, by=link_worker, method="phone", outcome=ContactOutcome.NO_ANSWER
    )
    referral.refresh_from_db()
    assert referral.status == Status.CONTACTING
    assert referral.first_contact_at is not None
    services.contact_attempt_log(
        referral=referral, by=link_worker, method="phone", outcome=ContactOutcome.SPOKE
    )
    referral.refresh_from_db()
    assert referral.status == Status.ENGAGED


def test_unable_to_contact_needs_three_failed_attempts(
    referrer, practice, provider, coordinator, link_worker
):
    referral = accepted(referrer, practice, provider, coordinator, link_worker)
    for _ in range(2):
        services.contact_attempt_log(
            referral=referral, by=link_worker, method="phone", outcome=ContactOutcome.NO_ANSWER
        )
    with pytest.raises(TransitionNotAllowed, match="three contact attempts"):
        services.referral_mark_unable_to_contact(referral=referral, by=link_worker)
    services.contact_attempt_log(
        referral=referral, by=link_worker, method="text", outcome=ContactOutcome.LEFT_MESSAGE
    )
    referral = services.referral_mark_unable_to_contact(referral=referral, by=link_worker)
    assert referral.status == Status.UNABLE_TO_CONTACT
    assert referral.closed_at is not None


def test_hold_and_resume_return_to_the_same_status(
    referrer, practice, provider, coordinator, link_worker
):
    referral = accepted(referrer, practice, provider, coordinator, link_worker)
    services.contact_attempt_log(
        referral=referral, by=link_worker, method="phone", outcome=ContactOutcome.SPOKE
    )
    services.referral_hold(referral=referral, by=link_worker, reason="In hospital")
    referral = services.referral_resume(referral=referral, by=link_worker)
    assert referral.status == Status.ENGAGED
    assert referral.status_before_hold == ""


def test_a_colleague_link_worker_cannot_work_someone_elses_case(
    referrer, practice, provider, coordinator, link_worker
):
    referral = accepted(referrer, practice, provider, coordinator, link_worker)
    colleague = user_with_role(Role.LINK_WORKER, provider)
    with pytest.raises(PermissionDenied):
        services.note_add(referral=referral, by=colleague, text="Not mine")


def test_coordinator_reassigns_within_the_provider_and_it_is_in_the_timeline(
    referrer, practice, provider, coordinator, link_worker
):
    referral = accepted(referrer, practice, provider, coordinator, link_worker)
    colleague = user_with_role(Role.LINK_WORKER, provider)
    services.referral_assign(referral=referral, by=coordinator, link_worker=colleague)
    referral.refresh_from_db()
    assert referral.link_worker == colleague
    assert referral.events.filter(kind="assigned").exists()


def test_close_records_reason_and_time(referrer, practice, provider, coordinator, link_worker):
    referral = accepted(referrer, practice, provider, coordinator, link_worker)
    referral = services.referral_close(
        referral=referral,
        by=link_worker,
        reason=CloseReason.GOALS_MET,
        outcome_summary="Joined the walking group",
        no_end_measure_reason=NoEndMeasureReason.DECLINED,
    )
    assert referral.status == Status.CLOSED
    assert referral.close_reason == CloseReason.GOALS_MET
    assert referral.events.last().to_status == Status.CLOSED


def test_person_saying_no_closes_as_declined(
    referrer, practice, provider, coordinator, link_worker
):
    referral = accepted(referrer, practice, provider, coordinator, link_worker)
    referral = services.referral_close(
        referral=referral,
        by=link_worker,
        reason=CloseReason.PERSON_DECLINED,
        no_end_measure_reason=NoEndMeasureReason.DECLINED,
    )
    assert referral.status == Status.DECLINED


def test_a_closed_case_cannot_be_closed_again(
    referrer, practice, provider, coordinator, link_worker
):
    referral = accepted(referrer, practice, provider, coordinator, link_worker)
    services.referral_close(
        referral=referral,
        by=link_worker,
        reason=CloseReason.GOALS_MET,
        no_end_measure_reason=NoEndMeasureReason.TO_FOLLOW,
    )
    with pytest.raises(TransitionNotAllowed):
        services.referral_close(
            referral=referral,
            by=link_worker,
            reason=CloseReason.GOALS_MET,
            no_end_measure_reason=NoEndMeasureReason.TO_FOLLOW,
        )


def test_reject_needs_a_rejection_reason(referrer, practice, coordinator):
    referral = submit(referrer, practice)
    with pytest.raises(ValidationError, match="why the referral is rejected"):
        services.referral_reject(referral=referral, by=coordinator, reason=CloseReason.GOALS_MET)
    referral = services.referral_reject(
        referral=referral, by=coordinator, reason=CloseReason.OUT_OF_AREA
    )
    assert referral.status == Status.REJECTED


def test_return_to_triage_clears_the_provider(referrer, practice, provider, coordinator):
    referral = submit(referrer, practice)
    services.referral_allocate(referral=referral, provider=provider, by=coordinator)
    referral = services.referral_return_to_triage(
        referral=referral, by=coordinator, reason="Wrong area"
    )
    assert referral.status == Status.SUBMITTED
    assert referral.provider is None


def test_next_contact_date_cannot_be_in_the_past(
    referrer, practice, provider, coordinator, link_worker
):
    referral = accepted(referrer, practice, provider, coordinator, link_worker)
    with pytest.raises(ValidationError, match="today or later"):
        services.next_contact_set(
            referral=referral, by=link_worker, on=timezone.localdate() - timedelta(days=1)
        )


def test_a_rule_for_an_inactive_provider_is_skipped(referrer, practice, provider):
    pc = postcode("OL1 1AA", "Coldhurst")
    AllocationRule.objects.create(ward=pc.ward, provider=provider)
    provider.is_active = False
    provider.save()
    referral = submit(referrer, practice)
    assert referral.status == Status.SUBMITTED
    assert referral.provider is None
