"""The referrals of the bench, in SQL: a plan of each referral's fate (from arithmetic on its
number, so two builds are the same), then its row, its reasons, its status events, its
connections and its wellbeing measures, each in one INSERT ... SELECT in time order."""

from datetime import datetime

from referrals.models import SWEMWBS_METRIC

from .sql import PLAN, SPAN_DAYS, insert, model_of, table_of

# Offsets in days from submission to each step, if the referral gets that far. r1, r2 and
# r3 are a referral's pseudo-random numbers (0-999, 0-996, 0-990).
_ALLOC = "CASE WHEN r3 %% 5 <> 0 THEN 0.00002 ELSE (r2 %% 4) * 0.3 + " + (
    "CASE WHEN r2 %% 10 = 9 THEN 2 ELSE 0 END END"
)
_ACCEPT = f"({_ALLOC}) + 0.2 + (r3 %% 3) * 0.8"
_CONTACT = f"({_ACCEPT}) + 0.01 + (r1 %% 5) * 0.6"
_ENGAGE = f"({_CONTACT}) + (r2 %% 3) * 1.5"
_HOLD = f"({_ENGAGE}) + 14"
_RESUME = f"({_HOLD}) + 14"
_ALLOCATED_PATHS = "path <> 'rejected' OR r1 >= 20"
_ACCEPTED_PATHS = "path <> 'rejected'"
_ENGAGED_PATHS = "path IN ('declined', 'full')"
_PATH = (
    "CASE WHEN r1 < 40 THEN 'rejected' WHEN r1 < 100 THEN 'unable' "
    "WHEN r1 < 170 THEN 'declined' ELSE 'full' END"
)
_CLOSE = (
    f"CASE path WHEN 'rejected' THEN ({_ALLOC}) + 1 WHEN 'unable' THEN ({_CONTACT}) + 10 "
    f"WHEN 'declined' THEN ({_ENGAGE}) + 1 + r3 %% 7 "
    f"ELSE ({_ENGAGE}) + 30 + r2 %% 90 + CASE WHEN held THEN 14 ELSE 0 END END"
)


def plan(cursor, count: int, now: datetime, people: dict, wards: list[int]) -> None:
    """One row per referral: its people, place, path and the moments of the steps it took."""
    step = "(submitted_at + make_interval(secs => ({}) * 86400))"

    def happened(offset: str, when: str = "true") -> str:
        moment = step.format(offset)
        return f"CASE WHEN ({when}) AND {moment} <= %(now)s THEN {moment} END"

    workers = len(people["link_workers"])
    per_provider = workers // len(people["providers"])
    cursor.execute(f"DROP TABLE IF EXISTS {PLAN}", {})
    cursor.execute(
        f"CREATE TEMP TABLE {PLAN} AS SELECT i, id, r1, r2, r3, path, held, ward_id, "  # noqa: S608
        "referrer_id, practice_id, provider_id, worker_id, submitted_at, "
        f"{happened(_ALLOC, _ALLOCATED_PATHS)} AS allocated_at, "
        f"{happened(_ACCEPT, _ACCEPTED_PATHS)} AS accepted_at, "
        f"{happened(_CONTACT, _ACCEPTED_PATHS)} AS contacted_at, "
        f"{happened(_ENGAGE, _ENGAGED_PATHS)} AS engaged_at, "
        f"{happened(_HOLD, 'held')} AS held_at, "
        f"{happened(_RESUME, 'held')} AS resumed_at, "
        f"{happened(_CLOSE)} AS closed_at "
        "FROM (SELECT s.*, "
        f"{_PATH} AS path, "
        "r1 >= 170 AND r3 %% 25 = 0 AS held, "
        f"(%(wards)s::bigint[])[1 + (i %% 1000 * 31 + r3) %% {len(wards)}] AS ward_id, "
        f"(%(referrers)s::bigint[])[1 + i %% {len(people['referrers'])}] AS referrer_id, "
        f"(%(practices)s::uuid[])[1 + i %% {len(people['practices'])}] AS practice_id, "
        f"(%(providers)s::uuid[])[1 + (i %% {workers}) / {per_provider}] AS provider_id, "
        f"(%(workers)s::bigint[])[1 + i %% {workers}] AS worker_id "
        "FROM (SELECT n::int AS i, gen_random_uuid() AS id, "
        "((n * 7919) %% 1000)::int AS r1, ((n * 6271 + 17) %% 997)::int AS r2, "
        "((n * 3571 + 7) %% 991)::int AS r3, "
        "%(now)s::timestamptz - make_interval(secs => "
        "((n - 1) * %(span)s::float8 / %(count)s + (n %% 97) / 194.0) * 86400 + 600) "
        "AS submitted_at FROM generate_series(1::bigint, %(count)s) AS n) AS s) AS p",
        {
            "now": now,
            "span": SPAN_DAYS,
            "count": count,
            "wards": wards,
            "referrers": people["referrers"],
            "practices": people["practices"],
            "providers": people["providers"],
            "workers": people["link_workers"],
        },
    )
    cursor.execute(f"ANALYZE {PLAN}")


