"""Who the demo history refers, from where and why: made-up people (NHS numbers from the 999
test range, phone numbers from Ofcom's drama range) in the borough's wards, more of them
from the more deprived ones, with the reasons referrers give most often.
"""

import random
from datetime import date, timedelta

from thriving.core.dates import is_working_day
from thriving.demo import data
from thriving.demo.people import nhs_number_from

from .plans import Case, Listing, Setting

DAYS = 365

# How often each reason is given (first reasons are the commonest, as in most schemes).
REASON_WEIGHTS = {
    "loneliness": 24,
    "low-mood": 22,
    "physical-inactivity": 10,
    "money-debt": 12,
    "housing": 6,
    "employment": 5,
    "carer-support": 6,
    "bereavement": 6,
    "long-term-condition": 9,
    "weight-healthy-eating": 5,
    "frequent-attendance": 4,
    "other": 2,
}


def submitted_day(rng: random.Random, today: date) -> date:
    """A day in the last year, a little busier lately (the programme is growing)."""
    if rng.random() < 0.3:
        days_ago = int(DAYS * (1 - rng.random() ** 0.5))
    else:
        days_ago = rng.randint(0, DAYS - 1)
    day = today - timedelta(days=days_ago)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def ward_for(rng: random.Random, setting: Setting) -> str | None:
    """More referrals come from the more deprived wards; about 1 in 100 from outside."""
    if rng.random() < 0.01:
        return None
    names = sorted(setting.wards)
    weights = [
        setting.populations.get(name, 10000) * (1 + (21 - setting.imd_ranks.get(name, 10)) / 8)
        for name in names
    ]
    return rng.choices(names, weights=weights)[0]


def person_for(rng: random.Random, ward: str | None, today: date) -> dict:
    given = rng.choice(data.PEOPLE)
    family = rng.choice(data.PEOPLE)
    if ward is None:
        town, postcode, street = data.OUT_OF_AREA
    else:
        town, postcodes, streets = data.WARD_PLACES[ward]
        postcode, street = rng.choice(postcodes), rng.choice(streets)
    age = rng.choice([rng.randint(19, 64), rng.randint(45, 80), rng.randint(65, 92)])
    return {
        "nhs_number": nhs_number_from(rng),
        "given_name": given[0],
        "family_name": family[1],
        "date_of_birth": today - timedelta(days=age * 365 + rng.randint(0, 364)),
        "address_line_1": f"{rng.randint(1, 180)} {street}",
        "town": town,
        "postcode": postcode,
        "phone": f"07700 900{rng.randint(0, 999):03d}",
        "language": given[2],
        "interpreter_needed": given[3],
    }


def reasons_for(rng: random.Random, ward: str | None, setting: Setting) -> list[str]:
    weights = dict(REASON_WEIGHTS)
    if ward is not None and setting.imd_ranks.get(ward, 10) <= 8:
        weights["money-debt"] *= 2
        weights["housing"] *= 2
    codes = list(weights)
    chosen: list[str] = []
    for _ in range(rng.choices([1, 2, 3], weights=[5, 4, 1])[0]):
        code = rng.choices(codes, weights=[weights[c] for c in codes])[0]
        if code not in chosen:
            chosen.append(code)
    return chosen


def listings_for(case: Case, setting: Setting, rng: random.Random) -> list[Listing]:
    wanted = {c for r in case.reasons for c in setting.reason_categories.get(r, ())}
    fitting = [s for s in setting.listings if s.codes & wanted] or list(setting.listings)
    local = [s for s in fitting if case.ward in s.wards]
    rng.shuffle(fitting)
    rng.shuffle(local)
    ordered = local[:1] + [s for s in fitting if s not in local[:1]]
    return ordered[:3]
