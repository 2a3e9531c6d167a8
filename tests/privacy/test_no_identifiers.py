"""Nothing that identifies a person goes into an email subject, a notification or reminder
title, or a URL: the referral and grant journeys run end to end, then everything they sent
is searched for the person."""

from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from grants import services as grant_services
from grants.workflow import Decision
from referrals import services
from referrals.models import Referral
from referrals.workflow import CloseReason, NoEndMeasureReason
from tests.grants.helpers import at_panel, declare_and_score, draft
from tests.privacy.people import ZOFIA, submitted, worked_case
from thriving.notifications.models import Notification, OutboundEmail, Reminder
from thriving.notifications.services import reminders_sweep

pytestmark = pytest.mark.django_db

ZOFIA_IDENTIFIERS = [
    ZOFIA["given_name"],
    ZOFIA["family_name"],
    ZOFIA["nhs_number"],
    "943 476 5919",
    ZOFIA["email"],
    ZOFIA["phone"],
    ZOFIA["postcode"],
]


def subjects_and_titles() -> list[str]:
    return (
        list(OutboundEmail.objects.values_list("subject", flat=True))
        + list(Notification.objects.values_list("title", flat=True))
        + list(Reminder.objects.values_list("title", flat=True))
    )


def assert_none_of(identifiers: list[str], texts: list[str]) -> None:
    assert texts, "the journey sent nothing, so nothing was checked"
    for text in texts:
        for identifier in identifiers:
            assert identifier not in text, text


def test_the_referral_journey_sends_no_identifier_in_a_subject_or_title(case_people, practice):
    referrer, coordinator = case_people["referrer"], case_people["coordinator"]
    case = worked_case(**case_people)
    services.referral_close(
        referral=case,
        by=case_people["link_worker"],
        reason=CloseReason.CONNECTED,
        outcome_summary="Zofia joined the choir.",
        no_end_measure_reason=NoEndMeasureReason.TO_FOLLOW,
    )
    rejected = submitted(referrer, practice, nhs_number="9434765870")
    services.referral_reject(
        referral=rejected, by=coordinator, reason=CloseReason.DUPLICATE, note="Zofia again"
    )
    waiting = submitted(referrer, practice, nhs_number="9990003874")
    Referral.objects.filter(pk=waiting.pk).update(submitted_at=timezone.now() - timedelta(days=9))

    reminders_sweep()

    assert Reminder.objects.exists()
    assert_none_of(ZOFIA_IDENTIFIERS, subjects_and_titles())


def test_referral_emails_carry_no_identifier_in_their_bodies_either(case_people):
    case = worked_case(**case_people)
    services.referral_close(
        referral=case,
        by=case_people["link_worker"],
        reason=CloseReason.GOALS_MET,
        no_end_measure_reason=NoEndMeasureReason.TO_FOLLOW,
    )

    bodies = list(OutboundEmail.objects.values_list("body", flat=True))

    assert_none_of(ZOFIA_IDENTIFIERS, bodies)


def test_the_grant_journey_sends_no_applicants_details_in_a_subject(
    round_, applicant, group, officer, panel
):
    declined = at_panel(round_, applicant, group, officer)
    declare_and_score(declined, panel[:3], value=1)
    grant_services.application_decide(
        application=declined, by=officer, decision=Decision.DECLINE, rationale="Out of scope."
    )
    asked = grant_services.application_submit(
        application=draft(round_, applicant, group), by=applicant
    )
    grant_services.eligibility_check_start(application=asked, by=officer)
    grant_services.information_request(
        application=asked, by=officer, question="Who are your trustees?"
    )

    assert_none_of(
        [applicant.full_name, applicant.email, "Aisha"],
        list(OutboundEmail.objects.values_list("subject", flat=True)),
    )


# Route parameters that would put a person in an address.
IDENTIFYING_PARAMETERS = {
    "nhs_number",
    "nhs",
    "name",
    "given_name",
    "family_name",
    "email",
    "postcode",
    "date_of_birth",
    "dob",
    "phone",
}


def _parameters(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        names = set(pattern.pattern.converters) if hasattr(pattern.pattern, "converters") else set()
        names |= set(getattr(pattern.pattern.regex, "groupindex", {}))
        for name in names:
            yield route, name
        if isinstance(pattern, URLResolver):
            yield from _parameters(pattern, route)
        elif not isinstance(pattern, URLPattern):
            raise TypeError(pattern)


def test_no_url_takes_a_persons_details():
    found = [(route, name) for route, name in _parameters(get_resolver())]

    assert found
    assert [(route, name) for route, name in found if name in IDENTIFYING_PARAMETERS] == []
