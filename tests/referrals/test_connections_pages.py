"""Connections on the pages: finding community support for a person, suggesting a listing,
recording what happened, the referrer's outcome summary and a listing's counts."""

from datetime import timedelta
from urllib.parse import parse_qs

import pytest
from django.urls import reverse
from django.utils import timezone

from referrals import connections, services
from referrals.connection_workflow import ConnectionStatus
from referrals.models import Connection
from referrals.workflow import Status
from tests.factories import user_with_role, ward
from tests.referrals.case_data import referral_in
from tests.referrals.connection_data import (
    WERNETH_POSTCODE,
    directory_categories,
    directory_keeper,
    engaged_case,
    listing_in,
)
from thriving.accounts.roles import Role
from thriving.audit.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db

S = ConnectionStatus


@pytest.fixture
def keeper(db):
    return directory_keeper()


@pytest.fixture
def terms(db):
    return directory_categories()


@pytest.fixture
def walk(keeper, terms):
    return listing_in(keeper, "Alexandra Park walking group", categories=[terms["walking"]])


@pytest.fixture
def case(practice, provider, link_worker, referrer):
    return engaged_case(
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        referrer=referrer,
        reason_codes=("physical-inactivity",),
    )


@pytest.fixture
def lw(client, link_worker):
    client.force_login(link_worker)
    return client


def case_url(referral) -> str:
    return reverse("referrals:detail", args=[referral.pk])


def find_url(referral) -> str:
    return reverse("referrals:connection_find", args=[referral.pk])


def suggest_url(referral) -> str:
    return reverse("referrals:connection_suggest", args=[referral.pk])


def move_url(connection) -> str:
    return reverse("referrals:connection_move", args=[connection.referral_id, connection.pk])


def move_data(connection, to, **fields) -> dict:
    prefix = f"connection-{connection.pk}"
    return {f"{prefix}-to": to, **{f"{prefix}-{name}": value for name, value in fields.items()}}


def suggest(referral, service, by) -> Connection:
    return connections.connection_suggest(referral=referral, service=service, by=by)


def names(response) -> list[str]:
    return [service.name for service in response.context["services"]]


# ------------------------------------------------------------------------------------------
# Finding community support


def test_the_case_page_links_to_a_search_prefilled_from_the_ward_and_reasons(lw, case, terms):
    response = lw.get(case_url(case))

    link = response.context["find_query"]
    query = parse_qs(link)
    assert query["ward"] == [ward("Coldhurst").ons_code]
    assert query["category"] == [str(terms["walking-sport"].pk)]
    assert f"{find_url(case)}?{link}" in response.content.decode().replace("&amp;", "&")


def test_the_prefilled_search_finds_listings_in_the_ward_and_categories(lw, case, keeper, terms):
    listing_in(keeper, "Alexandra Park walking group", categories=[terms["walking"]])
    listing_in(
        keeper, "Werneth walking group", categories=[terms["walking"]], where=WERNETH_POSTCODE
    )
    listing_in(keeper, "Coldhurst coffee morning", categories=[terms["social"]])
    query = connections.search_prefill(case)

    response = lw.get(find_url(case), query)

    assert names(response) == ["Alexandra Park walking group"]
    chips = [(chip["label"], chip["value"]) for chip in response.context["active_filters"]]
    assert chips == [("Categories", "Walking and sport"), ("Ward", "Coldhurst")]


def test_removing_one_category_keeps_the_others(lw, case, terms):
    query = {"category": [str(terms["social"].pk), str(terms["walking-sport"].pk)]}

    chips = lw.get(find_url(case), query).context["active_filters"]

    social = next(chip for chip in chips if chip["value"] == "Social groups and friendship")
    assert parse_qs(social["remove_query"]) == {"category": [str(terms["walking-sport"].pk)]}


def test_the_search_shows_only_active_listings(lw, case, keeper):
    listing_in(keeper, "Open group")
    listing_in(keeper, "Closed group", status="defunct")

    assert names(lw.get(find_url(case))) == ["Open group"]


def test_a_listing_already_suggested_has_no_suggest_button(lw, case, walk, link_worker):
    suggest(case, walk, link_worker)

    body = lw.get(find_url(case)).content.decode()

    assert "Already suggested" in body
    assert "Suggest to this person" not in body


def test_an_unknown_category_is_a_clear_error_not_a_500(lw, case):
    response = lw.get(find_url(case), {"category": "not-a-category"})

    assert response.status_code == 200
    assert "Choose categories from the list." in response.content.decode()


