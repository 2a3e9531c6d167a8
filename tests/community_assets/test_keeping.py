from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community_assets.models import Service
from tests.factories import user_with_role
from thriving.accounts.roles import Role

from .factories import GroupFactory, make_listing, place

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("community_assets:create")
MINE_URL = reverse("community_assets:mine")


def form_data(group, terms, **overrides):
    data = {
        "organisation": str(group.pk),
        "new_organisation_name": "",
        "name": "Gardening club",
        "description": "We grow vegetables together.",
        "categories": [str(terms["gardening"].pk)],
        "status": "active",
        "taking_new_people": "on",
        "is_free": "on",
        "cost_amount": "",
        "cost_description": "",
        "minimum_age": "",
        "maximum_age": "",
        "eligibility_description": "",
        "languages": "English, Urdu",
        "accessibility": "",
        "contact_name": "Julie Barker",
        "contact_title": "Organiser",
        "contact_phone": "0161 496 0123",
        "email": "",
        "url": "",
        "keeper": "",
        "places-TOTAL_FORMS": "1",
        "places-INITIAL_FORMS": "0",
        "places-MIN_NUM_FORMS": "0",
        "places-MAX_NUM_FORMS": "20",
        "places-0-location_name": "Werneth Community Centre",
        "places-0-address_1": "1 Frederick Street",
        "places-0-city": "Oldham",
        "places-0-postcode": "ol9 6bt",
        "places-0-freq": "WEEKLY",
        "places-0-interval": "1",
        "places-0-days": ["MO", "WE"],
        "places-0-opens_at": "10:00",
        "places-0-closes_at": "12:00",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_a_community_development_worker_adds_a_listing(cdw_client, cdw, terms, postcodes):
    group = GroupFactory(name="Werneth Growers")

    response = cdw_client.post(CREATE_URL, form_data(group, terms))

    service = Service.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("community_assets:detail", args=[service.pk])
    assert service.organisation == group
    assert service.keeper == cdw
    assert service.last_verified_by == cdw
    assert [t.code for t in service.categories.all()] == ["gardening"]
    assert sorted(language.name for language in service.languages.all()) == ["English", "Urdu"]
    location = service.service_at_locations.get().location
    assert location.postcode == "OL9 6BT"
    assert location.ward.name == "Werneth"
    assert service.service_at_locations.get().schedules.get().byday == "MO,WE"
    assert service.contacts.get().phones.get().number == "0161 496 0123"


def test_a_new_organisation_name_adds_a_community_group(cdw_client, terms):
    data = form_data(GroupFactory(), terms, organisation="", new_organisation_name="Lees Knitters")

    cdw_client.post(CREATE_URL, data)

    assert Service.objects.get().organisation.name == "Lees Knitters"
    assert Service.objects.get().organisation.kind == "community_group"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Enter the name of the service or activity."),
        ({"categories": []}, "Choose at least one category."),
        ({"organisation": ""}, "Choose the organisation that runs it, or type a new one’s name."),
        (
            {"is_free": None, "cost_amount": ""},
            "Enter the cost per session, like 2.50, or tick free.",
        ),
        ({"cost_amount": "3"}, "Leave the cost empty for a free service, or untick free."),
        ({"is_free": None, "cost_amount": "two pounds"}, "Enter the cost as an amount in pounds"),
        (
            {"minimum_age": "60", "maximum_age": "18"},
            "Maximum age must be the same as or more than the minimum age.",
        ),
        ({"url": "not a website"}, "Enter a website address, like https://example.org"),
        ({"places-0-postcode": "OL99"}, "Enter a full UK postcode, like OL1 1AA"),
        ({"places-0-address_1": ""}, "Enter the first line of the address, or tick online."),
        ({"places-0-days": []}, "Choose the days it runs."),
        ({"places-0-closes_at": "09:00"}, "The end time must be after the start time."),
        ({"places-0-opens_at": "10 o'clock"}, "Enter the start time, like 10:00"),
    ],
)
def test_invalid_listings_are_explained(cdw_client, terms, postcodes, overrides, message):
    response = cdw_client.post(CREATE_URL, form_data(GroupFactory(), terms, **overrides))

    page = response.content.decode().replace("&#x27;", "’").replace("'", "’")
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message.replace("'", "’") in page
    assert not Service.objects.exists()


