import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from community_assets import csv_io, services, tasks
from community_assets.models import DirectoryImport, ImportStatus, Service
from thriving.accounts.models import Organisation

from .factories import GroupFactory, make_listing, place

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("community_assets:import")
EXPORT_URL = reverse("community_assets:export")
SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "directory-import-sample.csv"


def row(**values) -> dict:
    base = dict.fromkeys(csv_io.COLUMNS, "")
    base.update(
        organisation="Werneth Growers",
        name="Gardening club",
        description="We grow vegetables.",
        categories="gardening",
        location_name="Werneth Community Centre",
        address_1="1 Frederick Street",
        postcode="OL9 6BT",
        frequency="weekly",
        days="MO",
        opens_at="10:00",
        closes_at="12:00",
    )
    base.update(values)
    return base


def csv_text(*rows) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=csv_io.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def upload(client, text: str, name: str = "listings.csv"):
    file = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(IMPORT_URL, {"file": file})


def start(user, text: str) -> DirectoryImport:
    return services.directory_import_start(by=user, file_name="listings.csv", data=text.encode())


def test_the_preview_says_what_each_row_would_do_and_writes_nothing(cdw_client, cdw, terms):
    text = csv_text(row(), row(name="Second club"))

    response = upload(cdw_client, text)

    directory_import = DirectoryImport.objects.get()
    assert response.url == reverse("community_assets:import_detail", args=[directory_import.pk])
    assert directory_import.status == ImportStatus.PREVIEW
    assert [r["action"] for r in directory_import.preview] == ["create", "create"]
    assert [r["row"] for r in directory_import.preview] == [2, 3]
    assert not Service.objects.exists()
    assert not Organisation.objects.filter(name="Werneth Growers").exists()


def test_the_preview_page_lists_the_rows(cdw_client, cdw, terms):
    upload(cdw_client, csv_text(row()))
    directory_import = DirectoryImport.objects.get()

    page = cdw_client.get(reverse("community_assets:import_detail", args=[directory_import.pk]))

    assert "Import these listings" in page.content.decode()
    assert "Werneth Community Centre" in page.content.decode()


def test_applying_creates_the_listings(cdw, terms, postcodes):
    directory_import = start(cdw, csv_text(row(), row(location_name="Park", days="TH")))

    result = services.directory_import_confirm(directory_import=directory_import, by=cdw)

    service = Service.objects.get()
    assert result.status == ImportStatus.APPLIED
    assert result.created_count == 1
    assert service.keeper == cdw
    assert service.last_verified_at is None
    assert service.organisation.kind == "community_group"
    assert service.service_at_locations.count() == 2
    assert {sal.location.ward.name for sal in service.service_at_locations.all()} == {"Werneth"}


def test_one_rejected_row_rejects_the_whole_file(cdw, terms):
    directory_import = start(cdw, csv_text(row(), row(name="Other", categories="knitting")))

    assert directory_import.status == ImportStatus.REJECTED
    assert [r["action"] for r in directory_import.preview] == ["create", "reject"]
    assert directory_import.preview[1]["reasons"] == [
        "categories: there is no category with the code “knitting”. "
        "See the list of codes in the directory's CSV guide."
    ]
    with pytest.raises(Exception, match="cannot be imported"):
        services.directory_import_confirm(directory_import=directory_import, by=cdw)
    assert not Service.objects.exists()


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"postcode": "OL99"}, "postcode: Enter a full UK postcode, like OL1 1AA"),
        ({"days": "Funday"}, "days: “FUNDAY” is not a day."),
        ({"opens_at": "noon"}, "opens_at: write a 24-hour time, like 09:30 or 14:00"),
        ({"closes_at": "09:00"}, "closes_at: Closing time must be after the opening time."),
        ({"free": "maybe"}, "free: write yes or no, not “maybe”."),
        ({"free": "no"}, "cost_per_session: Enter the cost per session, like 2.50, or tick free."),
        ({"minimum_age": "sixty"}, "minimum_age: write a whole number, like 18"),
        ({"minimum_age": "60", "maximum_age": "18"}, "maximum_age: Maximum age must be the same"),
        ({"status": "open"}, "status: use one of active, inactive, defunct, temporarily closed"),
        ({"name": ""}, "name: This field cannot be blank."),
        ({"website": "nope"}, "website: Enter a valid URL."),
        ({"keeper_email": "nobody@example.org"}, "keeper_email: nobody with the email"),
        ({"service_id": "not-a-uuid"}, "service_id: this is not a listing id."),
        ({"address_1": ""}, "address_1: Enter the first line of the address, or say it is online."),
        ({"days": ""}, "A schedule needs days, opens_at and closes_at: fill in days."),
        ({"frequency": "daily"}, "frequency: write weekly or monthly"),
    ],
)
def test_a_rejected_row_says_why(cdw, terms, values, reason):
    directory_import = start(cdw, csv_text(row(**values)))

    reasons = " ".join(directory_import.preview[0]["reasons"])
    assert directory_import.preview[0]["action"] == "reject"
    assert reason in reasons


