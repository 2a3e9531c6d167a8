import json
from decimal import Decimal

import pytest
from django.urls import reverse

from community_assets import selectors
from thriving.places.models import Ward

from .factories import make_listing, place

pytestmark = pytest.mark.django_db

MAP_URL = reverse("community_assets:map")
COLDHURST = "E05000874"


@pytest.fixture
def listings(cdw, terms, postcodes):
    make_listing(
        cdw,
        name="Money clinic",
        categories=[terms["money"]],
        places=[place(postcodes["Coldhurst"])],
    )
    make_listing(
        cdw,
        name="Housing surgery",
        categories=[terms["housing"], terms["arts"]],
        places=[place(postcodes["Coldhurst"], name="Hall"), place(postcodes["Shaw"], name="S")],
    )
    make_listing(
        cdw,
        name="Allotment",
        categories=[terms["gardening"]],
        places=[place(postcodes["Shaw"], name="Plot")],
    )
    make_listing(
        cdw,
        name="Closed",
        categories=[terms["money"]],
        places=[place(postcodes["Coldhurst"], name="Shut")],
        status="inactive",
    )
    make_listing(
        cdw,
        name="Online only",
        categories=[terms["arts"]],
        places=[place(online=True, name="Online")],
    )


def test_a_ward_counts_active_listings_per_top_level_category(listings):
    coldhurst = Ward.objects.get(ons_code=COLDHURST)

    asset_map = selectors.asset_map_ward(coldhurst)

    counts = {row.label: row.services for row in asset_map.by_category}
    assert asset_map.services == 2
    assert counts == {"Advice": 2, "Arts": 1, "Gardening": 0}


def test_a_ward_gives_listings_per_thousand_residents(listings):
    coldhurst = Ward.objects.get(ons_code=COLDHURST)

    asset_map = selectors.asset_map_ward(coldhurst)

    assert asset_map.per_1000 == (Decimal(2) * 1000 / coldhurst.population).quantize(
        Decimal("0.01")
    )
    advice = next(row for row in asset_map.by_category if row.label == "Advice")
    assert advice.per_1000 == (Decimal(2) * 1000 / coldhurst.population).quantize(Decimal("0.01"))


def test_the_borough_counts_each_listing_once_whatever_its_places(listings):
    asset_map = selectors.asset_map_borough()

    by_ward = {row.label: row.services for row in asset_map.by_ward}
    assert asset_map.services == 4
    assert asset_map.online_services == 1
    assert by_ward["Coldhurst"] == 2
    assert by_ward["Shaw"] == 2
    assert by_ward["Werneth"] == 0
    assert len(asset_map.by_ward) == 20


def test_the_borough_page_has_a_table_and_the_chart_figures(lw_client, listings):
    response = lw_client.get(MAP_URL)
    page = response.content.decode()

    assert response.status_code == 200
    assert 'data-testid="ward-table"' in page
    assert 'id="directory-chart-data"' in page
    assert "js/directory-chart.js" in page
    assert len(response.context["chart"]["values"]) == 20


def test_the_ward_page_shows_categories_beside_the_borough_rate(lw_client, listings):
    response = lw_client.get(reverse("community_assets:map_ward", args=[COLDHURST]))

    assert response.status_code == 200
    assert response.context["chart"]["labels"] == ["Advice", "Arts", "Gardening"]
    assert "Borough per 1,000" in response.content.decode()


def test_an_unknown_ward_is_not_found(lw_client):
    assert lw_client.get(reverse("community_assets:map_ward", args=["E0000000"])).status_code == 404


def test_the_borough_figures_download_as_csv(lw_client, listings):
    response = lw_client.get(reverse("community_assets:map_csv"))

    lines = response.content.decode().splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert lines[0] == "breakdown,code,name,active_listings,per_1000_residents"
    assert any(line.startswith(f"ward,{COLDHURST},Coldhurst,2,") for line in lines)
    assert any(line.startswith("category,advice,Advice,2,") for line in lines)


def test_the_ward_figures_download_as_csv(lw_client, listings):
    response = lw_client.get(reverse("community_assets:map_ward_csv", args=[COLDHURST]))

    lines = response.content.decode().splitlines()
    assert lines[0].startswith("category_code,category,active_listings")
    assert lines[1].startswith("advice,Advice,2,")


def test_a_referrer_cannot_see_the_asset_map(client, referrer):
    client.force_login(referrer)

    assert client.get(MAP_URL).status_code == 403


def test_the_chart_data_is_json_for_the_script(lw_client, listings):
    page = lw_client.get(MAP_URL).content.decode()
    opening = page.index('id="directory-chart-data"')
    start = page.index(">", opening) + 1
    data = json.loads(page[start : page.index("</script>", start)])

    assert data["label"] == "Active listings per 1,000 residents"
    assert len(data["labels"]) == 20


def test_the_map_runs_a_constant_number_of_queries(
    lw_client, listings, cdw, terms, django_assert_max_num_queries
):
    for number in range(60):
        make_listing(cdw, name=f"Extra {number}", categories=[terms["arts"]])
    lw_client.get(MAP_URL)

    with django_assert_max_num_queries(13):
        lw_client.get(MAP_URL)
