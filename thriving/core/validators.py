"""Validators for identifiers the programme receives from people and other systems."""

import re

from django.core.exceptions import ValidationError

_POSTCODE_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


def normalise_nhs_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def nhs_number_is_valid(value: str) -> bool:
    """An NHS number is 10 digits whose last is a modulus 11 check digit."""
    digits = normalise_nhs_number(value)
    if not re.fullmatch(r"[0-9]{10}", digits):
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def validate_nhs_number(value: str) -> None:
    digits = normalise_nhs_number(value)
    if not re.fullmatch(r"[0-9]{10}", digits):
        raise ValidationError(
            "Enter an NHS number with 10 digits, like 943 476 5919", code="nhs_number_format"
        )
    if not nhs_number_is_valid(digits):
        raise ValidationError(
            "Enter a valid NHS number. Check the number: its last digit does not match.",
            code="nhs_number_check_digit",
        )


def normalise_postcode(value: str) -> str | None:
    """'ol11aa' -> 'OL1 1AA'; None when it is not the shape of a UK postcode."""
    compact = re.sub(r"\s+", "", (value or "").upper())
    match = _POSTCODE_RE.match(compact)
    if not match:
        return None
    return f"{match.group(1)} {match.group(2)}"


def validate_postcode(value: str) -> None:
    if normalise_postcode(value) is None:
        raise ValidationError("Enter a full UK postcode, like OL1 1AA", code="postcode")


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def validate_no_control_characters(value: str) -> None:
    # Some CharFields clean to other types (a UUIDField to a UUID): those hold no text.
    if isinstance(value, str) and _CONTROL_RE.search(value):
        raise ValidationError(
            "Remove the hidden control characters from this text.", code="control_characters"
        )
