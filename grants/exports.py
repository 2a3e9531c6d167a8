"""Awarded grants published in the 360Giving Data Standard, as JSON and as CSV.

Open data, so no sign-in: a grant appears only once awarded, and every group agreed to
publication when it applied (`Application.declaration_publication`). Only the group (never a
person), the project and the money are published.

Both are streamed: rows are read with `.iterator(chunk_size=...)`, which also fetches the
wards chunk by chunk, and written out as they come, so 10,000 grants take the memory of one
chunk, not of the whole file.

Identifiers follow the 360Giving guidance:
- grant: `360G-<GRANTS_360G_PREFIX>-<reference>`;
- recipient: `GB-CHC-<charity number>` for a registered charity or CIO, `GB-COH-<company
  number>` for a company or CIC, otherwise `360G-<prefix>-<organisation id>`;
- funder: GRANTS_FUNDER_ID / GRANTS_FUNDER_NAME.
"""

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import UTC

from django.conf import settings
from django.db.models import Count, Max
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import selectors
from .models import Application, normalise_charity_number, normalise_company_number

SCHEMA_VERSION = "1.4"
CHUNK_SIZE = 500
# Rows written per yield: fewer, larger writes to the socket than one per grant.
ROWS_PER_WRITE = 100


def _prefix() -> str:
    return settings.GRANTS_360G_PREFIX


def grant_id(application: Application) -> str:
    return f"360G-{_prefix()}-{application.reference}"


def recipient_id(application: Application) -> str:
    organisation = application.organisation
    charity = normalise_charity_number(application.charity_number or organisation.charity_number)
    company = normalise_company_number(application.company_number or organisation.company_number)
    if charity:
        return f"GB-CHC-{charity}"
    if company:
        return f"GB-COH-{company}"
    return f"360G-{_prefix()}-{organisation.pk}"