def test_a_second_listing_with_the_same_name_is_refused(cdw_client, cdw, terms):
    group = GroupFactory()
    make_listing(cdw, organisation=group, name="Gardening club")

    response = cdw_client.post(CREATE_URL, form_data(group, terms))

    assert "This organisation already has a listing with this name." in response.content.decode()
    assert Service.objects.count() == 1


def test_an_online_place_needs_no_address(cdw_client, terms):
    data = form_data(
        GroupFactory(),
        terms,
        **{
            "places-0-location_name": "Online",
            "places-0-is_online": "on",
            "places-0-address_1": "",
            "places-0-postcode": "",
        },
    )

    cdw_client.post(CREATE_URL, data)

    location = Service.objects.get().service_at_locations.get().location
    assert location.is_online
    assert location.ward is None


def test_a_link_worker_cannot_add_listings(lw_client):
    assert lw_client.get(CREATE_URL).status_code == 403


def test_editing_changes_the_listing_and_its_places(cdw_client, cdw, terms, postcodes):
    group = GroupFactory()
    service = make_listing(
        cdw, organisation=group, name="Gardening club", places=[place("OL9 6BT")]
    )
    data = form_data(
        group,
        terms,
        description="Now on Fridays.",
        **{"places-0-days": ["FR"], "places-INITIAL_FORMS": "1"},
    )

    response = cdw_client.post(reverse("community_assets:edit", args=[service.pk]), data)

    service.refresh_from_db()
    assert response.status_code == 302
    assert service.description == "Now on Fridays."
    assert service.service_at_locations.get().schedules.get().byday == "FR"


def test_editing_only_the_description_keeps_the_places(cdw_client, cdw, terms, postcodes):
    service = make_listing(
        cdw,
        name="Club",
        categories=[terms["arts"]],
        places=[place("OL9 6BT", days="1TU", freq="MONTHLY")],
    )
    edit_url = reverse("community_assets:edit", args=[service.pk])
    form = cdw_client.get(edit_url).context["form"]
    places = cdw_client.get(edit_url).context["places"]
    data = {
        **{name: value for name, value in form.initial.items() if value is not None},
        "organisation": str(service.organisation_id),
        "categories": [str(terms["arts"].pk)],
        "description": "New words.",
        "status": "active",
        "is_free": "on",
        "taking_new_people": "on",
        "keeper": "",
        "places-TOTAL_FORMS": "2",
        "places-INITIAL_FORMS": "1",
        "places-MIN_NUM_FORMS": "0",
        "places-MAX_NUM_FORMS": "20",
        # The empty row for a new place, as the browser sends it back untouched.
        "places-1-city": "Oldham",
        "places-1-freq": "WEEKLY",
        "places-1-interval": "1",
    }
    for name, value in places.forms[0].initial.items():
        data[f"places-0-{name}"] = value.strftime("%H:%M") if hasattr(value, "strftime") else value
    data.pop("places-0-is_online")
    data.pop("cost_amount", None)
    for key in [key for key, value in data.items() if value is None or value == ""]:
        data.pop(key)

    response = cdw_client.post(edit_url, data)

    assert response.status_code == 302, (
        response.context["form"].errors,
        response.context["places"].errors,
    )
    service.refresh_from_db()
    assert service.description == "New words."
    schedule = service.service_at_locations.get().schedules.get()
    assert (schedule.freq, schedule.byday) == ("MONTHLY", "1TU")


def test_the_edit_form_shows_the_current_places(cdw_client, cdw, postcodes):
    service = make_listing(cdw, name="Club", places=[place("OL9 6BT", days="1TU", freq="MONTHLY")])

    response = cdw_client.get(reverse("community_assets:edit", args=[service.pk]))

    initial = response.context["places"].forms[0].initial
    assert initial["days"] == ["TU"]
    assert initial["week_of_month"] == "1"


def test_a_keeper_without_the_role_can_edit_their_listing(client, cdw, provider, terms):
    keeper = user_with_role(Role.GRANT_APPLICANT, GroupFactory())
    service = make_listing(cdw, name="Club", keeper=keeper)
    client.force_login(keeper)

    assert client.get(reverse("community_assets:edit", args=[service.pk])).status_code == 200


def test_someone_else_without_the_role_cannot_edit(client, cdw, link_worker):
    service = make_listing(cdw, name="Club")
    client.force_login(link_worker)

    assert client.get(reverse("community_assets:edit", args=[service.pk])).status_code == 403


