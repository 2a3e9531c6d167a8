"""The people the demo refers: made up from a seeded random generator, so every run makes the
same people, with valid NHS numbers from the 999 test range and phone numbers from Ofcom's
drama range.
"""

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from referrals.models import ContactMethod

from . import data


@dataclass(frozen=True)
class Person:
    given_name: str
    family_name: str
    language: str
    interpreter_needed: bool
    nhs_number: str
    date_of_birth: date
    address_line_1: str
    town: str
    postcode: str
    ward_name: str
    phone: str
    email: str
    preferred_contact_method: str
    accessibility_needs: str

    def referral_fields(self) -> dict:
        return {
            "nhs_number": self.nhs_number,
            "given_name": self.given_name,
            "family_name": self.family_name,
            "date_of_birth": self.date_of_birth,
            "address_line_1": self.address_line_1,
            "town": self.town,
            "postcode": self.postcode,
            "phone": self.phone,
            "email": self.email,
            "preferred_contact_method": self.preferred_contact_method,
            "language": self.language,
            "interpreter_needed": self.interpreter_needed,
            "accessibility_needs": self.accessibility_needs,
        }


def nhs_number_from(rng: random.Random) -> str:
    """A 999-prefixed NHS number (the NHS's range for testing) with a valid check digit."""
    while True:
        body = f"999{rng.randint(0, 999_999):06d}"
        remainder = sum(int(d) * (10 - i) for i, d in enumerate(body)) % 11
        check = (11 - remainder) % 11
        if check != 10:
            return body + str(check)


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum())


_ACCESSIBILITY = [
    "Uses a wheelchair; needs step-free venues.",
    "Large print letters, please.",
    "Wears hearing aids; text messages are easiest.",
    "Partially sighted.",
]


def person_from(
    rng: random.Random,
    *,
    name: tuple[str, str, str, bool],
    ward_name: str | None,
    today: date,
) -> Person:
    """One person living in `ward_name` (None: outside the borough)."""
    given, family, language, interpreter = name
    if ward_name is None:
        town, postcode, street = data.OUT_OF_AREA
    else:
        town, postcodes, streets = data.WARD_PLACES[ward_name]
        postcode, street = rng.choice(postcodes), rng.choice(streets)
    age = rng.choice([rng.randint(19, 64), rng.randint(55, 92), rng.randint(65, 92)])
    email = (
        f"{_ascii(given)}.{_ascii(family)}{rng.randint(1, 99)}@example.com"
        if rng.random() < 0.4
        else ""
    )
    method = rng.choices(
        [ContactMethod.PHONE, ContactMethod.TEXT, ContactMethod.LETTER], weights=[7, 2, 1]
    )[0]
    if email and rng.random() < 0.5:
        method = ContactMethod.EMAIL
    return Person(
        given_name=given,
        family_name=family,
        language=language,
        interpreter_needed=interpreter,
        nhs_number=nhs_number_from(rng),
        date_of_birth=today - timedelta(days=age * 365 + rng.randint(0, 364)),
        address_line_1=f"{rng.randint(1, 180)} {street}",
        town=town,
        postcode=postcode,
        ward_name=ward_name or "",
        phone=f"07700 900{rng.randint(0, 999):03d}",
        email=email,
        preferred_contact_method=method,
        accessibility_needs=rng.choice(_ACCESSIBILITY) if rng.random() < 0.2 else "",
    )
