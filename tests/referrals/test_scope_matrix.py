"""The whole scope matrix of the referral pages: for every role, a referral of their own
organisation and one of another organisation, every page and every action.

Another organisation's referral is a 404 (the selector never finds it); a referral the user
can see but whose role does not allow the action is a 403; an allowed action goes through
(a redirect back, or the page). Unallocated referrals are the borough's shared triage: every
coordinator may see and allocate them, whoever referred them.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from referrals.models import Goal
from referrals.workflow import Status
from tests.factories import OrganisationFactory, UserFactory, user_with_role
from tests.referrals.case_data import referral_in
from thriving.accounts.roles import OrganisationKind, Role

pytestmark = pytest.mark.django_db

OK = "ok"
PERSONAS = ["referrer", "link_worker", "colleague", "coordinator", "programme_lead", "no_role"]


@dataclass(frozen=True)
class Page:
    status: str  # the state the referral is in, so the action itself is possible
    data: dict  # a valid POST for the action (None: the page, a GET)
    expected: dict  # persona -> outcome for a referral of their own organisation


def _contact(_world):
    now = timezone.localtime() - timedelta(minutes=5)
    return {
        "contact-method": "phone",
        "contact-outcome": "no_answer",
        "contact-on": now.date().isoformat(),
        "contact-at": now.strftime("%H:%M"),
    }


TRIAGE = {
    "referrer": 403,
    "link_worker": 403,
    "colleague": 403,
    "coordinator": OK,
    "programme_lead": 404,
    "no_role": 404,
}
CASE_WORK = {
    "referrer": 403,
    "link_worker": OK,
    "colleague": 403,
    "coordinator": OK,
    "programme_lead": 404,
    "no_role": 404,
}

PAGES = {
    "detail": Page(
        Status.ENGAGED,
        None,
        {**CASE_WORK, "referrer": OK, "colleague": OK},
    ),
    "allocate": Page(
        Status.SUBMITTED,
        lambda w: {"allocate-provider": w.provider.pk},
        # Not yet anyone's: link workers do not see the borough's triage at all.
        {**TRIAGE, "link_worker": 404, "colleague": 404},
    ),
    "return_to_triage": Page(Status.ALLOCATED, lambda w: {"return-reason": "Wrong area"}, TRIAGE),
    "reject": Page(Status.ALLOCATED, lambda w: {"reject-reason": "duplicate"}, TRIAGE),
    "accept": Page(
        Status.ALLOCATED,
        lambda w: {"accept-link_worker": w.link_worker.pk},
        {**CASE_WORK, "colleague": OK},
    ),
    "assign": Page(
        Status.ENGAGED,
        lambda w: {"assign-link_worker": w.colleague.pk},
        {**TRIAGE},
    ),
    "contact_attempt": Page(Status.CONTACTING, _contact, CASE_WORK),
    "unable_to_contact": Page(Status.CONTACTING, lambda w: {}, CASE_WORK),
    "what_matters": Page(Status.ENGAGED, lambda w: {"what_matters-text": "Music"}, CASE_WORK),
    "note": Page(Status.ENGAGED, lambda w: {"note-text": "Called round"}, CASE_WORK),
    "goal_add": Page(Status.ENGAGED, lambda w: {"goal-description": "Swim"}, CASE_WORK),
    # The goal and its form's prefix are made in request_page.
    "goal_update": Page(Status.ENGAGED, lambda w: {}, CASE_WORK),
    "next_contact": Page(
        Status.ENGAGED,
        lambda w: {
            "next_contact-next_contact_date": (timezone.localdate() + timedelta(days=3)).isoformat()
        },
        CASE_WORK,
    ),
    "hold": Page(Status.ENGAGED, lambda w: {"hold-reason": "In hospital"}, CASE_WORK),
    "resume": Page(Status.ON_HOLD, lambda w: {}, CASE_WORK),
    "close": Page(
        Status.ENGAGED,
        lambda w: {"close-reason": "goals_met", "close-outcome_summary": "Doing well"},
        CASE_WORK,
    ),
}

LISTS = {
    "inbox": {"coordinator"},
    "caseload": {"link_worker", "colleague"},
    "organisation_cases": {"coordinator"},
}


@dataclass
class World:
    practice: object
    other_practice: object
    provider: object
    other_provider: object
    link_worker: object
    colleague: object
    other_link_worker: object
    people: dict


@pytest.fixture
def world(
    practice,
    other_practice,
    provider,
    other_provider,
    referrer,
    link_worker,
    coordinator,
    other_link_worker,
):
    council = OrganisationFactory(name="Oldham Council", kind=OrganisationKind.COUNCIL)
    colleague = user_with_role(Role.LINK_WORKER, provider, full_name="Colin Colleague")
    people = {
        "referrer": referrer,
        "link_worker": link_worker,
        "colleague": colleague,
        "coordinator": coordinator,
        "programme_lead": user_with_role(Role.PROGRAMME_LEAD, council),
        "no_role": UserFactory(),
    }
    return World(
        practice=practice,
        other_practice=other_practice,
        provider=provider,
        other_provider=other_provider,
        link_worker=link_worker,
        colleague=colleague,
        other_link_worker=other_link_worker,
        people=people,
    )


def referral_of(world: World, side: str, status: str):
    if side == "own":
        return referral_in(
            status,
            practice=world.practice,
            provider=None if status == Status.SUBMITTED else world.provider,
            link_worker=world.link_worker,
        )
    return referral_in(
        status,
        practice=world.other_practice,
        provider=None if status == Status.SUBMITTED else world.other_provider,
        link_worker=world.other_link_worker,
    )


def request_page(client, world: World, name: str, referral):
    page = PAGES[name]
    args = [referral.pk]
    data = page.data(world) if page.data else None
    if name == "goal_update":
        goal = Goal.objects.create(
            referral=referral, description="Swim", created_by=referral.link_worker
        )
        args.append(goal.pk)
        data = {f"goal_{goal.pk}-status": "achieved"}
    url = reverse(f"referrals:{name}", args=args)
    return client.get(url) if data is None else client.post(url, data)


def outcome(response) -> str | int:
    return OK if response.status_code in {200, 302} else response.status_code


def expected_for(name: str, persona: str, side: str):
    if side == "own":
        return PAGES[name].expected[persona]
    if name == "allocate" and persona == "coordinator":
        return OK  # an unallocated referral is every coordinator's to triage
    return 404


@pytest.mark.parametrize("side", ["own", "other"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", list(PAGES))
def test_referral_pages_and_actions_by_role_and_organisation(client, world, name, persona, side):
    referral = referral_of(world, side, PAGES[name].status)
    client.force_login(world.people[persona])

    response = request_page(client, world, name, referral)

    assert outcome(response) == expected_for(name, persona, side)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", list(LISTS))
def test_list_pages_by_role(client, world, name, persona):
    client.force_login(world.people[persona])

    response = client.get(reverse(f"referrals:{name}"))

    assert response.status_code == (200 if persona in LISTS[name] else 403)


@pytest.mark.parametrize("name", list(PAGES))
def test_signed_out_visitors_are_sent_to_sign_in_for_every_referral_page(client, world, name):
    referral = referral_of(world, "own", PAGES[name].status)

    response = request_page(client, world, name, referral)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", list(LISTS))
def test_signed_out_visitors_are_sent_to_sign_in_for_every_list(client, name):
    response = client.get(reverse(f"referrals:{name}"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