_STATUS = (
    "CASE WHEN closed_at IS NOT NULL THEN CASE path WHEN 'rejected' THEN 'rejected' "
    "WHEN 'unable' THEN 'unable_to_contact' WHEN 'declined' THEN 'declined' ELSE 'closed' END "
    "WHEN held_at IS NOT NULL AND resumed_at IS NULL THEN 'on_hold' "
    "WHEN engaged_at IS NOT NULL THEN 'engaged' WHEN contacted_at IS NOT NULL THEN 'contacting' "
    "WHEN accepted_at IS NOT NULL THEN 'accepted' WHEN allocated_at IS NOT NULL THEN 'allocated' "
    "ELSE 'submitted' END"
)
_CLOSE_REASON = (
    "CASE WHEN closed_at IS NULL THEN '' ELSE CASE path WHEN 'rejected' THEN 'not_suitable' "
    "WHEN 'unable' THEN 'no_response' WHEN 'declined' THEN 'person_declined' "
    "ELSE (ARRAY['goals_met', 'connected', 'no_longer_needed', 'moved_away'])[1 + r2 %% 4] "
    "END END"
)
# A start measure for 8 in 10 engaged cases; an end measure for 7 in 10 of those closed.
_STARTED = "engaged_at IS NOT NULL AND r3 %% 10 < 8"
_ENDED = f"{_STARTED} AND path = 'full' AND closed_at IS NOT NULL AND r2 %% 10 < 7"


