import pytest
from django.core.exceptions import ValidationError

from thriving.core.validators import (
    nhs_number_is_valid,
    normalise_postcode,
    validate_nhs_number,
)


@pytest.mark.parametrize("number", ["943 476 5919", "9434765870"])
def test_valid_nhs_numbers_pass_the_modulus_11_check(number):
    assert nhs_number_is_valid(number)


def test_nhs_number_with_wrong_check_digit_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError, match="last digit does not match"):
        validate_nhs_number("9434765918")


def test_nhs_number_of_wrong_length_is_refused():
    with pytest.raises(ValidationError, match="10 digits"):
        validate_nhs_number("12345")


def test_nhs_number_whose_check_digit_would_be_ten_is_invalid():
    # 123456789: weighted sum 210, 11 - (210 % 11) = 10, so no check digit can make it valid.
    assert not any(nhs_number_is_valid(f"123456789{d}") for d in range(10))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ol11aa", "OL1 1AA"),
        (" OL8  4QQ ", "OL8 4QQ"),
        ("M1 1AE", "M1 1AE"),
        ("not a postcode", None),
    ],
)
def test_postcodes_are_normalised(raw, expected):
    assert normalise_postcode(raw) == expected
