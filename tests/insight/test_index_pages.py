"""The index pages: who may see them, the ranked table with its chart and weights, small
numbers on the page and in the CSV, the methodology, and the programme lead's recompute."""

import csv
import io
import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import OrganisationFactory, UserFactory, user_with_role
from tests.grants.factories import CommunityGroupFactory, CouncilFactory
from tests.insight.test_index_data import build_borough, default_weights  # noqa: F401
from thriving.accounts.roles import Role
from thriving.audit.models import AuditAction, AuditEntry
from thriving.insight.index.definitions import INDICATORS
from thriving.insight.index.services import index_compute
from thriving.insight.models import IndexRun, IndexRunTrigger, IndexWeight

pytestmark = pytest.mark.django_db

INDEX = reverse("insight:index")
METHODOLOGY = reverse("insight:index_methodology")
CSV_URL = reverse("insight:index_csv")
RECOMPUTE = reverse("insight:index_recompute")


@pytest.fixture
def lead(db):
    return user_with_role(Role.PROGRAMME_LEAD, CouncilFactory(), full_name="Pat Lead")


@pytest.fixture
def borough():
    return build_borough()


@pytest.fixture
def computed(borough):
    return index_compute()


def _page(client, user, url=INDEX):
    client.force_login(user)
    return client.get(url)


def _rows(html: str) -> list[list[str]]:
    """The cells of the full table's rows, as text."""
    table = html.split('data-testid="index-table"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(
        r'<tr class="nhsuk-table__row" data-testid="index-row">(.*?)</tr>', table, re.S
    )
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in rows
    ]


# ---------------------------------------------------------------------------------------------
# Who may see


@pytest.mark.parametrize("url", [INDEX, METHODOLOGY, CSV_URL])
def test_someone_signed_out_is_sent_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "role",
    [Role.PROGRAMME_LEAD, Role.COMMUNITY_DEVELOPMENT_WORKER, Role.GRANT_OFFICER, Role.COORDINATOR],
)
@pytest.mark.parametrize("url", [INDEX, METHODOLOGY, CSV_URL])
def test_planning_roles_may_see_the_index(client, role, url):
    user = user_with_role(role, OrganisationFactory())

    assert _page(client, user, url).status_code == 200


@pytest.mark.parametrize("role", [Role.REFERRER, Role.LINK_WORKER, Role.PANEL_MEMBER])
@pytest.mark.parametrize("url", [INDEX, METHODOLOGY, CSV_URL])
def test_other_roles_are_refused(client, role, url):
    user = user_with_role(role, OrganisationFactory())

    assert _page(client, user, url).status_code == 403


def test_a_grant_applicant_is_refused(client):
    applicant = user_with_role(Role.GRANT_APPLICANT, CommunityGroupFactory())

    assert _page(client, applicant).status_code == 403


def test_an_admin_may_see_the_index(client):
    admin = UserFactory(is_staff=True)

    assert _page(client, admin).status_code == 200


# ---------------------------------------------------------------------------------------------
# Before the first computation


def test_before_any_run_the_page_says_so_and_offers_the_lead_to_compute(client, lead):
    html = _page(client, lead).content.decode()

    assert "The index has not been computed yet" in html
    assert "Compute the index now" in html
    assert f'action="{RECOMPUTE}"' in html


def test_before_any_run_a_coordinator_is_not_offered_to_compute(client, coordinator):
    html = _page(client, coordinator).content.decode()

    assert "The index has not been computed yet" in html
    assert RECOMPUTE not in html


def test_before_any_run_the_csv_has_only_its_header(client, lead):
    rows = list(csv.reader(io.StringIO(_page(client, lead, CSV_URL).content.decode())))

    assert len(rows) == 1


# ---------------------------------------------------------------------------------------------
# The page


def test_the_page_ranks_the_wards_with_their_district_and_index(client, lead, computed):
    rows = _rows(_page(client, lead).content.decode())

    assert [row[:4] for row in rows] == [
        ["1", "Bravo", "Test District", "+0.69"],
        ["2", "Charlie", "Test District", "-0.13"],
        ["3", "Alpha", "Test District", "-0.56"],
    ]


