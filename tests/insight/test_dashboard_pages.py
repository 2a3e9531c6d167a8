"""The dashboard page and its downloads: who may see them, the filters, and that the CSV and
spreadsheet carry exactly the figures the page shows."""

import csv
import io
import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import GPPracticeFactory, ReferralFactory, user_with_role, ward
from tests.grants.factories import CouncilFactory
from tests.insight.dashboard_world import QUERY, at, build_world
from thriving.accounts.roles import Role
from thriving.audit.models import AuditAction, AuditEntry
from thriving.core.calendar import ensure_calendar
from thriving.insight.facts import rebuild_referral_facts
from thriving.insight.models import FactsRefresh

pytestmark = pytest.mark.django_db

URL = reverse("insight:dashboard")


@pytest.fixture
def world(provider, other_provider, practice, other_practice, link_worker):
    return build_world(
        provider=provider,
        other_provider=other_provider,
        practice=practice,
        other_practice=other_practice,
        link_worker=link_worker,
    )


@pytest.fixture
def lead(db):
    return user_with_role(
        Role.PROGRAMME_LEAD, CouncilFactory(name="Oldham Council"), full_name="Helen Lead"
    )


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    return client


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def table(html: str, slug: str) -> list[list[str]]:
    """The page's table for a figure, as text: the header row, then each row."""
    found = re.search(rf'data-testid="table-{slug}">(.*?)</table>', html, re.S)
    assert found, f"no table for {slug}"
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", found.group(1), re.S)
    return [
        [unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(
            r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S
        )]
        for row in rows
    ]  # fmt: skip


def _page_number(text: str) -> str:
    """A page cell as the downloads write it: no thousands commas, %, £ or typographic minus."""
    return text.replace(",", "").replace("%", "").replace("£", "").replace("−", "-")


# ------------------------------------------------------------------------------------------
# Who may see it
# ------------------------------------------------------------------------------------------


def test_someone_signed_out_is_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("user_fixture", ["referrer", "link_worker"])
def test_referrers_and_link_workers_are_refused(client, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))

    assert client.get(URL).status_code == 403
    assert client.get(reverse("insight:dashboard_csv", args=["funnel"])).status_code == 403


def test_the_lead_sees_every_figure_with_small_numbers_hidden(world, lead_client):
    response = lead_client.get(URL, QUERY)
    html = response.content.decode()

    assert response.status_code == 200
    assert 'data-testid="suppression-notice"' in html
    assert "the whole programme" in html
    assert table(html, "funnel")[1:] == [
        ["Submitted", "7", "100.0%"],
        ["Allocated to a provider", "5", "71.4%"],
        ["Accepted by a link worker", "5", "71.4%"],
        ["Engaged", "<5", "<5 cases"],
        ["Closed with a connection taken up", "<5", "<5 cases"],
    ]
    assert 'name="provider"' in html  # the lead chooses a provider
    for slug in [
        "referrals-by-week",
        "referrals-by-practice",
        "referrals-by-reason",
        "referrals-by-ward",
        "timeliness",
        "caseload",
        "wellbeing-change",
        "wellbeing-by-provider",
        "wellbeing-by-reason",
        "ons4-change",
        "grants-by-ward",
        "grants-by-category",
    ]:
        assert f'data-testid="figure-{slug}"' in html
        assert f'data-chart-data="chart-{slug}"' in html
        assert f'id="chart-{slug}" type="application/json"' in html


def test_the_chart_leaves_out_what_the_table_shows_as_fewer_than_five(world, lead_client):
    html = lead_client.get(URL, QUERY).content.decode()

    data = re.search(r'id="chart-funnel" type="application/json">(.*?)</script>', html).group(1)

    assert '"data": [7, 5, 5, null, null]' in data


def test_a_coordinator_sees_their_organisation_without_a_provider_choice(world, coordinator_client):
    html = coordinator_client.get(URL, QUERY).content.decode()

    assert 'data-testid="own-organisation-notice"' in html
    assert 'name="provider"' not in html
    assert "Action Together" in html
    # R1, R2 and R3 are Action Together's: 3, 3, 3, 3, 1, shown as they are.
    assert [row[1] for row in table(html, "funnel")[1:]] == ["3", "3", "3", "3", "1"]
    assert "Ben Other" not in html  # Age UK Oldham's link worker


def test_a_provider_in_the_address_does_not_widen_a_coordinators_view(world, coordinator_client):
    html = coordinator_client.get(
        URL, QUERY | {"provider": str(world.provider_b.pk)}
    ).content.decode()

    assert [row[1] for row in table(html, "funnel")[1:]] == ["3", "3", "3", "3", "1"]
    assert "Ben Other" not in html
    csv_text = coordinator_client.get(
        reverse("insight:dashboard_csv", args=["caseload"]),
        QUERY | {"provider": str(world.provider_b.pk)},
    ).content.decode("utf-8-sig")
    assert "Ben Other" not in csv_text and "Lee Linkworker" in csv_text


def test_the_lead_can_choose_a_provider(world, lead_client):
    html = lead_client.get(URL, QUERY | {"provider": str(world.provider_b.pk)}).content.decode()

    # Age UK Oldham: R4 and R8.
    assert table(html, "funnel")[1] == ["Submitted", "<5", "<5 cases"]
    assert [row[1] for row in table(html, "caseload")[1:]] == ["Ben Other"]