def test_rows_of_one_listing_must_agree_on_its_details(cdw, terms):
    text = csv_text(row(), row(location_name="Park", description="Different words."))

    directory_import = start(cdw, text)

    assert directory_import.preview[1]["action"] == "reject"
    assert (
        "different listing details from row 2 (description)"
        in (directory_import.preview[1]["reasons"][0])
    )


def test_reimporting_the_same_file_changes_nothing(cdw, terms, postcodes):
    text = csv_text(row(), row(location_name="Park", days="TH"), row(name="Choir", categories=""))
    first = start(cdw, text)
    services.directory_import_confirm(directory_import=first, by=cdw)
    before = {s.pk: s.updated_at for s in Service.objects.all()}

    second = start(cdw, text)
    services.directory_import_confirm(directory_import=second, by=cdw)

    assert [r["action"] for r in second.preview] == ["unchanged"] * 3
    second.refresh_from_db()
    assert (second.created_count, second.updated_count, second.unchanged_count) == (0, 0, 2)
    assert {s.pk: s.updated_at for s in Service.objects.all()} == before


def test_a_changed_row_updates_the_listing_and_says_what_changed(cdw, terms, postcodes):
    services.directory_import_confirm(directory_import=start(cdw, csv_text(row())), by=cdw)

    changed = start(cdw, csv_text(row(description="Now with a pond.", days="TU")))

    assert changed.preview[0]["action"] == "update"
    assert changed.preview[0]["changes"] == ["description", "places and times"]
    services.directory_import_confirm(directory_import=changed, by=cdw)
    service = Service.objects.get()
    assert service.description == "Now with a pond."
    assert service.service_at_locations.get().schedules.get().byday == "TU"


def test_a_row_naming_an_existing_listing_by_id_updates_it(cdw, terms):
    group = GroupFactory(name="Werneth Growers")
    service = make_listing(cdw, organisation=group, name="Old name")

    directory_import = start(cdw, csv_text(row(service_id=str(service.pk), name="New name")))
    services.directory_import_confirm(directory_import=directory_import, by=cdw)

    service.refresh_from_db()
    assert service.name == "New name"
    assert Service.objects.count() == 1


def test_an_export_imports_back_unchanged(cdw_client, cdw, terms, postcodes):
    make_listing(
        cdw,
        name="Gardening club",
        description="Line one.\nLine two, with “quotes”, commas and =SUM(A1).",
        categories=[terms["gardening"], terms["money"]],
        places=[place(postcodes["Werneth"], days="MO,WE"), place(name="Online", online=True)],
        is_free=False,
        cost_amount="2.50",
        minimum_age=18,
        languages=["English", "Urdu"],
        keeper=cdw,
    )
    make_listing(cdw, name="No places", status="temporarily closed")
    exported = cdw_client.get(EXPORT_URL, {"status": "any"}).content.decode("utf-8-sig")

    directory_import = start(cdw, exported)

    assert directory_import.status == ImportStatus.PREVIEW
    assert [r["action"] for r in directory_import.preview] == ["unchanged"] * 3


