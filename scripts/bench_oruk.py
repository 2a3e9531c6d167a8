#!/usr/bin/env python
"""Times the Open Referral UK list pages over a directory of 5,000 services.

A benchmark, not a test: it builds a throwaway PostgreSQL database next to the one
DATABASE_URL names (migrated like production, so the full-text search index is there), fills it
with bulk_create, times each page through the whole Django stack, prints the medians, and drops
the database again. Nothing in the real database is touched.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thriving .venv/bin/python scripts/bench_oruk.py
    (options: --services 5000 --runs 15)
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thriving.settings")
# Test-shaped settings: plain http to "testserver", no HTTPS redirect.
os.environ["TESTING"] = "1"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

TARGET_SECONDS = 1.0
ACTIVITIES = [
    "Gardening club",
    "Walking group",
    "Cookery class",
    "Art studio",
    "Choir",
    "Peer support",
    "Money advice",
    "Debt clinic",
    "Carers cafe",
    "Digital skills",
    "Bereavement group",
    "Chair yoga",
    "Knit and natter",
    "Men's shed",
    "Allotment share",
    "Coffee morning",
]
PLACES = ["Werneth", "Chadderton", "Royton", "Failsworth", "Saddleworth", "Shaw", "Lees"]
CATEGORIES = {
    "Arts and crafts": ["Painting", "Knitting", "Pottery"],
    "Gardening": ["Allotments", "Community gardens"],
    "Food and cookery": ["Cookery", "Community meals"],
    "Walking and sport": ["Walking", "Chair exercise", "Football"],
    "Peer support": ["Mental health", "Long-term conditions"],
    "Advice": ["Money advice", "Debt", "Housing", "Benefits"],
    "Carers": ["Young carers", "Adult carers"],
    "Bereavement": ["Bereavement support"],
    "Digital skills": ["Getting online"],
    "Volunteering": ["Volunteering"],
    "Faith and culture": ["Faith groups", "Cultural groups"],
}
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def build_directory(size: int, rng: random.Random) -> dict:
    from community_assets.models import (
        Contact,
        Location,
        Phone,
        Schedule,
        Service,
        ServiceAtLocation,
        ServiceCategory,
        ServiceLanguage,
        Taxonomy,
        TaxonomyTerm,
    )
    from thriving.accounts.models import Organisation
    from thriving.accounts.roles import OrganisationKind
    from thriving.places.models import Ward

    groups = Organisation.objects.bulk_create(
        Organisation(name=f"Community group {n}", kind=OrganisationKind.COMMUNITY_GROUP)
        for n in range(400)
    )
    taxonomy = Taxonomy.objects.create(name="Activities", description="Activity categories")
    parents, children = [], []
    for parent_name, child_names in CATEGORIES.items():
        parent = TaxonomyTerm.objects.create(
            taxonomy=taxonomy, name=parent_name, code=parent_name.lower().replace(" ", "-")
        )
        parents.append(parent)
        children += TaxonomyTerm.objects.bulk_create(
            TaxonomyTerm(
                taxonomy=taxonomy,
                parent=parent,
                name=name,
                code=f"{parent.code}-{name.lower().replace(' ', '-')}",
            )
            for name in child_names
        )
    wards = list(Ward.objects.all()) or [None]
    locations = Location.objects.bulk_create(
        Location(
            name=f"{rng.choice(PLACES)} venue {n}",
            address_1=f"{n} High Street",
            postcode=f"OL{1 + n % 9} {n % 10}AB",
            ward=wards[n % len(wards)],
        )
        for n in range(600)
    )
    online = Location.objects.create(name="Online", is_online=True)

    services = Service.objects.bulk_create(
        (
            Service(
                organisation=groups[n % len(groups)],
                name=f"{rng.choice(PLACES)} {rng.choice(ACTIVITIES)} {n}",
                description=(
                    f"A friendly {rng.choice(ACTIVITIES).lower()} session in "
                    f"{rng.choice(PLACES)} for anyone who would like to come along."
                ),
                minimum_age=rng.choice([None, None, 16, 18, 50]),
                eligibility_description="Everyone welcome.",
                accessibility="Step-free access.",
            )
            for n in range(size)
        ),
        batch_size=1000,
    )
    ServiceCategory.objects.bulk_create(
        (
            ServiceCategory(service=service, taxonomy_term=term)
            for service in services
            for term in rng.sample(children, rng.randint(1, 3))
        ),
        batch_size=2000,
    )
    ServiceLanguage.objects.bulk_create(
        (ServiceLanguage(service=service, name="English", code="en") for service in services),
        batch_size=2000,
    )
    contacts = Contact.objects.bulk_create(
        (
            Contact(service=service, name="Organiser", email="hello@example.org")
            for service in services
        ),
        batch_size=2000,
    )
    Phone.objects.bulk_create(
        (Phone(contact=contact, number="0161 770 0000") for contact in contacts), batch_size=2000
    )
    places = ServiceAtLocation.objects.bulk_create(
        (
            ServiceAtLocation(service=service, location=location)
            for service in services
            for location in ([rng.choice(locations)] + ([online] if rng.random() < 0.2 else []))
        ),
        batch_size=2000,
    )
    Schedule.objects.bulk_create(
        (
            Schedule(
                service_at_location=place,
                byday=",".join(sorted(rng.sample(DAYS, rng.randint(1, 2)), key=DAYS.index)),
                opens_at=clock(opening, 0),
                closes_at=clock(opening + 2, 0),
            )
            for place in places
            for opening in [rng.choice([9, 10, 13, 18])]
        ),
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"parent_term": parents[5], "service": services[size // 2]}


def time_page(client: Client, url: str, runs: int) -> tuple[float, int, int]:
    for _ in range(2):
        client.get(url)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.content[:200])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return statistics.median(timings), len(queries), len(response.content)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()

    if connection.vendor != "postgresql":
        print(
            "bench_oruk measures the API on PostgreSQL, as production runs it; the database "
            f"configured now is {connection.vendor}. Set DATABASE_URL=postgres://... and run "
            "it again.",
            file=sys.stderr,
        )
        return 2

    settings_dict = connection.settings_dict
    real_name = settings_dict["NAME"]
    settings_dict.setdefault("TEST", {})["NAME"] = f"bench_oruk_{os.getpid()}"
    print(f"Creating a throwaway database {settings_dict['TEST']['NAME']} (migrating)…")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        started = time.perf_counter()
        # Seeded so every run builds the same directory; nothing here is secret.
        made = build_directory(options.services, random.Random(2026))  # noqa: S311
        print(f"Built {options.services:,} services in {time.perf_counter() - started:.1f} s")
        per_page = 50
        deep = max(1, options.services // per_page - 10)
        pages = [
            ("services, page 1", "/oruk/services"),
            (f"services, deep page {deep}", f"/oruk/services?page={deep}"),
            ("services, search 'garden'", "/oruk/services?search=garden"),
            (
                f"services, taxonomy '{made['parent_term'].name}' (+children)",
                f"/oruk/services?taxonomy_term_id={made['parent_term'].id}",
            ),
            ("services, day=TU + start_time", "/oruk/services?day=TU&start_time=13:00"),
            ("service_at_locations, page 1", "/oruk/service_at_locations"),
            (
                f"service_at_locations, deep page {deep}",
                f"/oruk/service_at_locations?page={deep}",
            ),
            ("services/{id} (full detail)", f"/oruk/services/{made['service'].id}"),
        ]
        client = Client()
        print(f"\nMedian of {options.runs} requests each, {per_page} rows a page:\n")
        print(f"{'page':<52} {'median':>9} {'queries':>8} {'bytes':>8}")
        slowest = 0.0
        for label, url in pages:
            median, queries, size = time_page(client, url, options.runs)
            slowest = max(slowest, median)
            print(f"{label:<52} {median * 1000:>7.1f}ms {queries:>8} {size:>8,}")
        verdict = "OK" if slowest < TARGET_SECONDS else "TOO SLOW"
        print(f"\nSlowest median {slowest * 1000:.1f} ms (target: under 1 s): {verdict}")
        return 0 if slowest < TARGET_SECONDS else 1
    finally:
        connection.creation.destroy_test_db(real_name, verbosity=0, keepdb=False)
        print("Dropped the throwaway database.")


if __name__ == "__main__":
    sys.exit(main())
