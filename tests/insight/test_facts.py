"""The referral facts (thriving.insight.facts): what they hold for a hand-built programme
(tests/insight/dashboard_world.py, whose docstring lists every referral), and how they stay
fresh: on commit after a change, by the facts_refresh task, and when a referral is deleted.
The same for the reason facts (one row per reason a referral gives) rebuilt with them."""

import logging
import uuid
from datetime import date
from decimal import Decimal
from unittest import mock

import pytest

from referrals import services as referral_services
from referrals.models import Referral, ReferralReason
from referrals.workflow import Status
from tests.insight.dashboard_world import build_world, engaged_event
from tests.referrals.case_data import referral_in
from thriving.core.dates import working_days_between
from thriving.core.models import CalendarDay
from thriving.insight.dashboard.referral_figures import last_day_past_target
from thriving.insight.facts import last_full_refresh, refresh_referral_facts
from thriving.insight.models import ReferralFact, ReferralReasonFact
from thriving.insight.tasks import facts_refresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(provider, other_provider, practice, other_practice, link_worker):
    return build_world(
        provider=provider,
        other_provider=other_provider,
        practice=practice,
        other_practice=other_practice,
        link_worker=link_worker,
    )


def fact(referral) -> ReferralFact:
    return ReferralFact.objects.get(pk=referral.pk)


def test_there_is_one_fact_per_referral(world):
    assert ReferralFact.objects.count() == Referral.objects.count() == 8


def test_facts_hold_the_london_dates_scope_and_status(world):
    r2 = fact(world.referrals["R2"])
    # Submitted Fri 7 Mar 16:00, allocated Mon 10 Mar, accepted 10 Mar, first contact 14 Mar.
    assert r2.submitted_on == date(2025, 3, 7)
    assert (r2.allocated_on, r2.accepted_on, r2.first_contact_on) == (
        date(2025, 3, 10),
        date(2025, 3, 10),
        date(2025, 3, 14),
    )
    assert r2.status == Status.ENGAGED
    assert r2.provider_id == world.provider_a.pk
    assert r2.link_worker_id == world.lw_a1.pk
    assert r2.referring_organisation_id == world.practice_1.pk
    r5 = fact(world.referrals["R5"])  # submitted, waiting: no later dates, no provider
    assert r5.status == Status.SUBMITTED
    assert (r5.allocated_on, r5.accepted_on, r5.first_contact_on) == (None, None, None)
    assert r5.provider_id is None
    assert fact(world.referrals["R4"]).ward_id is None


def test_working_days_from_the_fact_dates_skip_the_easter_bank_holidays(world):
    r3 = fact(world.referrals["R3"])
    # Thu 17 Apr to Tue 22 Apr 2025: Good Friday and Easter Monday are bank holidays, the
    # weekend is not worked either, so only Tue 22 counts: 1 working day.
    assert working_days_between(r3.submitted_on, r3.allocated_on) == 1


def test_facts_store_the_working_days_of_both_time_measures(world):
    stored = {
        key: (f.allocation_working_days, f.contact_working_days)
        for key, f in ((k, fact(r)) for k, r in world.referrals.items())
    }
    # R3: submitted Thu 17 Apr, allocated Tue 22 Apr 2025: Good Friday 18 and Easter Monday
    # 21 April are bank holidays and the weekend between is not worked: only Tue 22 counts,
    # 1 working day. Accepted Tue 22, first contact Wed 23: 1.
    assert stored["R3"] == (1, 1)
    # R2: Fri 7 Mar -> Mon 10 Mar = 1 (the weekend skipped); Mon 10 -> Fri 14 Mar = 4.
    assert stored["R2"] == (1, 4)
    # R1 the same day Mon 3 Mar = 0; accepted Tue 4 -> Thu 6 Mar = 2.
    assert stored["R1"] == (0, 2)
    # R4: Mon 10 -> Thu 13 Mar = 3; accepted, no contact yet: empty.
    assert stored["R4"] == (3, None)
    # Never allocated: both empty.
    assert stored["R5"] == stored["R6"] == (None, None)


