"""Connections from a case to the directory: the moves the table allows and refuses, who may
make them, the events they write and the counts each listing keeps."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from community_assets.models import ServiceReach, ServiceStatus
from community_assets.services import service_reach_record
from referrals import connections
from referrals.connection_workflow import ConnectionStatus, can_move
from referrals.models import Connection, EventKind
from referrals.workflow import Status, TransitionNotAllowed
from tests.factories import user_with_role, ward
from tests.referrals.case_data import referral_in
from tests.referrals.connection_data import (
    directory_categories,
    directory_keeper,
    engaged_case,
    listing_in,
)
from thriving.accounts.roles import Role

pytestmark = pytest.mark.django_db

S = ConnectionStatus


@pytest.fixture
def keeper(db):
    return directory_keeper()


@pytest.fixture
def walk(keeper):
    return listing_in(keeper, "Alexandra Park walking group")


@pytest.fixture
def case(practice, provider, link_worker):
    return engaged_case(practice=practice, provider=provider, link_worker=link_worker)


def suggested(case, walk, link_worker, **kwargs):
    return connections.connection_suggest(referral=case, service=walk, by=link_worker, **kwargs)


def moved(connection, to, by, **kwargs):
    return connections.connection_move(connection=connection, to=to, by=by, **kwargs)


def reach(service) -> tuple[int, int]:
    row = ServiceReach.objects.get(service=service)
    return row.connected, row.attended


# ------------------------------------------------------------------------------------------
# The table


@pytest.mark.parametrize(
    ("status", "target"),
    [
        (S.SUGGESTED, S.CONTACTED),
        (S.SUGGESTED, S.NOT_TAKEN_UP),
        (S.SUGGESTED, S.NO_SPACE),
        (S.CONTACTED, S.ATTENDING),
        (S.CONTACTED, S.NOT_TAKEN_UP),
        (S.CONTACTED, S.NO_SPACE),
    ],
)
def test_the_table_allows_each_step_of_the_path(status, target):
    assert can_move(status, target)


@pytest.mark.parametrize(
    ("status", "target"),
    [
        (S.SUGGESTED, S.ATTENDING),
        (S.SUGGESTED, S.SUGGESTED),
        (S.CONTACTED, S.SUGGESTED),
        (S.ATTENDING, S.NOT_TAKEN_UP),
        (S.ATTENDING, S.CONTACTED),
        (S.NOT_TAKEN_UP, S.CONTACTED),
        (S.NO_SPACE, S.ATTENDING),
        (S.SUGGESTED, "deleted"),
    ],
)
def test_the_table_refuses_every_other_move(status, target):
    assert not can_move(status, target)


# ------------------------------------------------------------------------------------------
# Suggesting and moving


def test_suggesting_a_listing_makes_a_suggested_connection_dated_today(case, walk, link_worker):
    connection = suggested(case, walk, link_worker, note="Likes being outdoors")

    assert connection.status == S.SUGGESTED
    assert connection.suggested_on == timezone.localdate()
    assert connection.created_by == link_worker
    assert connection.note == "Likes being outdoors"


def test_contacted_then_attending_keeps_the_day_of_each_step(case, walk, link_worker):
    today = timezone.localdate()
    connection = suggested(case, walk, link_worker, on=today - timedelta(days=10))

    moved(connection, S.CONTACTED, link_worker, on=today - timedelta(days=7))
    connection = moved(connection, S.ATTENDING, link_worker)

    connection.refresh_from_db()
    assert connection.status == S.ATTENDING
    assert connection.suggested_on == today - timedelta(days=10)
    assert connection.contacted_on == today - timedelta(days=7)
    assert connection.attending_from == today


@pytest.mark.parametrize("ending", [S.NOT_TAKEN_UP, S.NO_SPACE])
def test_an_ending_is_dated(case, walk, link_worker, ending):
    connection = moved(suggested(case, walk, link_worker), ending, link_worker)

    assert connection.status == ending
    assert connection.ended_on == timezone.localdate()


def test_jumping_from_suggested_to_attending_is_refused_in_words_for_the_user(
    case, walk, link_worker
):
    connection = suggested(case, walk, link_worker)

    with pytest.raises(TransitionNotAllowed) as refused:
        moved(connection, S.ATTENDING, link_worker)

    assert str(refused.value) == (
        "“Alexandra Park walking group” is suggested, so it cannot be marked attending."
    )
    connection.refresh_from_db()
    assert connection.status == S.SUGGESTED


def test_an_ended_connection_cannot_move_again(case, walk, link_worker):
    connection = moved(suggested(case, walk, link_worker), S.NO_SPACE, link_worker)

    with pytest.raises(TransitionNotAllowed):
        moved(connection, S.CONTACTED, link_worker)


def test_a_date_in_the_future_is_refused(case, walk, link_worker):
    with pytest.raises(ValidationError) as refused:
        suggested(case, walk, link_worker, on=timezone.localdate() + timedelta(days=1))

    assert refused.value.message_dict["on"] == ["The date cannot be in the future."]
    assert not Connection.objects.exists()


def test_a_step_dated_before_the_one_before_it_is_refused(case, walk, link_worker):
    today = timezone.localdate()
    connection = suggested(case, walk, link_worker, on=today - timedelta(days=2))

    with pytest.raises(ValidationError) as refused:
        moved(connection, S.CONTACTED, link_worker, on=today - timedelta(days=5))

    assert refused.value.message_dict["on"][0].startswith(
        "The date cannot be before the last change"
    )


def test_the_same_listing_cannot_be_suggested_twice_while_live(case, walk, link_worker):
    suggested(case, walk, link_worker)

    with pytest.raises(ValidationError) as refused:
        suggested(case, walk, link_worker)

    assert "This activity is already suggested to this person." in refused.value.messages
    assert Connection.objects.count() == 1


def test_a_listing_not_taken_up_can_be_suggested_again(case, walk, link_worker):
    moved(suggested(case, walk, link_worker), S.NOT_TAKEN_UP, link_worker)

    again = suggested(case, walk, link_worker)

    assert again.status == S.SUGGESTED
    assert Connection.objects.filter(referral=case).count() == 2


def test_a_listing_that_is_not_running_cannot_be_suggested(case, keeper, link_worker):
    closed = listing_in(keeper, "Winter choir", status=ServiceStatus.TEMPORARILY_CLOSED)

    with pytest.raises(ValidationError) as refused:
        suggested(case, closed, link_worker)

    assert refused.value.message_dict["service"] == [
        "“Winter choir” is not running at the moment. Choose another listing."
    ]


@pytest.mark.parametrize("status", [Status.CLOSED, Status.ALLOCATED])
def test_connections_cannot_be_added_unless_the_case_is_accepted_and_open(
    practice, provider, link_worker, coordinator, walk, status
):
    referral = referral_in(status, practice=practice, provider=provider, link_worker=link_worker)

    with pytest.raises(TransitionNotAllowed):
        suggested(referral, walk, coordinator)


def test_a_connection_cannot_move_once_the_case_is_closed(case, walk, link_worker):
    connection = suggested(case, walk, link_worker)
    case.status, case.closed_at, case.close_reason = Status.CLOSED, timezone.now(), "goals_met"
    case.save()

    with pytest.raises(TransitionNotAllowed):
        moved(connection, S.CONTACTED, link_worker)


# ------------------------------------------------------------------------------------------
# Who may


def test_a_coordinator_of_the_provider_can_suggest(case, walk, coordinator):
    assert suggested(case, walk, coordinator).created_by == coordinator


def test_another_link_worker_of_the_same_provider_cannot_suggest(case, walk, provider):
    colleague = user_with_role(Role.LINK_WORKER, provider)

    with pytest.raises(PermissionDenied):
        suggested(case, walk, colleague)


def test_a_link_worker_of_another_provider_cannot_move_a_connection(
    case, walk, link_worker, other_link_worker
):
    connection = suggested(case, walk, link_worker)

    with pytest.raises(PermissionDenied):
        moved(connection, S.CONTACTED, other_link_worker)


def test_the_referrer_cannot_suggest(case, walk, referrer):
    with pytest.raises(PermissionDenied):
        suggested(case, walk, referrer)


# ------------------------------------------------------------------------------------------
# The timeline


def test_every_change_writes_a_connection_event_on_the_case(case, walk, link_worker):
    connection = suggested(case, walk, link_worker)
    moved(connection, S.CONTACTED, link_worker, note="Rang the organiser")
    moved(connection, S.ATTENDING, link_worker)

    events = list(case.events.filter(kind=EventKind.CONNECTION).order_by("at", "pk"))

    assert [event.reason for event in events] == [
        "Alexandra Park walking group: suggested",
        "Alexandra Park walking group: suggested to contacted. Rang the organiser",
        "Alexandra Park walking group: contacted to attending",
    ]
    assert {event.actor for event in events} == {link_worker}


# ------------------------------------------------------------------------------------------
# The listing's counts


def test_the_listing_counts_people_connected_and_attended(
    practice, provider, link_worker, walk, keeper
):
    first = engaged_case(practice=practice, provider=provider, link_worker=link_worker)
    second = engaged_case(practice=practice, provider=provider, link_worker=link_worker)
    going = suggested(first, walk, link_worker)
    moved(going, S.CONTACTED, link_worker)
    assert reach(walk) == (1, 0)

    suggested(second, walk, link_worker)
    moved(going, S.ATTENDING, link_worker)

    assert reach(walk) == (2, 1)


def test_a_person_suggested_the_same_listing_twice_counts_once(case, walk, link_worker):
    moved(suggested(case, walk, link_worker), S.NOT_TAKEN_UP, link_worker)
    suggested(case, walk, link_worker)

    assert reach(walk) == (1, 0)


def test_a_change_leaves_other_listings_counts_alone(case, walk, keeper, link_worker):
    choir = listing_in(keeper, "Community choir")
    suggested(case, choir, link_worker)

    suggested(case, walk, link_worker)

    assert reach(choir) == (1, 0)
    assert reach(walk) == (1, 0)


def test_recording_counts_where_more_attended_than_were_connected_is_refused(walk):
    with pytest.raises(ValidationError):
        service_reach_record(service_id=walk.pk, connected=1, attended=2)


# ------------------------------------------------------------------------------------------
# Where a search starts


def test_a_search_starts_from_the_persons_ward_and_the_categories_of_their_reasons(
    practice, provider, link_worker
):
    terms = directory_categories()
    referral = engaged_case(
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        reason_codes=("loneliness", "physical-inactivity"),
    )

    prefill = connections.search_prefill(referral)

    assert prefill["ward"] == [ward("Coldhurst").ons_code]
    assert prefill["category"] == sorted(
        str(terms[code].pk) for code in ("social", "peer-support", "walking-sport")
    )


def test_a_person_with_no_ward_starts_from_the_categories_alone(practice, provider, link_worker):
    directory_categories()
    referral = engaged_case(
        practice=practice, provider=provider, link_worker=link_worker, ward_name=None
    )

    assert set(connections.search_prefill(referral)) == {"category"}


def test_a_reason_with_no_matching_category_adds_none(practice, provider, link_worker):
    directory_categories()
    referral = engaged_case(
        practice=practice, provider=provider, link_worker=link_worker, reason_codes=("other",)
    )

    assert "category" not in connections.search_prefill(referral)
