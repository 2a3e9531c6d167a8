from datetime import time

import pytest
from django.urls import reverse

from community_assets.models import Service

from .factories import make_listing, place

pytestmark = pytest.mark.django_db

SEARCH_URL = reverse("community_assets:search")


def names(response) -> list[str]:
    return [service.name for service in response.context["services"]]


def test_a_word_finds_listings_starting_with_it(lw_client, cdw):
    make_listing(cdw, name="Gardening club")
    make_listing(cdw, name="Chess club")

    assert names(lw_client.get(SEARCH_URL, {"q": "garden"})) == ["Gardening club"]


def test_words_in_the_description_are_found(lw_client, cdw):
    make_listing(cdw, name="Tuesday group", description="We knit, crochet and chat.")
    make_listing(cdw, name="Other group", description="We sing.")

    assert names(lw_client.get(SEARCH_URL, {"q": "crochet"})) == ["Tuesday group"]


def test_every_word_must_match(lw_client, cdw):
    make_listing(cdw, name="Gardening club", description="Growing vegetables")
    make_listing(cdw, name="Gardening for wildlife", description="Planting for bees")

    assert names(lw_client.get(SEARCH_URL, {"q": "garden bees"})) == ["Gardening for wildlife"]


def test_a_name_match_ranks_above_a_description_match(lw_client, cdw):
    make_listing(cdw, name="A walking group", description="We sometimes pass a garden.")
    make_listing(cdw, name="Zetland garden", description="Growing together.")

    assert names(lw_client.get(SEARCH_URL, {"q": "garden"})) == [
        "Zetland garden",
        "A walking group",
    ]


@pytest.mark.parametrize("text", ["garden & | ! :* ( ) '", "<script>", "’’’", "a:*b"])
def test_query_syntax_typed_into_the_search_is_harmless(lw_client, cdw, text):
    make_listing(cdw, name="Gardening club")

    assert lw_client.get(SEARCH_URL, {"q": text}).status_code == 200


def test_a_parent_category_finds_listings_in_its_children(lw_client, cdw, terms):
    make_listing(cdw, name="Money clinic", categories=[terms["money"]])
    make_listing(cdw, name="Housing surgery", categories=[terms["housing"]])
    make_listing(cdw, name="Allotment", categories=[terms["gardening"]])

    response = lw_client.get(SEARCH_URL, {"category": str(terms["advice"].pk)})

    assert names(response) == ["Housing surgery", "Money clinic"]


def test_a_child_category_finds_only_its_own_listings(lw_client, cdw, terms):
    make_listing(cdw, name="Money clinic", categories=[terms["money"]])
    make_listing(cdw, name="Housing surgery", categories=[terms["housing"]])

    response = lw_client.get(SEARCH_URL, {"category": str(terms["money"].pk)})

    assert names(response) == ["Money clinic"]


def test_ward_filter_finds_listings_with_a_place_in_the_ward(lw_client, cdw, postcodes):
    make_listing(cdw, name="Coldhurst group", places=[place(postcodes["Coldhurst"])])
    make_listing(cdw, name="Shaw group", places=[place(postcodes["Shaw"], name="Shaw hall")])

    response = lw_client.get(SEARCH_URL, {"ward": "E05000874"})  # Coldhurst

    assert names(response) == ["Coldhurst group"]


def test_district_filter_finds_listings_in_any_of_its_wards(lw_client, cdw, postcodes):
    make_listing(cdw, name="Coldhurst group", places=[place(postcodes["Coldhurst"])])
    make_listing(cdw, name="Werneth group", places=[place(postcodes["Werneth"], name="Hall")])
    make_listing(cdw, name="Shaw group", places=[place(postcodes["Shaw"], name="Shaw hall")])
    from thriving.places.models import District

    central = District.objects.get(name="Oldham Central")
    response = lw_client.get(SEARCH_URL, {"district": central.pk})

    assert names(response) == ["Coldhurst group", "Werneth group"]


def test_a_listing_with_two_places_in_the_ward_appears_once(lw_client, cdw, postcodes):
    make_listing(
        cdw,
        name="Twice",
        places=[place(postcodes["Coldhurst"], name="A"), place(postcodes["Coldhurst"], name="B")],
    )

    assert names(lw_client.get(SEARCH_URL, {"ward": "E05000874"})) == ["Twice"]


def test_day_filter_finds_weekly_and_monthly_sessions_on_that_day(lw_client, cdw):
    make_listing(cdw, name="Weekly Tuesday", places=[place(days="MO,TU")])
    make_listing(cdw, name="First Tuesday", places=[place(days="1TU", freq="MONTHLY")])
    make_listing(cdw, name="Wednesdays", places=[place(days="WE")])

    assert names(lw_client.get(SEARCH_URL, {"day": "TU"})) == ["First Tuesday", "Weekly Tuesday"]


