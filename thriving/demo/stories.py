"""Demo referrals told as stories, each built through referrals.services step by step, so every
case has the timeline a real one would have (see timeline.py for how the times are set).
"""

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from referrals import services
from referrals.models import (
    ContactMethod,
    ContactOutcome,
    Goal,
    GoalStatus,
    Referral,
    ReferralReason,
    Urgency,
)
from referrals.workflow import CloseReason, NoEndMeasureReason
from thriving.accounts.models import Organisation, User
from thriving.accounts.roles import Role

from . import data
from .people import Person
from .plans import STARTED_DAYS_AGO, A, B, Plan, S
from .timeline import Story, office_hours

# People living in these districts mostly see the Royton and Crompton practice.
_NORTH = {"Royton, Shaw and Crompton", "Saddleworth and Lees"}

# A story's submission token is its natural key: seeding again finds it and skips the story.
TOKEN_NAMESPACE = uuid.UUID("5b0f3c52-8f0e-4a8e-9c1d-7d1f2b6a4e10")


_CLOSING_SUMMARIES = {
    CloseReason.MOVED_AWAY: "Moved to live near family in Leeds; given the details of the "
    "social prescribing service there.",
    CloseReason.REFERRED_ELSEWHERE: "Referred on, with their agreement, to the community "
    "mental health team.",
    CloseReason.NO_LONGER_NEEDED: "Feeling much better and back in touch with old friends; "
    "knows how to come back to us.",
}


@dataclass
class Cast:
    users: dict[str, User]
    organisations: dict[str, Organisation]
    reasons: dict[str, ReferralReason]
    district_of_ward: dict[str, str]
    now: datetime

    def coordinator(self, provider_key: str) -> User:
        return self.users[
            "coordinator@example.org" if provider_key == A else "coordinator2@example.org"
        ]

    def link_worker(self, provider_key: str) -> User:
        return self.users[
            "linkworker@example.org" if provider_key == A else "linkworker2@example.org"
        ]


def token_for(index: int) -> uuid.UUID:
    return uuid.uuid5(TOKEN_NAMESPACE, f"demo-referral-{index}")


def story_for(*, index: int, plan: Plan, person: Person, cast: Cast) -> Story:
    rng = random.Random(f"thriving-demo-story-{index}")  # noqa: S311 - repeatable demo
    low, high = STARTED_DAYS_AGO[plan.status]
    story = Story(
        rng=rng,
        start=office_hours(cast.now - timedelta(days=rng.uniform(low, high))),
        ceiling=cast.now - timedelta(minutes=10),
        seeding_began=cast.now,
    )
    _submission(story, index=index, plan=plan, person=person, cast=cast)
    if plan.status in {S.SUBMITTED, S.ALLOCATED}:
        return story
    if plan.status == S.REJECTED:
        _rejection(story, plan=plan, cast=cast)
        return story
    _case_work(story, plan=plan, cast=cast)
    return story


def _submission(story: Story, *, index: int, plan: Plan, person: Person, cast: Cast) -> None:
    rng = story.rng
    northern = cast.district_of_ward.get(person.ward_name) in _NORTH
    referrer = cast.users[
        data.REFERRER_EMAILS[1] if northern == (rng.random() < 0.8) else data.REFERRER_EMAILS[0]
    ]
    codes = rng.sample(sorted(data.REASON_DETAILS), k=rng.choice([1, 1, 2, 2, 3]))
    fields = person.referral_fields() | {
        "consent_to_referral": True,
        "consent_to_share": rng.random() < 0.85,
        "reason_details": data.REASON_DETAILS[codes[0]],
        "risk_notes": rng.choice(data.RISK_NOTES) if rng.random() < 0.3 else "",
        "urgency": Urgency.URGENT if plan.variant == "urgent" else Urgency.ROUTINE,
    }
    organisation = next(
        m.organisation for m in referrer.active_memberships if m.role == Role.REFERRER
    )

    def submit(_referral, _at):
        return services.referral_submit(
            by=referrer,
            organisation=organisation,
            reasons=[cast.reasons[c] for c in codes],
            submission_token=token_for(index),
            **fields,
        )

    story.then(0, 0, submit)
    provider = cast.organisations.get(plan.provider)
    if plan.route == "hand":
        story.then(
            2,
            30,
            lambda r, at: services.referral_allocate(
                referral=r, provider=provider, by=cast.coordinator(plan.provider)
            ),
        )
    elif plan.route == "bounce":
        other = B if plan.provider == A else A
        story.then(
            3,
            20,
            lambda r, at: services.referral_return_to_triage(
                referral=r,
                by=cast.coordinator(other),
                reason="Would rather meet near their daughter's home; returning for "
                "the other team to pick up.",
            ),
        )
        story.then(
            1,
            24,
            lambda r, at: services.referral_allocate(
                referral=r, provider=provider, by=cast.coordinator(plan.provider)
            ),
        )


def _rejection(story: Story, *, plan: Plan, cast: Cast) -> None:
    coordinator = cast.coordinator(plan.provider or A)
    story.then(
        3,
        40,
        lambda r, at: services.referral_reject(
            referral=r, by=coordinator, reason=plan.variant, note=data.REJECT_NOTES[plan.variant]
        ),
    )