def test_the_page_shows_each_indicator_value_and_its_oriented_score(client, lead, computed):
    rows = {row[1]: row for row in _rows(_page(client, lead).content.decode())}

    # Alpha: 6 referrals; then value and score per indicator in the order of INDICATORS:
    # referrals 6.0 (+1.12), IMD 10 (-1.00), wellbeing +5.59 (-1.00), services 2.00 (-1.34),
    # connected 3 of 6 (a share of fewer than 5: not shown), grants £900 (-1.41).
    assert rows["Alpha"][4:] == [
        "6",
        "6.0",
        "+1.12",
        "10",
        "-1.00",
        "+5.59",
        "-1.00",
        "2.00",
        "-1.34",
        "Fewer than 5 cases",
        "Fewer than 5 cases",
        "£900",
        "-1.41",
    ]


def test_small_numbers_are_not_shown_on_the_page(client, lead, computed):
    rows = {row[1]: row for row in _rows(_page(client, lead).content.decode())}

    # Charlie has 3 referrals: the count is "<5", and the rate and the connected share
    # worked out from them (with their scores) are "Fewer than 5 cases". Its wellbeing has
    # no cases at all: "No data".
    charlie = dict(
        zip(
            ["count"] + [f"{i.code}_{p}" for i in INDICATORS for p in ("v", "s")],
            rows["Charlie"][4:],
            strict=True,
        )
    )
    assert charlie["count"] == "&lt;5"
    assert charlie["referrals_v"] == charlie["referrals_s"] == "Fewer than 5 cases"
    assert charlie["connected_v"] == charlie["connected_s"] == "Fewer than 5 cases"
    assert charlie["wellbeing_v"] == "No data"
    assert charlie["services_v"] == "0.50"
    # Bravo's wellbeing change rests on 2 people.
    bravo = rows["Bravo"]
    assert bravo[4 + 2 * 2 + 1] == "Fewer than 5 cases"


def test_the_page_never_shows_the_small_values(client, lead, computed):
    html = _page(client, lead).content.decode()

    assert "0.75" not in html  # Charlie's referrals per 1,000
    assert "100%" not in html  # Charlie's connected share
    assert "50%" not in html and "25%" not in html  # 3 of 6, 2 of 8 connected
    assert "-1.96" not in html and "-1.97" not in html  # Bravo's wellbeing change


def test_the_page_says_when_and_by_whom_and_the_weights_used(client, lead, borough):
    IndexWeight.objects.filter(indicator="grants").update(weight=0)
    index_compute(by=lead)

    html = _page(client, lead).content.decode()

    assert "by Pat Lead" in html
    weights = html.split('data-testid="weights-table"', 1)[1].split("</table>", 1)[0]
    assert "Grant money per 1,000 residents" in weights
    assert "left out: its weight was 0" in weights


def test_the_page_says_the_nightly_task_computed_it(client, lead, borough):
    index_compute(trigger=IndexRunTrigger.NIGHTLY)

    assert "by the nightly task" in _page(client, lead).content.decode()


def test_the_chart_carries_the_index_by_ward_in_rank_order(client, lead, computed):
    html = _page(client, lead).content.decode()

    assert 'data-insight-chart="bar"' in html
    assert 'data-chart-data="index-chart-data"' in html
    data = json.loads(
        re.search(
            r'<script id="index-chart-data" type="application/json">(.*?)</script>', html, re.S
        )[1]
    )
    assert data["labels"] == ["Bravo", "Charlie", "Alpha"]
    assert data["datasets"][0]["data"] == [0.689, -0.129, -0.56]
    assert data["options"]["indexAxis"] == "y"


def test_the_page_shows_the_latest_run(client, lead, borough):
    index_compute()
    IndexWeight.objects.exclude(indicator="services").update(weight=0)
    latest = index_compute()

    rows = _rows(_page(client, lead).content.decode())

    # Only services count now: Charlie (fewest per head) first.
    assert [row[1] for row in rows] == ["Charlie", "Bravo", "Alpha"]
    assert latest.scores.get(rank=1).ward.name == "Charlie"


def test_the_page_reads_with_a_fixed_number_of_queries(
    client, lead, computed, django_assert_max_num_queries
):
    client.force_login(lead)
    client.get(INDEX)

    with django_assert_max_num_queries(12):
        assert client.get(INDEX).status_code == 200


# ---------------------------------------------------------------------------------------------
# CSV


