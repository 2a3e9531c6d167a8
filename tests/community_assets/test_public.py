import pytest
from django.urls import reverse

from .factories import make_listing, place

pytestmark = pytest.mark.django_db

PUBLIC_URL = reverse("community_assets:public_search")


def test_anyone_can_search_without_signing_in(client, cdw):
    make_listing(cdw, name="Gardening club")

    response = client.get(PUBLIC_URL, {"q": "garden"})

    assert response.status_code == 200
    assert [s.name for s in response.context["services"]] == ["Gardening club"]


@pytest.mark.parametrize("status", ["inactive", "defunct", "temporarily closed"])
def test_only_active_listings_are_shown(client, cdw, status):
    make_listing(cdw, name="Open group")
    make_listing(cdw, name="Not open group", status=status)

    response = client.get(PUBLIC_URL)

    assert [s.name for s in response.context["services"]] == ["Open group"]
    assert "Not open group" not in response.content.decode()


def test_a_status_parameter_cannot_reveal_other_listings(client, cdw):
    make_listing(cdw, name="Not open group", status="inactive")

    response = client.get(PUBLIC_URL, {"status": "any"})

    assert list(response.context["services"]) == []


def test_the_results_show_no_internal_fields(client, cdw):
    make_listing(cdw, name="Open group", keeper=cdw)

    page = client.get(PUBLIC_URL).content.decode()

    assert "Open group" in page
    assert cdw.full_name not in page
    assert "Active" not in page  # the status tag is for staff
    assert "confirmed" not in page.lower()


def test_a_listing_page_shows_no_keeper_or_verification(client, cdw):
    service = make_listing(cdw, name="Open group", keeper=cdw, places=[place()])

    response = client.get(reverse("community_assets:public_detail", args=[service.pk]))
    page = response.content.decode()

    assert response.status_code == 200
    assert "Mondays, 10am to 12pm" in page
    assert cdw.full_name not in page
    assert "Still accurate" not in page
    assert "confirmed" not in page.lower()
    assert "Kept by" not in page


def test_the_page_of_an_inactive_listing_is_not_found(client, cdw):
    service = make_listing(cdw, name="Closed group", status="defunct")

    response = client.get(reverse("community_assets:public_detail", args=[service.pk]))

    assert response.status_code == 404


def test_the_public_page_runs_a_constant_number_of_queries(
    client, cdw, terms, postcodes, django_assert_max_num_queries
):
    for number in range(60):
        make_listing(
            cdw,
            name=f"Group {number:02d}",
            categories=[terms["money"]],
            places=[place(postcodes["Coldhurst"], name=f"Hall {number}", days="TU")],
        )

    with django_assert_max_num_queries(10):
        response = client.get(PUBLIC_URL, {"q": "group", "day": "TU"})

    assert response.context["page_obj"].paginator.count == 60
