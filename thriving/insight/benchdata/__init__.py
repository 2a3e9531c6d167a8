"""Builds a programme at scale for `manage.py bench_insight`, in SQL, in a few minutes.

A million referrals over four years (the newest today), each with the status events of its
journey (submitted, allocated, accepted, contacting, engaged, sometimes on hold and back,
closed or rejected: 5 to 6 per referral), one or two reasons, connections to directory
listings for most engaged cases, and ONS4 and SWEMWBS measures at the start and the end; the
directory's listings in every ward, and grants awarded to community groups in the wards.

Every row is made by INSERT ... SELECT over generate_series. A referral's fate comes from
arithmetic on its number (no random(), so two builds are the same), and a step it would take
after `now` has not happened: the recent referrals are the open ones. The organisations and
people are bench_reminders' (five providers of 40 link workers, 20 practices), plus a council
with a programme lead.

Rows go in in time order, as a live database gets them (which matters to index scans on
dates), with the big tables' secondary indexes built after the load; the build ends with
VACUUM ANALYZE, as autovacuum would leave a live database.

PostgreSQL only (gen_random_uuid, make_interval, LATERAL); the bench database only.
"""

from .build import bench_build
from .organisations import (
    COORDINATOR_EMAIL,
    LEAD_EMAIL,
    BenchPeople,
    bench_built,
    bench_people,
)

__all__ = [
    "COORDINATOR_EMAIL",
    "LEAD_EMAIL",
    "BenchPeople",
    "bench_build",
    "bench_built",
    "bench_people",
]