def _attempt_act(worker: User, *, spoke: bool, rng: random.Random):
    if spoke:
        method = rng.choice([ContactMethod.PHONE, ContactMethod.PHONE, ContactMethod.IN_PERSON])
        outcome = ContactOutcome.SPOKE
    else:
        method = rng.choice([ContactMethod.PHONE, ContactMethod.PHONE, ContactMethod.TEXT])
        outcome = rng.choice(
            [ContactOutcome.NO_ANSWER, ContactOutcome.LEFT_MESSAGE, ContactOutcome.NO_ANSWER]
        )
    return lambda r, at: services.contact_attempt_log(
        referral=r, by=worker, method=method, outcome=outcome, at=at
    )


def _attempt(story: Story, cast: Cast, provider: str, *, spoke: bool, gap: tuple) -> None:
    story.then(*gap, _attempt_act(cast.link_worker(provider), spoke=spoke, rng=story.rng))


def _case_work(story: Story, *, plan: Plan, cast: Cast) -> None:
    rng, worker = story.rng, cast.link_worker(plan.provider)
    accepter = cast.coordinator(plan.provider) if plan.variant == "by_coordinator" else worker
    story.then(
        4,
        40,
        lambda r, at: services.referral_accept(referral=r, by=accepter, link_worker=worker),
    )
    if plan.status == S.ACCEPTED:
        return
    if plan.variant == "at_once":
        _close(story, worker, CloseReason.PERSON_DECLINED, gap=(2, 30))
        return
    failures = {S.CONTACTING: rng.randint(1, 2), S.UNABLE_TO_CONTACT: 3}.get(
        plan.status, rng.choice([0, 0, 1, 2])
    )
    for attempt in range(failures):
        _attempt(story, cast, plan.provider, spoke=False, gap=(3, 30) if attempt == 0 else (20, 80))
    if plan.status == S.CONTACTING:
        return
    if plan.status == S.UNABLE_TO_CONTACT:
        story.then(
            24,
            72,
            lambda r, at: services.referral_mark_unable_to_contact(referral=r, by=worker),
        )
        return
    _attempt(story, cast, plan.provider, spoke=True, gap=(3, 50))
    if plan.status == S.DECLINED:
        _close(story, worker, CloseReason.PERSON_DECLINED, gap=(24, 96))
        return
    _conversation_and_plan(story, worker)
    if plan.status == S.ENGAGED:
        # Most cases had a recent follow-up and have the next one booked; the rest are
        # overdue a follow-up, as some always are.
        if rng.random() < 0.75:
            story.then(0, 0, _attempt_act(cast.link_worker(plan.provider), spoke=True, rng=rng))
            story.steps[-1].not_before = cast.now - timedelta(days=rng.uniform(2, 12))
            weeks = rng.randint(2, 4)
            story.then(
                0.1,
                1,
                lambda r, at: services.next_contact_set(
                    referral=r, by=worker, on=timezone.localdate(at) + timedelta(weeks=weeks)
                ),
            )
        return
    if plan.status == S.ON_HOLD:
        reason = rng.choice(data.HOLD_REASONS)
        story.then(
            48, 240, lambda r, at: services.referral_hold(referral=r, by=worker, reason=reason)
        )
        return
    if rng.random() < 0.3:
        reason = rng.choice(data.HOLD_REASONS)
        story.then(
            48, 240, lambda r, at: services.referral_hold(referral=r, by=worker, reason=reason)
        )
        story.then(240, 700, lambda r, at: services.referral_resume(referral=r, by=worker))
    story.then(168, 500, lambda r, at: _achieve_first_goal(r, worker, at))
    _close(story, worker, plan.variant, gap=(72, 400))


def _conversation_and_plan(story: Story, worker: User) -> None:
    rng = story.rng
    text = rng.choice(data.WHAT_MATTERS)
    story.then(
        24, 168, lambda r, at: services.what_matters_record(referral=r, by=worker, text=text)
    )
    for goal in rng.sample(data.GOALS, k=rng.randint(1, 3)):
        story.then(
            0.1,
            0.5,
            lambda r, at, goal=goal: services.goal_add(referral=r, by=worker, description=goal),
        )
    for note in rng.sample(data.NOTES, k=rng.randint(0, 2)):
        shareable = rng.random() < 0.4
        story.then(
            72,
            336,
            lambda r, at, note=note, shareable=shareable: services.note_add(
                referral=r, by=worker, text=note, shareable=shareable
            ),
        )


def _achieve_first_goal(referral: Referral, worker: User, at: datetime) -> Goal:
    goal = services.goal_update(goal=referral.goals.first(), by=worker, status=GoalStatus.ACHIEVED)
    Goal.objects.filter(pk=goal.pk).update(updated_at=at)
    return goal


def _close(story: Story, worker: User, reason: str, *, gap: tuple) -> None:
    if reason == CloseReason.PERSON_DECLINED:
        summary = "Said they would rather not take part for now; has our number if they change "
        summary += "their mind."
    else:
        summary = _CLOSING_SUMMARIES.get(reason) or story.rng.choice(data.OUTCOME_SUMMARIES)
    # A case closes with its end wellbeing measure or the reason there is none. The measures
    # are dated in the story's past, which the service refuses, so referrals.demo adds them
    # afterwards: here the end measure is "to follow".
    no_end = (
        NoEndMeasureReason.DECLINED
        if reason == CloseReason.PERSON_DECLINED
        else NoEndMeasureReason.TO_FOLLOW
    )
    story.then(
        *gap,
        lambda r, at: services.referral_close(
            referral=r,
            by=worker,
            reason=reason,
            outcome_summary=summary,
            no_end_measure_reason=no_end,
        ),
    )