def test_still_accurate_records_who_and_when(client, cdw, other_cdw):
    service = make_listing(cdw, name="Club", verified=False)
    client.force_login(other_cdw)

    response = client.post(reverse("community_assets:verify", args=[service.pk]))

    service.refresh_from_db()
    assert response.status_code == 302
    assert service.last_verified_by == other_cdw
    assert timezone.now() - service.last_verified_at < timedelta(minutes=1)


def test_still_accurate_does_not_count_as_an_edit(cdw_client, cdw):
    service = make_listing(cdw, name="Club", verified=False)
    updated_at = service.updated_at

    cdw_client.post(reverse("community_assets:verify", args=[service.pk]))

    service.refresh_from_db()
    assert service.updated_at == updated_at


def test_still_accurate_needs_a_post(cdw_client, cdw):
    service = make_listing(cdw, name="Club")

    assert cdw_client.get(reverse("community_assets:verify", args=[service.pk])).status_code == 405


def test_a_link_worker_cannot_verify(lw_client, cdw):
    service = make_listing(cdw, name="Club", verified=False)

    response = lw_client.post(reverse("community_assets:verify", args=[service.pk]))

    service.refresh_from_db()
    assert response.status_code == 403
    assert service.last_verified_at is None


def test_verifying_returns_to_the_page_it_came_from(cdw_client, cdw):
    service = make_listing(cdw, name="Club")

    response = cdw_client.post(
        reverse("community_assets:verify", args=[service.pk]), {"next": MINE_URL + "?page=1"}
    )

    assert response.url == MINE_URL + "?page=1"


def test_verifying_ignores_a_next_address_on_another_site(cdw_client, cdw):
    service = make_listing(cdw, name="Club")

    response = cdw_client.post(
        reverse("community_assets:verify", args=[service.pk]), {"next": "https://evil.example"}
    )

    assert response.url == reverse("community_assets:detail", args=[service.pk])


def age(service, days):
    Service.objects.filter(pk=service.pk).update(
        last_verified_at=timezone.now() - timedelta(days=days)
    )


def test_my_listings_flags_listings_unverified_for_six_months_first(cdw_client, cdw):
    fresh = make_listing(cdw, name="A fresh listing", keeper=cdw)
    stale = make_listing(cdw, name="B stale listing", keeper=cdw)
    never = make_listing(cdw, name="C never verified", keeper=cdw, verified=False)
    age(fresh, 30)
    age(stale, 200)

    response = cdw_client.get(MINE_URL)

    rows = list(response.context["services"])
    assert rows == [never, stale, fresh]
    assert [row.stale_order for row in rows] == [0, 0, 1]
    assert response.context["stale_count"] == 2
    assert "2 of your listings have not been confirmed in the last 6 months." in (
        response.content.decode()
    )


def test_my_listings_shows_only_listings_i_keep(cdw_client, cdw, other_cdw):
    make_listing(cdw, name="Mine", keeper=cdw)
    make_listing(cdw, name="Theirs", keeper=other_cdw)

    response = cdw_client.get(MINE_URL)

    assert [s.name for s in response.context["services"]] == ["Mine"]


def test_stale_queryset_includes_never_verified_and_old(cdw):
    fresh = make_listing(cdw, name="Fresh")
    old = make_listing(cdw, name="Old")
    never = make_listing(cdw, name="Never", verified=False)
    age(old, 184)

    assert set(Service.objects.stale()) == {old, never}
    assert not fresh.is_stale()


def test_my_listings_runs_a_constant_number_of_queries(
    cdw_client, cdw, django_assert_max_num_queries
):
    for number in range(60):
        make_listing(cdw, name=f"Listing {number:02d}", keeper=cdw)
    cdw_client.get(MINE_URL)

    with django_assert_max_num_queries(12):
        cdw_client.get(MINE_URL)


def test_the_staff_page_shows_the_verification_and_keeper(lw_client, cdw):
    service = make_listing(cdw, name="Club", keeper=cdw)

    page = lw_client.get(reverse("community_assets:detail", args=[service.pk])).content.decode()

    assert "Last confirmed as accurate on" in page
    assert "Kept by Rachel Ogden" in page
    assert "Still accurate" not in page  # a link worker cannot verify