def test_the_refresh_fills_the_calendar_it_counts_from(world):
    CalendarDay.objects.all().delete()
    refresh_referral_facts([world.referrals["R3"].pk])
    assert fact(world.referrals["R3"]).allocation_working_days == 1
    assert CalendarDay.objects.filter(day=date(2025, 4, 22)).exists()


@pytest.mark.parametrize(
    ("today", "target", "cutoff"),
    [
        # Thu 1 May 2025, 2 working days: 29, 30 April and 1 May are 3 > 2 after Mon 28 Apr;
        # only 2 after Tue 29.
        (date(2025, 5, 1), 2, date(2025, 4, 28)),
        # Tue 22 Apr 2025, 1 working day: after Wed 16 Apr come Thu 17 and Tue 22 (Good
        # Friday, the weekend and Easter Monday not worked): 2 > 1; after Thu 17 only 1.
        (date(2025, 4, 22), 1, date(2025, 4, 16)),
    ],
)
def test_waiting_past_the_target_means_started_on_or_before_the_cutoff(today, target, cutoff):
    assert last_day_past_target(today, target) == cutoff


def test_engaged_and_connection_flags(world):
    flags = {
        key: (f.engaged, f.attended, f.connected_now)
        for key, f in ((k, fact(r)) for k, r in world.referrals.items())
    }
    # Engaged events: R1, R2, R3, R8. R1 has a connection attending (attended, and now
    # attending counts for the index); R3's only connection was suggested, never more.
    assert flags["R1"] == (True, True, True)
    assert flags["R2"] == (True, False, False)
    assert flags["R3"] == (True, False, False)
    assert flags["R8"] == (True, False, False)
    assert flags["R4"] == (False, False, False)


def test_wellbeing_changes_take_the_earliest_start_and_the_latest_end(world):
    # R1 20.73 -> 24.11 = 3.38; R2 17.43 -> 16.88 = -0.55; R3 22.35 -> 18.59 (30 April, the
    # latest end, though recorded first) = -3.76; R8 has a start only: no change.
    assert fact(world.referrals["R1"]).swemwbs_change == Decimal("3.38")
    assert fact(world.referrals["R2"]).swemwbs_change == Decimal("-0.55")
    r3 = fact(world.referrals["R3"])
    assert r3.swemwbs_change == Decimal("-3.76")
    assert r3.swemwbs_end_on == date(2025, 4, 30)
    r8 = fact(world.referrals["R8"])
    assert (r8.swemwbs_change, r8.swemwbs_end_on) == (None, None)


def test_ons4_answers_at_both_ends_and_never_a_review(world):
    r1 = fact(world.referrals["R1"])  # 5,6,5,6 -> 7,7,6,3 (a review in between is ignored)
    assert (
        r1.ons_life_satisfaction_start,
        r1.ons_worthwhile_start,
        r1.ons_happiness_start,
        r1.ons_anxiety_start,
    ) == (5, 6, 5, 6)
    assert (
        r1.ons_life_satisfaction_end,
        r1.ons_worthwhile_end,
        r1.ons_happiness_end,
        r1.ons_anxiety_end,
    ) == (7, 7, 6, 3)
    assert fact(world.referrals["R3"]).ons_life_satisfaction_start is None  # no ONS4


def test_refreshing_some_ids_leaves_the_others_alone(world):
    r1, r2 = world.referrals["R1"], world.referrals["R2"]
    Referral.objects.filter(pk__in=[r1.pk, r2.pk]).update(status=Status.ON_HOLD)

    assert refresh_referral_facts([r1.pk]) == 1

    assert fact(r1).status == Status.ON_HOLD
    assert fact(r2).status == Status.ENGAGED  # not asked for: stale until the next rebuild