def test_the_search_is_audited_as_a_view_of_the_case(lw, case, link_worker):
    lw.get(find_url(case))

    assert AuditEntry.objects.filter(
        user=link_worker, action=AuditAction.VIEW, object_id=str(case.pk)
    ).exists()


def test_a_link_worker_of_another_provider_gets_404_from_the_search(
    client, case, other_link_worker
):
    client.force_login(other_link_worker)

    assert client.get(find_url(case)).status_code == 404


def test_the_referrer_gets_403_from_the_search(client, case, referrer):
    client.force_login(referrer)

    assert client.get(find_url(case)).status_code == 403


def test_a_colleague_who_does_not_own_the_case_gets_403(client, case, provider):
    client.force_login(user_with_role(Role.LINK_WORKER, provider))

    assert client.get(find_url(case)).status_code == 403


def test_the_search_for_a_closed_case_goes_back_to_the_case_with_why(
    client, practice, provider, link_worker
):
    closed = referral_in(
        Status.CLOSED, practice=practice, provider=provider, link_worker=link_worker
    )
    client.force_login(link_worker)

    response = client.get(find_url(closed), follow=True)

    assert response.redirect_chain[-1][0].startswith(case_url(closed))
    assert connections.NOT_OPEN_MESSAGE in response.content.decode()


# ------------------------------------------------------------------------------------------
# Suggesting


def test_suggesting_from_a_result_adds_a_connection_and_goes_to_the_case(lw, case, walk):
    response = lw.post(suggest_url(case), {"service": walk.pk}, follow=True)

    connection = Connection.objects.get(referral=case)
    assert connection.service == walk
    assert connection.status == S.SUGGESTED
    assert response.redirect_chain[-1][0] == case_url(case) + "#connections"
    assert "“Alexandra Park walking group” is suggested to Alex." in response.content.decode()


def test_suggesting_a_listing_twice_goes_back_to_the_search_with_why(lw, case, walk, link_worker):
    suggest(case, walk, link_worker)
    search = f"{find_url(case)}?q=walk"

    response = lw.post(suggest_url(case), {"service": walk.pk, "next": search}, follow=True)

    assert response.redirect_chain[-1][0] == search
    assert "This activity is already suggested to this person." in response.content.decode()
    assert Connection.objects.count() == 1


def test_suggesting_an_unknown_listing_is_a_404(lw, case):
    response = lw.post(suggest_url(case), {"service": "5b0e8c9e-7a8b-4a3c-9a57-8f8a3f2f0c11"})

    assert response.status_code == 404


def test_the_referrer_cannot_suggest(client, case, walk, referrer):
    client.force_login(referrer)

    assert client.post(suggest_url(case), {"service": walk.pk}).status_code == 403
    assert not Connection.objects.exists()


def test_a_link_worker_of_another_provider_gets_404_when_suggesting(
    client, case, walk, other_link_worker
):
    client.force_login(other_link_worker)

    assert client.post(suggest_url(case), {"service": walk.pk}).status_code == 404
    assert not Connection.objects.exists()


# ------------------------------------------------------------------------------------------
# The case page and moving a connection on


def test_the_case_page_lists_connections_with_their_status(lw, case, walk, keeper, link_worker):
    choir = listing_in(keeper, "Community choir")
    suggest(case, walk, link_worker)
    connections.connection_move(
        connection=suggest(case, choir, link_worker), to=S.NO_SPACE, by=link_worker
    )

    body = lw.get(case_url(case)).content.decode()

    assert "Alexandra Park walking group" in body
    assert '<strong class="nhsuk-tag nhsuk-tag--blue">Suggested</strong>' in body
    assert '<strong class="nhsuk-tag nhsuk-tag--orange">No space</strong>' in body


def test_marking_a_connection_contacted_moves_it_on(lw, case, walk, link_worker):
    connection = suggest(case, walk, link_worker)

    response = lw.post(move_url(connection), move_data(connection, S.CONTACTED), follow=True)

    connection.refresh_from_db()
    assert connection.status == S.CONTACTED
    assert connection.contacted_on == timezone.localdate()
    assert "“Alexandra Park walking group”: contacted." in response.content.decode()


def test_a_move_the_status_does_not_offer_shows_the_case_with_the_error(
    lw, case, walk, link_worker
):
    connection = suggest(case, walk, link_worker)

    response = lw.post(move_url(connection), move_data(connection, S.ATTENDING))

    assert response.status_code == 200
    assert "Choose one of the changes offered for this connection." in response.content.decode()
    assert "There is a problem" in response.content.decode()
    connection.refresh_from_db()
    assert connection.status == S.SUGGESTED