def _money(amount) -> float | int:
    """JSON numbers: whole pounds as integers, otherwise pounds and pence."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _moment(value) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _award_date(application: Application) -> str:
    moment = application.decided_at or application.updated_at
    return timezone.localdate(moment).isoformat()


def _programme(application: Application) -> dict:
    round_ = application.round
    return {
        "code": f"{round_.fund.code}-{round_.pk}",
        "title": f"{round_.fund.name}: {round_.name}",
    }


def _recipient(application: Application) -> dict:
    organisation = application.organisation
    recipient = {"id": recipient_id(application), "name": organisation.name}
    charity = normalise_charity_number(application.charity_number or organisation.charity_number)
    company = normalise_company_number(application.company_number or organisation.company_number)
    if charity:
        recipient["charityNumber"] = charity
    if company:
        recipient["companyNumber"] = company
    return recipient


def _locations(application: Application) -> list[dict]:
    return [
        {"name": ward.name, "geoCode": ward.ons_code, "geoCodeType": "WD", "countryCode": "GB"}
        for ward in application.wards.all()
    ]


def _data_source() -> str:
    return settings.SITE_URL + reverse("grants:360giving_json")


def grant_record(application: Application) -> dict:
    """One grant as a 360Giving grant object (valid against 360-giving-schema.json).

    Expects `selectors.grants_for_publication()` rows: organisation, round and fund joined,
    wards prefetched, `amount_paid` annotated."""
    record = {
        "id": grant_id(application),
        "title": application.project_title,
        "description": application.project_description,
        "currency": "GBP",
        "amountAppliedFor": _money(application.amount_requested),
        "amountAwarded": _money(application.amount_awarded),
        "amountDisbursed": _money(application.amount_paid),
        "awardDate": _award_date(application),
        "plannedDates": [
            {
                "startDate": application.start_date.isoformat(),
                "endDate": application.end_date.isoformat(),
            }
        ],
        "recipientOrganization": [_recipient(application)],
        "fundingOrganization": [
            {"id": settings.GRANTS_FUNDER_ID, "name": settings.GRANTS_FUNDER_NAME}
        ],
        "grantProgramme": [_programme(application)],
        "fromOpenCall": "Yes",
        "dateModified": _moment(application.updated_at),
        "dataSource": _data_source(),
    }
    locations = _locations(application)
    if locations:
        record["beneficiaryLocation"] = locations
    return record


def package_metadata() -> dict:
    """The package around the grants (valid against 360-giving-package-schema.json once the
    grants are added; the standard asks for at least one grant)."""
    now = _moment(timezone.now())
    return {
        "version": SCHEMA_VERSION,
        "title": f"Grants awarded by {settings.GRANTS_FUNDER_NAME}",
        "description": (
            f"Fast Action grants to community groups in {settings.BOROUGH_NAME}, "
            "published in the 360Giving Data Standard."
        ),
        "identifier": f"360G-{_prefix()}-grants",
        "issued": now,
        "modified": now,
        "publisher": {
            "identifier": settings.GRANTS_FUNDER_ID,
            "name": settings.GRANTS_FUNDER_NAME,
            "website": settings.SITE_URL,
        },
        "license": settings.GRANTS_360G_LICENSE,
        "downloadURL": _data_source(),
    }


def _published() -> Iterator[Application]:
    """Awarded grants, read a chunk at a time with their wards prefetched per chunk.

    A prefetched relation and its instance refer to each other, a reference cycle that only
    the garbage collector's occasional full pass would free; dropping the prefetched wards
    once a grant is written lets each chunk be freed as soon as the next one is read, which
    is what keeps memory flat however many grants there are.
    """
    for application in selectors.grants_for_publication().iterator(chunk_size=CHUNK_SIZE):
        yield application
        application.__dict__.pop("_prefetched_objects_cache", None)


def json_chunks(applications: Iterable[Application] | None = None) -> Iterator[str]:
    """The package as JSON text, a piece at a time: the metadata, then the grants array
    written as rows arrive."""
    applications = _published() if applications is None else applications
    head = json.dumps(package_metadata(), ensure_ascii=False)
    yield head[:-1] + ', "grants": ['
    batch: list[str] = []
    first = True
    for application in applications:
        batch.append(json.dumps(grant_record(application), ensure_ascii=False))
        if len(batch) >= ROWS_PER_WRITE:
            yield ("" if first else ",") + ",".join(batch)
            first, batch = False, []
    if batch:
        yield ("" if first else ",") + ",".join(batch)
    yield "]}"


@require_GET
def giving360_json(request):
    response = StreamingHttpResponse(json_chunks(), content_type="application/json")
    response["Content-Disposition"] = 'inline; filename="360giving-grants.json"'
    return response


# ------------------------------------------------------------------------------------------
# CSV: the 360Giving flat layout, one row per grant, numbered columns for each ward
# ------------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Applied For",
    "Amount Awarded",
    "Amount Disbursed",
    "Award Date",
    "Planned Dates:Start Date",
    "Planned Dates:End Date",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Recipient Org:Charity Number",
    "Recipient Org:Company Number",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Grant Programme:Code",
    "Grant Programme:Title",
    "From An Open Call?",
    "Last Modified",
    "Data Source",
]
LOCATION_COLUMNS = ["Name", "Geographic Code", "Geographic Code Type", "Country Code"]

# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _max_wards() -> int:
    counted = selectors.grants_for_publication().order_by().annotate(ward_count=Count("wards"))
    return counted.aggregate(most=Max("ward_count"))["most"] or 0


def csv_header(max_wards: int) -> list[str]:
    return CSV_COLUMNS + [
        f"Beneficiary Location:{i}:{column}"
        for i in range(max_wards)
        for column in LOCATION_COLUMNS
    ]


def csv_row(application: Application, max_wards: int) -> list[str]:
    record = grant_record(application)
    recipient = record["recipientOrganization"][0]
    funder = record["fundingOrganization"][0]
    programme = record["grantProgramme"][0]
    row = [
        record["id"],
        record["title"],
        record["description"],
        record["currency"],
        record["amountAppliedFor"],
        record["amountAwarded"],
        record["amountDisbursed"],
        record["awardDate"],
        record["plannedDates"][0]["startDate"],
        record["plannedDates"][0]["endDate"],
        recipient["id"],
        recipient["name"],
        recipient.get("charityNumber", ""),
        recipient.get("companyNumber", ""),
        funder["id"],
        funder["name"],
        programme["code"],
        programme["title"],
        record["fromOpenCall"],
        record["dateModified"],
        record["dataSource"],
    ]
    locations = record.get("beneficiaryLocation", [])
    for i in range(max_wards):
        if i < len(locations):
            location = locations[i]
            row += [
                location["name"],
                location["geoCode"],
                location["geoCodeType"],
                location["countryCode"],
            ]
        else:
            row += ["", "", "", ""]
    return [_safe(cell) for cell in row]


class _Echo:
    """A file-like object that hands back what csv.writer writes, for streaming."""

    def write(self, value: str) -> str:
        return value


def csv_lines(applications: Iterable[Application] | None = None) -> Iterator[str]:
    max_wards = _max_wards()
    applications = _published() if applications is None else applications
    writer = csv.writer(_Echo())
    yield writer.writerow(csv_header(max_wards))
    for application in applications:
        yield writer.writerow(csv_row(application, max_wards))


@require_GET
def giving360_csv(request):
    response = StreamingHttpResponse(csv_lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="360giving-grants.csv"'
    return response