def referrals(cursor, now: datetime) -> None:
    source = f"FROM {PLAN} ORDER BY submitted_at"  # noqa: S608 - in time order, as in life
    engaged_ever = "engaged_at IS NOT NULL"
    insert(
        cursor,
        "referrals.Referral",
        {
            "id": "id",
            "reference": "'TC-B' || lpad(i::text, 8, '0')",
            "nhs_number": "lpad((9000000000 + i)::text, 10, '0')",
            "given_name": "'Bench'",
            "family_name": "'Person ' || i",
            "date_of_birth": "DATE '1950-01-01' + i %% 20000",
            "address_line_1": "'1 High Street'",
            "postcode": "'OL1 1AA'",
            "ward_id": "ward_id",
            "consent_to_referral": "true",
            "consent_to_share": "true",
            "referrer_id": "referrer_id",
            "referring_organisation_id": "practice_id",
            "status": _STATUS,
            "status_before_hold": f"CASE WHEN ({_STATUS}) = 'on_hold' THEN 'engaged' ELSE '' END",
            "provider_id": "CASE WHEN allocated_at IS NULL THEN NULL ELSE provider_id END",
            "link_worker_id": "CASE WHEN accepted_at IS NULL THEN NULL ELSE worker_id END",
            "what_matters": f"CASE WHEN {engaged_ever} THEN 'To get out more.' ELSE '' END",
            "what_matters_recorded_at": "engaged_at",
            "next_contact_date": f"CASE WHEN ({_STATUS}) = 'engaged' THEN "
            "%(now)s::date + 7 + r1 %% 21 END",
            "close_reason": _CLOSE_REASON,
            "no_end_measure_reason": "CASE WHEN closed_at IS NULL OR path = 'rejected' THEN '' "
            f"WHEN {_ENDED} THEN '' WHEN path = 'unable' THEN 'unable_to_contact' "
            "ELSE 'declined' END",
            "submitted_at": "submitted_at",
            "allocated_at": "allocated_at",
            "accepted_at": "accepted_at",
            "first_contact_at": "contacted_at",
            "closed_at": "closed_at",
            "updated_at": "GREATEST(submitted_at, allocated_at, accepted_at, contacted_at, "
            "engaged_at, held_at, resumed_at, closed_at)",
        },
        source,
        {"now": now},
    )
    through = model_of("referrals.Referral").reasons.through
    reasons = list(model_of("referrals.ReferralReason").objects.values_list("pk", flat=True))
    n = len(reasons)
    cursor.execute(
        f"INSERT INTO {through._meta.db_table} (referral_id, referralreason_id) "  # noqa: S608
        "SELECT id, reason FROM ("
        f"SELECT id, submitted_at, (%(reasons)s::bigint[])[1 + r2 %% {n}] AS reason "
        f"FROM {PLAN} UNION ALL SELECT id, submitted_at, "
        f"(%(reasons)s::bigint[])[1 + (r2 + 1 + r3 %% {n - 1}) %% {n}] "
        f"FROM {PLAN} WHERE r3 %% 2 = 0) AS given ORDER BY submitted_at",
        {"reasons": reasons},
    )


def events(cursor) -> int:
    """Every status event of every referral: the journey as far as it got."""
    closed_from = (
        "CASE path WHEN 'rejected' THEN CASE WHEN allocated_at IS NULL THEN 'submitted' "
        "ELSE 'allocated' END WHEN 'unable' THEN 'contacting' ELSE 'engaged' END"
    )
    steps = [
        ("submitted_at", "referrer_id", "''", "'submitted'", "Referral submitted"),
        ("allocated_at", "NULL::bigint", "'submitted'", "'allocated'", "Allocated by the rule"),
        ("accepted_at", "worker_id", "'allocated'", "'accepted'", "Accepted"),
        ("contacted_at", "worker_id", "'accepted'", "'contacting'", "First contact attempt"),
        ("engaged_at", "worker_id", "'contacting'", "'engaged'", "Spoke to the person"),
        ("held_at", "worker_id", "'engaged'", "'on_hold'", "In hospital for a while"),
        ("resumed_at", "worker_id", "'on_hold'", "'engaged'", "Resumed"),
        ("closed_at", "worker_id", closed_from, _STATUS, "Closed"),
    ]
    values = ", ".join(
        f"({step}, {at}, {actor}, {from_status}, {to_status}, '{reason}')"
        for step, (at, actor, from_status, to_status, reason) in enumerate(steps)
    )
    cursor.execute(
        f"INSERT INTO {table_of('referrals.ReferralEvent')} "  # noqa: S608
        "(referral_id, at, actor_id, kind, from_status, to_status, reason) "
        "SELECT p.id, v.at, v.actor, 'status', v.from_status, v.to_status, v.reason "
        f"FROM {PLAN} AS p CROSS JOIN LATERAL (VALUES {values}) "
        "AS v(step, at, actor, from_status, to_status, reason) WHERE v.at IS NOT NULL "
        "ORDER BY v.at, v.step",
        {},
    )
    return cursor.rowcount