def test_free_only_leaves_out_paid_listings(lw_client, cdw):
    make_listing(cdw, name="Free group")
    make_listing(cdw, name="Paid group", is_free=False, cost_amount="2.50")

    assert names(lw_client.get(SEARCH_URL, {"free": "on"})) == ["Free group"]


def test_age_leaves_out_listings_for_other_ages(lw_client, cdw):
    make_listing(cdw, name="Any age")
    make_listing(cdw, name="Over 50s", minimum_age=50)
    make_listing(cdw, name="Youth club", minimum_age=11, maximum_age=18)

    assert names(lw_client.get(SEARCH_URL, {"age": "67"})) == ["Any age", "Over 50s"]


def test_taking_new_people_only(lw_client, cdw):
    make_listing(cdw, name="Open group")
    make_listing(cdw, name="Full group", taking_new_people=False)

    assert names(lw_client.get(SEARCH_URL, {"taking_new_people": "on"})) == ["Open group"]


def test_staff_see_active_listings_unless_they_ask_for_another_status(lw_client, cdw):
    make_listing(cdw, name="Open group")
    make_listing(cdw, name="Closed for winter", status="temporarily closed")

    assert names(lw_client.get(SEARCH_URL)) == ["Open group"]
    assert names(lw_client.get(SEARCH_URL, {"status": "any"})) == [
        "Closed for winter",
        "Open group",
    ]


def test_filters_combine(lw_client, cdw, terms, postcodes):
    make_listing(
        cdw,
        name="Free money clinic",
        categories=[terms["money"]],
        places=[place(postcodes["Coldhurst"], days="TH")],
    )
    make_listing(
        cdw,
        name="Paid money course",
        categories=[terms["money"]],
        places=[place(postcodes["Coldhurst"], days="TH")],
        is_free=False,
        cost_amount="5",
    )

    response = lw_client.get(
        SEARCH_URL,
        {"category": str(terms["advice"].pk), "ward": "E05000874", "day": "TH", "free": "on"},
    )

    assert names(response) == ["Free money clinic"]


def test_active_filters_are_shown_with_links_that_remove_each(lw_client, cdw, terms):
    make_listing(cdw, name="Money clinic", categories=[terms["money"]])

    response = lw_client.get(SEARCH_URL, {"q": "money", "day": "MO", "page": "1"})

    chips = {chip["name"]: chip for chip in response.context["active_filters"]}
    assert set(chips) == {"q", "day"}
    assert chips["day"]["value"] == "Monday"
    assert chips["day"]["remove_query"] == "q=money"
    assert 'href="/directory/?q=money"' in response.content.decode()


def test_an_age_that_is_not_a_number_is_explained(lw_client):
    response = lw_client.get(SEARCH_URL, {"age": "sixty"})

    assert response.status_code == 200
    assert "Enter the age as a whole number, like 67." in response.content.decode()


def test_results_are_paginated(lw_client, cdw):
    for number in range(25):
        make_listing(cdw, name=f"Group {number:02d}")

    response = lw_client.get(SEARCH_URL, {"page": 2})

    assert names(response) == [f"Group {number:02d}" for number in range(20, 25)]


def test_search_runs_a_constant_number_of_queries(
    lw_client, cdw, terms, postcodes, django_assert_max_num_queries
):
    for number in range(60):
        make_listing(
            cdw,
            name=f"Group {number:02d}",
            categories=[terms["money"], terms["arts"]],
            places=[
                place(postcodes["Coldhurst"], name=f"Hall {number}", days="MO,WE"),
                place(postcodes["Shaw"], name=f"Shaw {number}", days="1TU", freq="MONTHLY"),
            ],
        )
    lw_client.get(SEARCH_URL)  # warm the session and the user's memberships

    with django_assert_max_num_queries(18):
        response = lw_client.get(
            SEARCH_URL, {"q": "group", "category": str(terms["advice"].pk), "day": "MO"}
        )

    assert response.context["page_obj"].paginator.count == 60
    assert len(response.context["services"]) == 20


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get(SEARCH_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_a_referrer_cannot_use_the_staff_search(client, referrer):
    client.force_login(referrer)

    assert client.get(SEARCH_URL).status_code == 403


@pytest.mark.parametrize("role_fixture", ["link_worker", "coordinator", "cdw"])
def test_staff_who_connect_people_can_search(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))

    assert client.get(SEARCH_URL).status_code == 200


def test_queryset_search_falls_back_to_all_when_no_words(cdw):
    make_listing(cdw, name="Anything")

    assert Service.objects.search("  ").count() == 1


def test_schedule_times_are_shown_in_words(lw_client, cdw):
    make_listing(cdw, name="Choir", places=[place(days="TH", opens=time(19), closes=time(20, 30))])

    assert "Thursdays, 7pm to 8:30pm" in lw_client.get(SEARCH_URL).content.decode()