def _csv(client, user) -> list[dict]:
    response = _page(client, user, CSV_URL)
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_csv_holds_the_ranked_table(client, lead, computed):
    rows = _csv(client, lead)

    assert [(r["rank"], r["ward"], r["district"]) for r in rows] == [
        ("1", "Bravo", "Test District"),
        ("2", "Charlie", "Test District"),
        ("3", "Alpha", "Test District"),
    ]
    alpha = rows[2]
    assert alpha["index_value"] == "-0.56"
    assert alpha["referrals_12_months"] == "6"
    assert alpha["referrals_per_1000"] == "6.0"
    assert alpha["referrals_score"] == "1.117"
    assert alpha["connected_percent"] == "Fewer than 5 cases"  # 3 of 6
    assert alpha["grant_pounds_per_1000"] == "900.0"
    assert alpha["wellbeing_change"] == "5.59"
    assert alpha["imd_rank"] == "10"
    assert alpha["deprivation_score"] == "-1.0"


def test_the_csv_applies_the_small_number_rules(client, lead, computed):
    rows = {r["ward"]: r for r in _csv(client, lead)}

    charlie = rows["Charlie"]
    assert charlie["referrals_12_months"] == "<5"
    assert charlie["referrals_per_1000"] == "Fewer than 5 cases"
    assert charlie["referrals_score"] == "Fewer than 5 cases"
    assert charlie["connected_percent"] == "Fewer than 5 cases"
    assert charlie["wellbeing_change"] == ""
    assert rows["Bravo"]["wellbeing_people"] == "<5"
    assert rows["Bravo"]["wellbeing_change"] == "Fewer than 5 cases"


def test_downloading_the_csv_is_audited(client, lead, computed):
    _csv(client, lead)

    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.user == lead
    assert entry.object_id == str(computed.pk)


def test_the_csv_is_named_for_the_day_of_the_run(client, lead, computed):
    response = _page(client, lead, CSV_URL)

    assert "thriving-communities-index-" in response["Content-Disposition"]


# ---------------------------------------------------------------------------------------------
# Methodology


def test_the_methodology_describes_every_indicator_and_its_weights(client, lead):
    IndexWeight.objects.filter(indicator="deprivation").update(weight=2)

    html = _page(client, lead, METHODOLOGY).content.decode()

    for indicator in INDICATORS:
        assert indicator.label in html
    table = html.split('data-testid="methodology-indicators"', 1)[1].split("</table>", 1)[0]
    assert table.count(">1</td>") >= 6  # every default weight is 1
    assert ">2</td>" in table  # the weight now of deprivation
    for words in (
        "population standard deviation",
        "multiplied by −1",
        "a weight of 0 leaves it out",
        "Admin › Insight › Index weights",
        "Fewer than 5 cases",
        "If no ward has an IMD rank, deprivation is left out",
        "contacted or attending",
        "Limits",
    ):
        assert words in html, words


def test_the_methodology_links_admins_to_the_weights(client):
    admin = UserFactory(is_staff=True)

    html = _page(client, admin, METHODOLOGY).content.decode()

    assert reverse("admin:insight_indexweight_changelist") in html


# ---------------------------------------------------------------------------------------------
# Recompute


def test_the_lead_recomputes_the_index_and_it_is_audited(client, lead, borough):
    client.force_login(lead)

    response = client.post(RECOMPUTE)

    assert response.status_code == 302
    assert response["Location"] == INDEX
    run = IndexRun.objects.get()
    assert (run.by, run.trigger, run.ward_count) == (lead, IndexRunTrigger.ON_DEMAND, 3)
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="insight.indexrun")
    assert entry.user == lead


def test_the_lead_is_told_the_index_was_recomputed(client, lead, borough):
    client.force_login(lead)

    html = client.post(RECOMPUTE, follow=True).content.decode()

    assert "The index has been recomputed for 3 wards" in html
    assert 'data-testid="index-table"' in html


@pytest.mark.parametrize(
    "role", [Role.COORDINATOR, Role.COMMUNITY_DEVELOPMENT_WORKER, Role.GRANT_OFFICER]
)
def test_other_viewers_may_not_recompute(client, role):
    client.force_login(user_with_role(role, OrganisationFactory()))

    assert client.post(RECOMPUTE).status_code == 403
    assert not IndexRun.objects.exists()


def test_recompute_answers_only_post(client, lead):
    client.force_login(lead)

    assert client.get(RECOMPUTE).status_code == 405


def test_an_admin_may_recompute_from_the_page(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.post(RECOMPUTE).status_code == 302
    assert IndexRun.objects.count() == 1


def test_the_chart_scripts_the_page_loads_are_static_files(client, lead, computed):
    html = _page(client, lead).content.decode()

    scripts = re.findall(r'<script src="/static/([^"]+)"', html)
    assert "js/insight-charts.js" in scripts
    for path in scripts:
        assert finders.find(path), f"{path} is not in the static files"