def connections(cursor, services: list[str], now: datetime) -> int:
    """One connection for 6 in 10 engaged cases, a second for 2 in 10, at various stages."""
    n = len(services)
    day = "(engaged_at AT TIME ZONE 'Europe/London')::date"
    today = "(%(now)s::timestamptz AT TIME ZONE 'Europe/London')::date"
    status = (
        "CASE WHEN r3 %% 10 < 5 THEN 'attending' WHEN r3 %% 10 < 7 THEN 'contacted' "
        "WHEN r3 %% 10 < 9 THEN 'not_taken_up' ELSE 'suggested' END"
    )
    return insert(
        cursor,
        "referrals.Connection",
        {
            "id": "gen_random_uuid()",
            "referral_id": "id",
            "service_id": f"(%(services)s::uuid[])[1 + (i + nth) %% {n}]",
            "status": status,
            "suggested_on": f"LEAST({day} + 3, {today})",
            "contacted_on": f"CASE WHEN ({status}) IN ('attending', 'contacted') "
            f"THEN LEAST({day} + 8, {today}) END",
            "attending_from": f"CASE WHEN ({status}) = 'attending' "
            f"THEN LEAST({day} + 15, {today}) END",
            "ended_on": f"CASE WHEN ({status}) = 'not_taken_up' "
            f"THEN LEAST({day} + 12, {today}) END",
            "created_by_id": "worker_id",
            "created_at": "engaged_at",
            "updated_at": "engaged_at",
        },
        f"FROM {PLAN} CROSS JOIN (VALUES (0, 6), (1, 2)) AS c(nth, share) "  # noqa: S608
        "WHERE engaged_at IS NOT NULL AND r2 %% 10 < share ORDER BY engaged_at, nth",
        {"services": services, "now": now},
    )


def measures(cursor) -> int:
    """ONS4 and SWEMWBS at the start (on engagement) and at the end (on closing)."""
    metric = "ARRAY[" + ", ".join(SWEMWBS_METRIC[raw] for raw in range(7, 36)) + "]::numeric[]"
    ons4 = "m.instrument = 'ons4'"
    swemwbs = "m.instrument = 'swemwbs'"
    lift = "(CASE WHEN m.timepoint = 'end' THEN 1 ELSE 0 END)"
    items = {
        f"swemwbs_{k}": f"CASE WHEN {swemwbs} THEN LEAST(5, 1 + (r1 * {k} + r2 + {k * k}) %% 4 "
        f"+ CASE WHEN {lift} = 1 AND (r3 + {k}) %% 3 <> 0 THEN 1 ELSE 0 END) END"
        for k in range(1, 8)
    }
    raw = " + ".join(f"({item})" for item in items.values())
    moment = "CASE WHEN m.timepoint = 'start' THEN engaged_at ELSE closed_at END"
    return insert(
        cursor,
        "referrals.OutcomeMeasure",
        {
            "referral_id": "id",
            "instrument": "m.instrument",
            "timepoint": "m.timepoint",
            "taken_on": f"(({moment}) AT TIME ZONE 'Europe/London')::date",
            "recorded_by_id": "worker_id",
            "recorded_at": moment,
            "ons_life_satisfaction": f"CASE WHEN {ons4} "
            f"THEN LEAST(10, 3 + r1 %% 4 + {lift} * 2) END",
            "ons_worthwhile": f"CASE WHEN {ons4} THEN LEAST(10, 4 + r2 %% 4 + {lift}) END",
            "ons_happiness": f"CASE WHEN {ons4} THEN LEAST(10, 3 + r3 %% 5 + {lift} * 2) END",
            "ons_anxiety": f"CASE WHEN {ons4} THEN GREATEST(0, 5 + r1 %% 4 - {lift} * 2) END",
            **items,
            "swemwbs_raw": f"CASE WHEN {swemwbs} THEN {raw} END",
            "swemwbs_metric": f"CASE WHEN {swemwbs} THEN ({metric})[({raw}) - 6] END",
        },
        f"FROM {PLAN} CROSS JOIN (VALUES ('start', 'ons4'), ('start', 'swemwbs'), "  # noqa: S608
        "('end', 'ons4'), ('end', 'swemwbs')) AS m(timepoint, instrument) "
        f"WHERE CASE WHEN m.timepoint = 'start' THEN {_STARTED} ELSE {_ENDED} END "
        f"ORDER BY {moment}, m.instrument",
        {},
    )
