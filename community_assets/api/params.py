"""Query parameters of the Open Referral UK list endpoints, parsed strictly.

A consumer that sends `per_page=lots` or `day=Funday` gets a 400 that names the parameter,
rather than a silently ignored filter and results that look right but are not.
"""

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.http import QueryDict

from thriving.core.validators import normalise_postcode

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
MAX_SEARCH_LENGTH = 200

# RFC 5545 BYDAY codes, as HSDS schedules store them; full English names are accepted too.
DAY_CODES = {
    "MO": "MO",
    "TU": "TU",
    "WE": "WE",
    "TH": "TH",
    "FR": "FR",
    "SA": "SA",
    "SU": "SU",
    "MONDAY": "MO",
    "TUESDAY": "TU",
    "WEDNESDAY": "WE",
    "THURSDAY": "TH",
    "FRIDAY": "FR",
    "SATURDAY": "SA",
    "SUNDAY": "SU",
}
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
_TIME_RE = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9]))?$")


class ParameterError(Exception):
    """A request parameter the API cannot honour; becomes a 400 naming the parameter."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int


@dataclass(frozen=True)
class ServiceFilters:
    search: str = ""
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    minimum_age: Decimal | None = None
    maximum_age: Decimal | None = None
    day: str | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    postcode: str | None = None


def _single(query: QueryDict, name: str) -> str | None:
    values = query.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise ParameterError(name, f"Give {name} once only.")
    value = values[0].strip()
    return value or None


def parse_uuid(value: str, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        raise ParameterError(
            name, f"{name} must be a UUID, like 3fa85f64-5717-4562-b3fc-2c963f66afa6."
        ) from None


def _positive_int(query: QueryDict, name: str, default: int, maximum: int | None) -> int:
    raw = _single(query, name)
    if raw is None:
        return default
    limit = f" and at most {maximum}" if maximum else ""
    message = f"{name} must be a whole number of at least 1{limit}."
    if not re.fullmatch(r"[0-9]{1,9}", raw):
        raise ParameterError(name, message)
    value = int(raw)
    if value < 1 or (maximum and value > maximum):
        raise ParameterError(name, message)
    return value


def parse_paging(query: QueryDict) -> Paging:
    return Paging(
        page=_positive_int(query, "page", 1, None),
        per_page=_positive_int(query, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE),
    )


def _age(query: QueryDict, name: str) -> Decimal | None:
    raw = _single(query, name)
    if raw is None:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value < 0 or value > 150:
        raise ParameterError(name, f"{name} must be an age in years between 0 and 150.")
    return value


def _time(query: QueryDict, name: str) -> dt.time | None:
    raw = _single(query, name)
    if raw is None:
        return None
    match = _TIME_RE.match(raw)
    if not match:
        raise ParameterError(name, f"{name} must be a 24-hour time, like 09:30 or 17:00:00.")
    hours, minutes, seconds = match.groups()
    return dt.time(int(hours), int(minutes), int(seconds or 0))


def _day(query: QueryDict) -> str | None:
    raw = _single(query, "day")
    if raw is None:
        return None
    code = DAY_CODES.get(raw.upper())
    if code is None:
        raise ParameterError(
            "day", "day must be a day of the week: MO, TU, WE, TH, FR, SA or SU (or its name)."
        )
    return code


def _postcode(query: QueryDict) -> str | None:
    raw = _single(query, "postcode")
    if raw is None:
        return None
    normalised = normalise_postcode(raw)
    if normalised is None:
        raise ParameterError("postcode", "postcode must be a full UK postcode, like OL1 1AA.")
    return normalised


def parse_service_filters(query: QueryDict, *, with_postcode: bool = False) -> ServiceFilters:
    search = _single(query, "search") or ""
    if len(search) > MAX_SEARCH_LENGTH:
        raise ParameterError("search", f"search must be at most {MAX_SEARCH_LENGTH} characters.")
    if _CONTROL_RE.search(search):
        raise ParameterError("search", "search must not contain control characters.")
    term_id = _single(query, "taxonomy_term_id")
    taxonomy_id = _single(query, "taxonomy_id")
    filters = ServiceFilters(
        search=search,
        taxonomy_term_id=parse_uuid(term_id, "taxonomy_term_id") if term_id else None,
        taxonomy_id=parse_uuid(taxonomy_id, "taxonomy_id") if taxonomy_id else None,
        minimum_age=_age(query, "minimum_age"),
        maximum_age=_age(query, "maximum_age"),
        day=_day(query),
        start_time=_time(query, "start_time"),
        end_time=_time(query, "end_time"),
        postcode=_postcode(query) if with_postcode else None,
    )
    if filters.start_time and filters.end_time and filters.start_time > filters.end_time:
        raise ParameterError("end_time", "end_time must not be before start_time.")
    return filters