def test_saving_without_choosing_what_happened_names_the_listing(lw, case, walk, link_worker):
    connection = suggest(case, walk, link_worker)

    response = lw.post(move_url(connection), move_data(connection, "", note="Rang twice"))

    assert "Choose what has happened with “Alexandra Park walking group”." in (
        response.content.decode()
    )


def test_a_future_date_shows_the_case_with_the_error_beside_the_date(lw, case, walk, link_worker):
    connection = suggest(case, walk, link_worker)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = lw.post(move_url(connection), move_data(connection, S.CONTACTED, on=tomorrow))

    body = response.content.decode()
    assert "The date cannot be in the future." in body
    assert f'href="#id_connection-{connection.pk}-on"' in body


def test_the_referrer_cannot_move_a_connection(client, case, walk, link_worker, referrer):
    connection = suggest(case, walk, link_worker)
    client.force_login(referrer)

    response = client.post(move_url(connection), move_data(connection, S.CONTACTED))

    assert response.status_code == 403


def test_a_connection_of_another_case_is_a_404(lw, case, walk, practice, provider, link_worker):
    other_case = engaged_case(practice=practice, provider=provider, link_worker=link_worker)
    connection = suggest(other_case, walk, link_worker)
    url = reverse("referrals:connection_move", args=[case.pk, connection.pk])

    assert lw.post(url, move_data(connection, S.CONTACTED)).status_code == 404


def test_the_case_page_with_twenty_connections_keeps_a_constant_query_count(
    lw, case, keeper, link_worker, django_assert_max_num_queries
):
    for number in range(20):
        suggest(case, listing_in(keeper, f"Group {number:02d}"), link_worker)

    with django_assert_max_num_queries(18):
        response = lw.get(case_url(case))

    assert len(response.context["rows"]) == 20


def test_the_search_for_a_case_keeps_a_constant_query_count(
    lw, case, keeper, terms, link_worker, django_assert_max_num_queries
):
    for number in range(30):
        listing_in(keeper, f"Walking group {number:02d}", categories=[terms["walking"]])
    query = connections.search_prefill(case)

    with django_assert_max_num_queries(22):
        response = lw.get(find_url(case), query)

    assert len(response.context["services"]) == 20


# ------------------------------------------------------------------------------------------
# The referrer's outcome summary


def close(case, by):
    services.referral_close(
        referral=case,
        by=by,
        reason="connected",
        outcome_summary="",
        no_end_measure_reason="to_follow",
    )


def test_the_referrer_sees_the_connections_in_the_outcome_summary(
    client, case, walk, keeper, link_worker, referrer
):
    choir = listing_in(keeper, "Community choir")
    going = suggest(case, walk, link_worker)
    connections.connection_move(connection=going, to=S.CONTACTED, by=link_worker)
    connections.connection_move(
        connection=going, to=S.ATTENDING, by=link_worker, note="Goes every Tuesday with Mo"
    )
    suggest(case, choir, link_worker)
    close(case, link_worker)
    client.force_login(referrer)

    body = client.get(case_url(case)).content.decode()

    assert "Community support" in body
    assert "Alexandra Park walking group" in body
    assert '<strong class="nhsuk-tag nhsuk-tag--green">Attending</strong>' in body
    assert "Community choir" in body
    assert "Goes every Tuesday with Mo" not in body


def test_the_referrer_sees_no_connections_while_the_case_is_open(
    client, case, walk, link_worker, referrer
):
    suggest(case, walk, link_worker)
    client.force_login(referrer)

    body = client.get(case_url(case)).content.decode()

    assert "Alexandra Park walking group" not in body


# ------------------------------------------------------------------------------------------
# The listing's counts


def test_staff_see_how_many_people_were_connected_to_a_listing_and_attended(
    lw, case, walk, link_worker, practice, provider
):
    going = suggest(case, walk, link_worker)
    connections.connection_move(connection=going, to=S.CONTACTED, by=link_worker)
    connections.connection_move(connection=going, to=S.ATTENDING, by=link_worker)
    suggest(
        engaged_case(practice=practice, provider=provider, link_worker=link_worker),
        walk,
        link_worker,
    )

    body = lw.get(reverse("community_assets:detail", args=[walk.pk])).content.decode()

    assert "2 people connected, 1 attended." in body
    assert case.family_name not in body


def test_a_listing_nobody_was_connected_to_says_so(lw, walk):
    body = lw.get(reverse("community_assets:detail", args=[walk.pk])).content.decode()

    assert "Nobody has been connected to this listing yet." in body
