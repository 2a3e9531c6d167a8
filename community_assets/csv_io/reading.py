"""Reading a directory CSV file: its columns, and turning cells into values."""

import csv
import io
import re
from datetime import datetime, time
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from ..models import (
    ServiceStatus,
    normalise_byday,
)

COLUMNS = [
    "service_id",
    "organisation",
    "name",
    "description",
    "status",
    "categories",
    "website",
    "email",
    "free",
    "cost_per_session",
    "cost_description",
    "minimum_age",
    "maximum_age",
    "eligibility",
    "languages",
    "accessibility",
    "taking_new_people",
    "keeper_email",
    "contact_name",
    "contact_title",
    "contact_phone",
    "location_name",
    "online",
    "address_1",
    "address_2",
    "city",
    "postcode",
    "frequency",
    "interval",
    "days",
    "opens_at",
    "closes_at",
    "schedule_description",
]
LISTING_COLUMNS = COLUMNS[: COLUMNS.index("location_name")]
PLACE_COLUMNS = COLUMNS[COLUMNS.index("location_name") :]

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
LIST_SEPARATOR = ";"

# Which CSV column each model's field is reported under when a value is refused.
SERVICE_COLUMNS = {
    "url": "website",
    "is_free": "free",
    "cost_amount": "cost_per_session",
    "eligibility_description": "eligibility",
}
LOCATION_COLUMNS = {"name": "location_name", "is_online": "online"}
SCHEDULE_COLUMNS = {"freq": "frequency", "byday": "days", "description": "schedule_description"}

_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}
_DAY_WORDS = {
    "monday": "MO",
    "tuesday": "TU",
    "wednesday": "WE",
    "thursday": "TH",
    "friday": "FR",
    "saturday": "SA",
    "sunday": "SU",
}
# A cell a spreadsheet would run as a formula is written with a leading apostrophe, which
# reading strips again, so an exported file imports back unchanged.
FORMULA_START = ("=", "+", "-", "@")


class CsvFileError(ValueError):
    """The file as a whole cannot be read (not CSV, wrong columns, too big)."""


def decode(data: bytes) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise CsvFileError("The file is bigger than 5 MB. Split it into smaller files.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CsvFileError("The file is not text. Save it from your spreadsheet as “CSV UTF-8”.")


def read_rows(text: str) -> list[dict[str, str]]:
    """The rows as dicts of stripped cells. Raises CsvFileError for a file that is not ours."""
    if "\x00" in text:
        raise CsvFileError("The file is not a CSV file. Save it from your spreadsheet as CSV.")
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    if not header:
        raise CsvFileError("The file is empty. Use the sample file as a starting point.")
    missing = [name for name in COLUMNS if name not in header]
    unknown = [name for name in header if name and name not in COLUMNS]
    if missing:
        raise CsvFileError("The file is missing the columns: " + ", ".join(missing) + ".")
    if unknown:
        raise CsvFileError(
            "The file has columns this directory does not use: " + ", ".join(unknown) + "."
        )
    reader.fieldnames = header
    rows = []
    try:
        for raw in reader:
            if len(rows) >= MAX_ROWS:
                raise CsvFileError(f"The file has more than {MAX_ROWS:,} rows. Split it.")
            cells = {name: _cell(raw.get(name)) for name in COLUMNS}
            if any(cells.values()):
                rows.append(cells)
    except csv.Error as error:
        raise CsvFileError(f"The file could not be read as CSV: {error}.") from error
    if not rows:
        raise CsvFileError("The file has a header row but no listings.")
    return rows


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = ",".join(value)
    value = value.strip()
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_START:
        value = value[1:]
    return value


def parse_yes_no(value: str, column: str, default: bool) -> bool:
    if not value:
        return default
    if value.lower() in _YES:
        return True
    if value.lower() in _NO:
        return False
    raise ValidationError(f"{column}: write yes or no, not “{value}”.")


def parse_whole_number(value: str, column: str) -> int | None:
    if not value:
        return None
    if not re.fullmatch(r"[0-9]{1,3}", value):
        raise ValidationError(f"{column}: write a whole number, like 18, not “{value}”.")
    return int(value)


def parse_money(value: str) -> Decimal | None:
    if not value:
        return None
    try:
        amount = Decimal(value.replace("£", "").replace(",", "").strip())
    except InvalidOperation:
        raise ValidationError(
            f"cost_per_session: write an amount in pounds, like 2.50, not “{value}”."
        ) from None
    if amount.as_tuple().exponent < -2:
        raise ValidationError("cost_per_session: use pounds and pence, like 2.50.")
    return amount.quantize(Decimal("0.01"))


def parse_time(value: str, column: str) -> time | None:
    if not value:
        return None
    for pattern in ("%H:%M", "%H:%M:%S", "%H.%M"):
        try:
            return datetime.strptime(value, pattern).time()  # noqa: DTZ007 - a time of day
        except ValueError:
            continue
    raise ValidationError(f"{column}: write a 24-hour time, like 09:30 or 14:00, not “{value}”.")


def parse_days(value: str, monthly: bool) -> str:
    parts = [part for part in re.split(r"[,;\s]+", value) if part]
    codes = [_DAY_WORDS.get(part.lower(), part) for part in parts]
    try:
        return normalise_byday(",".join(codes), monthly=monthly)
    except ValueError as error:
        raise ValidationError(f"days: {error}") from None


def parse_status(value: str) -> str:
    if not value:
        return ServiceStatus.ACTIVE
    for choice_value, label in ServiceStatus.choices:
        if value.lower() in {choice_value, label.lower()}:
            return choice_value
    allowed = ", ".join(value for value, _ in ServiceStatus.choices)
    raise ValidationError(f"status: use one of {allowed}, not “{value}”.")


def split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]


def error_messages(error: ValidationError, columns: dict[str, str] | None = None) -> list[str]:
    columns = columns or {}
    if hasattr(error, "error_dict"):
        return [
            message if name == NON_FIELD_ERRORS else f"{columns.get(name, name)}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)