def test_the_export_neutralises_spreadsheet_formulas(cdw_client, cdw):
    make_listing(cdw, name='=HYPERLINK("http://evil")')

    content = cdw_client.get(EXPORT_URL).content.decode("utf-8-sig")

    assert "'=HYPERLINK" in content


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,description\nA,B\n", "The file is missing the columns: service_id, organisation"),
        (csv_text(), "The file has a header row but no listings."),
        (
            csv_text(row()).replace("schedule_description", "schedule_description,dias", 1),
            "The file has columns this directory does not use: dias.",
        ),
    ],
)
def test_a_file_that_is_not_a_directory_file_is_explained(cdw_client, text, message):
    response = upload(cdw_client, text)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DirectoryImport.objects.exists()


def test_a_file_that_is_not_csv_is_refused(cdw_client):
    response = upload(cdw_client, "hello", name="listings.xlsx")

    assert "The file must be a CSV file, ending .csv" in response.content.decode()


def test_a_large_file_is_checked_and_applied_by_the_worker(
    cdw, terms, postcodes, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(
        tasks.check_directory_import, "apply_async", lambda args, **kw: queued.append(args)
    )
    monkeypatch.setattr(
        tasks.apply_directory_import, "apply_async", lambda args, **kw: queued.append(args)
    )
    rows = [row(name=f"Club {number:03d}") for number in range(services.SYNC_ROW_LIMIT + 1)]

    with django_capture_on_commit_callbacks(execute=True):
        directory_import = start(cdw, csv_text(*rows))
    assert directory_import.status == ImportStatus.CHECKING
    assert queued == [(str(directory_import.pk),)]

    assert tasks.check_directory_import(str(directory_import.pk)) == ImportStatus.PREVIEW
    directory_import.refresh_from_db()
    assert directory_import.processed_rows == 201
    assert directory_import.percent_done == 100

    with django_capture_on_commit_callbacks(execute=True):
        services.directory_import_confirm(directory_import=directory_import, by=cdw)
    assert not Service.objects.exists()
    assert tasks.apply_directory_import(str(directory_import.pk)) == ImportStatus.APPLIED
    assert Service.objects.count() == 201


def test_running_a_task_twice_does_no_harm(cdw, terms):
    directory_import = start(cdw, csv_text(row()))
    services.directory_import_confirm(directory_import=directory_import, by=cdw)

    assert tasks.apply_directory_import(str(directory_import.pk)) == ImportStatus.APPLIED
    assert tasks.check_directory_import(str(directory_import.pk)) == ImportStatus.APPLIED
    assert Service.objects.count() == 1


def test_the_progress_page_refreshes_while_the_worker_runs(cdw_client, cdw):
    directory_import = DirectoryImport.objects.create(
        uploaded_by=cdw, file_name="big.csv", content="", total_rows=400, processed_rows=100
    )

    response = cdw_client.get(reverse("community_assets:import_detail", args=[directory_import.pk]))

    assert response["Refresh"] == "3"
    assert "Checked 100 of 400 rows (25%)." in response.content.decode()


def test_apply_refuses_a_file_that_became_invalid_since_the_preview(cdw, terms):
    directory_import = start(cdw, csv_text(row()))
    terms["gardening"].service_categories.all().delete()
    terms["gardening"].delete()

    result = services.directory_import_confirm(directory_import=directory_import, by=cdw)

    assert result.status == ImportStatus.REJECTED
    assert "changed since the preview" in result.error
    assert not Service.objects.exists()


def test_someone_elses_import_is_not_found(client, cdw, other_cdw, terms):
    directory_import = start(cdw, csv_text(row()))
    client.force_login(other_cdw)

    url = reverse("community_assets:import_detail", args=[directory_import.pk])
    assert client.get(url).status_code == 404


def test_a_link_worker_cannot_import(lw_client):
    assert lw_client.get(IMPORT_URL).status_code == 403


def test_the_sample_file_imports_cleanly_against_the_demo_categories(cdw):
    from community_assets.demo import _taxonomy

    _taxonomy()

    directory_import = start(cdw, SAMPLE.read_text(encoding="utf-8"))

    assert directory_import.status == ImportStatus.PREVIEW, directory_import.preview
    assert directory_import.created_count == 5