# ------------------------------------------------------------------------------------------
# Bad filters: a clear message, never an error page
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"date_from": "2025-04-30", "date_to": "2025-03-01"},
            "‘Referred up to’ must be the same as or after ‘Referred from’",
        ),
        ({"date_from": "2025-02-30"}, "‘Referred from’ must be a real date"),
        ({"date_to": "yesterday"}, "‘Referred up to’ must be a real date"),
        ({"date_from": "1999-01-01"}, "must be on or after 1 January 2015"),
        ({"date_to": "2999-01-01"}, "cannot be after today"),
        ({"provider": "not-a-provider"}, "Choose a provider from the list"),
        ({"ward": "E99999999"}, "Choose a ward from the list"),
    ],
)
def test_bad_filters_say_what_is_wrong(lead_client, query, message):
    response = lead_client.get(URL, query)
    html = unescape(response.content.decode())

    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert 'data-testid="fix-filters"' in html


def test_a_download_with_bad_filters_goes_back_to_the_page_to_say_why(lead_client):
    response = lead_client.get(
        reverse("insight:dashboard_csv", args=["funnel"]),
        {"date_from": "2025-04-30", "date_to": "2025-03-01"},
    )

    assert response.status_code == 302
    assert response["Location"].startswith(URL + "?")
    assert "date_from=2025-04-30" in response["Location"]


def test_the_ward_filter_takes_the_wards_ons_code(world, lead_client):
    html = lead_client.get(URL, QUERY | {"ward": "E05000874"}).content.decode()  # Coldhurst

    assert table(html, "referrals-by-ward")[1:] == [["Coldhurst", "<5"]]
    assert "people living in Coldhurst" in html


# ------------------------------------------------------------------------------------------
# Downloads: the same figures as the page
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "slug", ["funnel", "timeliness", "caseload", "wellbeing-by-reason", "grants-by-ward"]
)
def test_the_csv_holds_the_figures_the_page_shows(world, lead_client, slug):
    page = table(lead_client.get(URL, QUERY).content.decode(), slug)

    response = lead_client.get(reverse("insight:dashboard_csv", args=[slug]), QUERY)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))

    assert response["Content-Type"].startswith("text/csv")
    assert rows[0] == page[0]
    assert len(rows) == len(page)
    for csv_row, page_row in zip(rows[1:], page[1:], strict=True):
        assert [_page_number(c) for c in page_row] == [c if c else "–" for c in csv_row], (
            csv_row,
            page_row,
        )


def test_the_spreadsheet_holds_the_figures_the_page_shows(world, coordinator_client):
    page = table(coordinator_client.get(URL, QUERY).content.decode(), "timeliness")

    response = coordinator_client.get(reverse("insight:dashboard_xlsx", args=["timeliness"]), QUERY)
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Days to allocation and to first"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert values[0] == page[0]
    # Action Together: allocation 3 got there, median 1, none waiting, 3 within, 100%;
    # first contact 3 got there, median 2, none waiting, 2 within, 66.7%.
    assert values[1][2:] == [3, 1, 0, 3, 100.0]
    assert values[2][2:] == [3, 2, 0, 2, 66.7]
    assert page[1][2:] == ["3", "1", "0", "3", "100.0%"]
    assert page[2][2:] == ["3", "2", "0", "2", "66.7%"]
    assert book.sheetnames[-1] == "About these figures"


def test_the_whole_workbook_has_a_sheet_per_figure(world, lead_client):
    response = lead_client.get(reverse("insight:dashboard_xlsx", args=["all"]), QUERY)
    book = load_workbook(io.BytesIO(response.content))

    assert len(book.sheetnames) == 14  # 13 figures and "About these figures"
    funnel = [[c.value for c in row] for row in book["From referral to connection"].iter_rows()]
    assert funnel[1:] == [
        ["Submitted", 7, 100.0],
        ["Allocated to a provider", 5, 71.4],
        ["Accepted by a link worker", 5, 71.4],
        ["Engaged", "<5", "<5 cases"],
        ["Closed with a connection taken up", "<5", "<5 cases"],
    ]
    about = {row[0].value: row[1].value for row in book["About these figures"].iter_rows()}
    assert "shown as <5" in about["Small numbers"]


def test_downloads_are_audited_by_figure_and_filters(world, lead, lead_client):
    lead_client.get(reverse("insight:dashboard_csv", args=["funnel"]), QUERY)

    entry = AuditEntry.objects.get(action=AuditAction.EXPORT, user=lead)
    assert entry.object_type == "insight.dashboard" and entry.object_id == "funnel"
    assert "2025-03-01 to 2025-04-30" in entry.detail


@pytest.mark.parametrize(
    "url",
    [
        reverse("insight:dashboard_csv", args=["no-such-figure"]),
        reverse("insight:dashboard_xlsx", args=["no-such-figure"]),
        reverse("insight:dashboard_csv", args=["all"]),
    ],
)
def test_an_unknown_figure_is_not_found(lead_client, url):
    assert lead_client.get(url).status_code == 404


def test_the_page_runs_a_fixed_number_of_queries(world, lead_client, django_assert_max_num_queries):
    ensure_calendar()
    lead_client.get(URL, QUERY)
    with django_assert_max_num_queries(30) as small:
        lead_client.get(URL, QUERY)
    for n in range(15):
        ReferralFactory(
            referring_organisation=GPPracticeFactory(),
            submitted_at=at(date(2025, 3, 1 + n)),
            ward=ward("Chadderton North"),
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        lead_client.get(URL, QUERY)


def test_the_page_says_when_the_figures_were_last_recounted(world, lead_client):
    FactsRefresh.objects.all().delete()
    before = lead_client.get(URL).content.decode()
    rebuild_referral_facts()
    after = lead_client.get(URL).content.decode()

    assert "recounted from scratch every 15 minutes" in before
    assert "last recounted" not in before
    assert f"last recounted {timezone.localdate():%-d %B %Y}" in after