def test_a_service_call_refreshes_the_facts_when_it_commits(
    coordinator, provider, practice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        referral = referral_in(Status.SUBMITTED, practice=practice)
    assert fact(referral).allocated_on is None

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        referral_services.referral_allocate(referral=referral, provider=provider, by=coordinator)

    assert callbacks  # refreshed after the commit, not before
    refreshed = fact(referral)
    assert refreshed.status == Status.ALLOCATED
    assert refreshed.provider_id == provider.pk
    assert refreshed.allocated_on is not None


def test_changes_in_one_transaction_are_refreshed_together(
    world, django_capture_on_commit_callbacks
):
    r4, r5 = world.referrals["R4"], world.referrals["R5"]
    with (
        mock.patch("thriving.insight.facts.refresh_referral_facts") as refresh,
        django_capture_on_commit_callbacks(execute=True),
    ):
        engaged_event(r4, date(2025, 4, 1))
        engaged_event(r5, date(2025, 4, 2))
        r5.save()

    # (Inside a test everything is one transaction: what the fixture saved is in it too.)
    refresh.assert_called_once()
    assert {r4.pk, r5.pk} <= set(refresh.call_args.args[0])


def test_an_engaged_event_refreshes_its_referral(world, django_capture_on_commit_callbacks):
    r4 = world.referrals["R4"]
    with django_capture_on_commit_callbacks(execute=True):
        engaged_event(r4, date(2025, 4, 1))

    assert fact(r4).engaged is True


def test_a_failed_refresh_is_logged_and_never_breaks_the_change(
    world, django_capture_on_commit_callbacks, caplog
):
    r4 = world.referrals["R4"]
    with (
        mock.patch(
            "thriving.insight.facts.refresh_referral_facts", side_effect=RuntimeError("boom")
        ),
        caplog.at_level(logging.WARNING, logger="thriving.insight.signals"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        r4.save()  # no exception

    assert "Could not refresh the facts of" in caplog.text
    assert "(RuntimeError); the next full refresh will" in caplog.text
    assert r4.nhs_number not in caplog.text and r4.family_name not in caplog.text


def test_the_task_rebuilds_what_bulk_updates_changed(world):
    r2 = world.referrals["R2"]
    Referral.objects.filter(pk=r2.pk).update(status=Status.ON_HOLD)  # sends no signal
    assert fact(r2).status == Status.ENGAGED

    written = facts_refresh.apply().get()

    assert written == 8
    assert fact(r2).status == Status.ON_HOLD
    assert last_full_refresh() is not None


def test_the_nightly_index_task_rebuilds_the_facts_first(world):
    with mock.patch("thriving.insight.tasks.rebuild_referral_facts") as refresh:
        from thriving.insight.tasks import index_recompute

        index_recompute.apply().get()

    refresh.assert_called_once_with()


def test_deleting_a_referral_deletes_its_fact(world):
    r6 = world.referrals["R6"]
    r6.delete()

    assert not ReferralFact.objects.filter(pk=r6.pk).exists()
    assert ReferralFact.objects.count() == 7


def test_refreshing_an_id_with_no_referral_writes_nothing(world):
    assert refresh_referral_facts([uuid.uuid4()]) == 0
    assert ReferralFact.objects.count() == 8


# --- reason facts --------------------------------------------------------------------------


def reason_facts(world) -> set[tuple]:
    """(referral key, reason code, submitted on, provider, ward, SWEMWBS change) per row."""
    keys = {r.pk: key for key, r in world.referrals.items()}
    codes = dict(ReferralReason.objects.values_list("pk", "code"))
    return {
        (keys[row.referral_id], codes[row.reason_id], row.submitted_on, row.provider_id,
         row.ward_id, row.swemwbs_change)
        for row in ReferralReasonFact.objects.all()
    }  # fmt: skip


def test_one_reason_fact_per_reason_a_referral_gives(world):
    a, b = world.provider_a.pk, world.provider_b.pk
    coldhurst, werneth = (ward_id(world, key) for key in ("R1", "R3"))
    # R2 gives two reasons: two rows, each with its referral's date, scope and change.
    # 8 referrals, 9 reasons given.
    assert reason_facts(world) == {
        ("R1", "loneliness", date(2025, 3, 3), a, coldhurst, Decimal("3.38")),
        ("R2", "loneliness", date(2025, 3, 7), a, coldhurst, Decimal("-0.55")),
        ("R2", "low-mood", date(2025, 3, 7), a, coldhurst, Decimal("-0.55")),
        ("R3", "low-mood", date(2025, 4, 17), a, werneth, Decimal("-3.76")),
        ("R4", "loneliness", date(2025, 3, 10), b, None, None),
        ("R5", "loneliness", date(2025, 4, 29), None, coldhurst, None),
        ("R6", "loneliness", date(2025, 3, 5), None, werneth, None),
        ("R7", "loneliness", date(2025, 2, 15), a, coldhurst, None),
        ("R8", "physical-inactivity", date(2025, 3, 12), b, werneth, None),
    }
    assert ReferralReasonFact.objects.count() == Referral.reasons.through.objects.count() == 9


def ward_id(world, key):
    return world.referrals[key].ward_id


def rows_of(referral) -> list[str]:
    return sorted(
        ReferralReason.objects.filter(
            pk__in=ReferralReasonFact.objects.filter(referral=referral).values("reason_id")
        ).values_list("code", flat=True)
    )


def test_adding_and_removing_a_reason_refreshes_the_reason_facts(
    world, django_capture_on_commit_callbacks
):
    r4 = world.referrals["R4"]
    low_mood = ReferralReason.objects.get(code="low-mood")
    with django_capture_on_commit_callbacks(execute=True):
        r4.reasons.add(low_mood)
    assert rows_of(r4) == ["loneliness", "low-mood"]

    with django_capture_on_commit_callbacks(execute=True):
        r4.reasons.remove(ReferralReason.objects.get(code="loneliness"))
    assert rows_of(r4) == ["low-mood"]

    with django_capture_on_commit_callbacks(execute=True):
        r4.reasons.clear()
    assert rows_of(r4) == []
    assert fact(r4).status == Status.ACCEPTED  # the referral's own fact stays


def test_clearing_a_reason_from_its_side_refreshes_every_referral_that_gave_it(
    world, django_capture_on_commit_callbacks
):
    low_mood = ReferralReason.objects.get(code="low-mood")  # R2 and R3
    with django_capture_on_commit_callbacks(execute=True):
        low_mood.referrals.clear()

    assert not ReferralReasonFact.objects.filter(reason=low_mood).exists()
    assert rows_of(world.referrals["R2"]) == ["loneliness"]
    assert ReferralReasonFact.objects.count() == 7


def test_reason_facts_follow_their_referral_changes(world, django_capture_on_commit_callbacks):
    r2 = world.referrals["R2"]
    r2.provider = world.provider_b
    with django_capture_on_commit_callbacks(execute=True):
        r2.save()

    # Both of R2's reasons now carry provider B.
    providers = set(
        ReferralReasonFact.objects.filter(referral=r2).values_list("provider_id", flat=True)
    )
    assert providers == {world.provider_b.pk}


def test_refreshing_some_ids_leaves_the_other_reason_facts_alone(world):
    r1, r3 = world.referrals["R1"], world.referrals["R3"]
    through = Referral.reasons.through
    inactivity = ReferralReason.objects.get(code="physical-inactivity")
    through.objects.bulk_create(  # no signal
        [through(referral_id=r.pk, referralreason_id=inactivity.pk) for r in (r1, r3)]
    )

    refresh_referral_facts([r1.pk])

    assert rows_of(r1) == ["loneliness", "physical-inactivity"]
    assert rows_of(r3) == ["low-mood"]  # not asked for: stale until the next rebuild
    assert ReferralReasonFact.objects.count() == 10


def test_the_task_rebuilds_the_reason_facts_too(world):
    through = Referral.reasons.through
    inactivity = ReferralReason.objects.get(code="physical-inactivity")
    r5 = world.referrals["R5"]
    through.objects.create(referral_id=r5.pk, referralreason_id=inactivity.pk)  # no m2m signal
    ReferralReasonFact.objects.filter(referral=world.referrals["R1"]).delete()

    facts_refresh.apply().get()

    assert rows_of(r5) == ["loneliness", "physical-inactivity"]
    assert rows_of(world.referrals["R1"]) == ["loneliness"]
    assert ReferralReasonFact.objects.count() == 10


def test_deleting_a_referral_deletes_its_reason_facts(world):
    r2 = world.referrals["R2"]
    r2.delete()

    assert not ReferralReasonFact.objects.filter(referral_id=r2.pk).exists()
    assert ReferralReasonFact.objects.count() == 7
