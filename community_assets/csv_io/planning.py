"""Planning an import: what each row would create, update, leave or reject, and why.

Reads only: nothing here writes to the database.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.db.models.functions import Lower

from thriving.accounts.models import Organisation, User
from thriving.core.validators import normalise_postcode

from ..models import (
    Frequency,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from ..services.listings import (
    ContactInput,
    ListingInput,
    PlaceInput,
    listing_changes,
    listing_input_from_service,
)
from .reading import (
    LISTING_COLUMNS,
    LOCATION_COLUMNS,
    PLACE_COLUMNS,
    SCHEDULE_COLUMNS,
    SERVICE_COLUMNS,
    error_messages,
    parse_days,
    parse_money,
    parse_status,
    parse_time,
    parse_whole_number,
    parse_yes_no,
    split_list,
)


@dataclass
class RowPlan:
    row: int
    action: str  # create, update, unchanged, reject
    organisation: str = ""
    service: str = ""
    place: str = ""
    reasons: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "action": self.action,
            "organisation": self.organisation,
            "service": self.service,
            "place": self.place,
            "reasons": self.reasons,
            "changes": self.changes,
            "notes": self.notes,
        }


@dataclass
class ListingPlan:
    """The rows of one listing, and what importing them would do."""

    rows: list[RowPlan]
    listing: ListingInput | None = None
    service: Service | None = None
    organisation_name: str = ""
    action: str = "reject"


class _Lookups:
    """Everything rows refer to, read in a few queries for the whole file."""

    def __init__(self, rows: list[dict[str, str]]):
        self.terms = {term.code.lower(): term for term in TaxonomyTerm.objects.all()}
        self.organisations = {}
        for organisation in Organisation.objects.order_by("-created_at"):
            self.organisations[organisation.name.lower()] = organisation
        emails = {row["keeper_email"].lower() for row in rows if row["keeper_email"]}
        self.users = {
            user.email.lower(): user
            for user in User.objects.annotate(email_lower=Lower("email")).filter(
                email_lower__in=emails, is_active=True
            )
        }
        ids, names = set(), set()
        for row in rows:
            try:
                ids.add(UUID(row["service_id"])) if row["service_id"] else None
            except ValueError:
                continue
            names.add(row["name"].lower())
            if row["service_id"]:
                try:
                    ids.add(UUID(row["service_id"]))
                except ValueError:
                    continue
        services = with_everything(
            Service.objects.annotate(name_lower=Lower("name")).filter(
                Q(pk__in=ids) | Q(name_lower__in=names)
            )
        )
        self.services_by_id = {}
        self.services_by_name = {}
        for service in services:
            self.services_by_id[service.pk] = service
            self.services_by_name[(service.organisation_id, service.name.lower())] = service


def with_everything(queryset):
    return queryset.select_related("organisation", "keeper").prefetch_related(
        "categories",
        "languages",
        "contacts__phones",
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location"),
        ),
        "service_at_locations__schedules",
    )


def _group_key(row: dict[str, str]) -> tuple:
    if row["service_id"]:
        return ("id", row["service_id"].lower())
    return ("name", row["organisation"].lower(), row["name"].lower())


def _place(row: dict[str, str]) -> PlaceInput | None:
    if not any(row[name] for name in PLACE_COLUMNS):
        return None
    is_online = parse_yes_no(row["online"], "online", default=False)
    if not row["location_name"]:
        raise ValidationError(
            "location_name: give the place a name, like “Werneth Community Centre” or “Online”."
        )
    freq = (row["frequency"] or "").upper()
    has_schedule = any(row[name] for name in ("frequency", "days", "opens_at", "closes_at"))
    if has_schedule:
        if freq and freq not in Frequency.values:
            raise ValidationError(f"frequency: write weekly or monthly, not “{row['frequency']}”.")
        freq = freq or Frequency.WEEKLY
        missing = [name for name in ("days", "opens_at", "closes_at") if not row[name]]
        if missing:
            raise ValidationError(
                "A schedule needs days, opens_at and closes_at: fill in " + ", ".join(missing) + "."
            )
    place = PlaceInput(
        location_name=row["location_name"],
        is_online=is_online,
        address_1="" if is_online else row["address_1"],
        address_2="" if is_online else row["address_2"],
        city="" if is_online else (row["city"] or "Oldham"),
        postcode="" if is_online else (normalise_postcode(row["postcode"]) or row["postcode"]),
        freq=freq if has_schedule else "",
        interval=(parse_whole_number(row["interval"], "interval") or 1) if has_schedule else 1,
        byday=parse_days(row["days"], freq == Frequency.MONTHLY) if has_schedule else "",
        opens_at=parse_time(row["opens_at"], "opens_at"),
        closes_at=parse_time(row["closes_at"], "closes_at"),
        schedule_description=row["schedule_description"],
    )
    location = Location(
        name=place.location_name,
        is_online=place.is_online,
        address_1=place.address_1,
        address_2=place.address_2,
        city=place.city,
        postcode=place.postcode,
    )
    try:
        location.full_clean(exclude=["ward"])
    except ValidationError as error:
        raise ValidationError(error_messages(error, LOCATION_COLUMNS)) from None
    if place.has_schedule:
        schedule = Schedule(
            freq=place.freq,
            interval=place.interval,
            byday=place.byday,
            opens_at=place.opens_at,
            closes_at=place.closes_at,
            description=place.schedule_description,
        )
        try:
            schedule.full_clean(exclude=["service_at_location"])
        except ValidationError as error:
            raise ValidationError(error_messages(error, SCHEDULE_COLUMNS)) from None
    return place


def _listing_fields(row: dict[str, str]) -> dict:
    cost = parse_money(row["cost_per_session"])
    return {
        "name": row["name"],
        "description": row["description"],
        "status": parse_status(row["status"]),
        "url": row["website"],
        "email": row["email"],
        "is_free": parse_yes_no(row["free"], "free", default=cost is None),
        "cost_amount": cost,
        "cost_description": row["cost_description"],
        "minimum_age": parse_whole_number(row["minimum_age"], "minimum_age"),
        "maximum_age": parse_whole_number(row["maximum_age"], "maximum_age"),
        "eligibility_description": row["eligibility"],
        "accessibility": row["accessibility"],
        "taking_new_people": parse_yes_no(
            row["taking_new_people"], "taking_new_people", default=True
        ),
    }


def _plan_listing(rows: list[tuple[int, dict]], lookups: _Lookups) -> ListingPlan:
    first_number, first = rows[0]
    plans = [
        RowPlan(
            row=number,
            action="reject",
            organisation=row["organisation"],
            service=row["name"],
            place=row["location_name"] or "(no place)",
        )
        for number, row in rows
    ]
    result = ListingPlan(rows=plans, organisation_name=first["organisation"])
    for plan, (_number, row) in zip(plans[1:], rows[1:], strict=True):
        differing = [name for name in LISTING_COLUMNS if row[name] != first[name]]
        if differing:
            plan.reasons.append(
                f"This row gives different listing details from row {first_number} "
                f"({', '.join(differing)}). Every row of a listing must repeat them exactly."
            )

    errors: list[str] = []
    service = None
    if first["service_id"]:
        try:
            service = lookups.services_by_id.get(UUID(first["service_id"]))
        except ValueError:
            errors.append("service_id: this is not a listing id. Leave it empty for a new listing.")
        else:
            if service is None:
                errors.append(
                    "service_id: no listing has this id. Leave it empty to add a new listing."
                )
    if not first["organisation"]:
        errors.append("organisation: say which organisation runs the listing.")
    organisation = lookups.organisations.get(first["organisation"].lower())
    if service is None and organisation is not None:
        service = lookups.services_by_name.get((organisation.pk, first["name"].lower()))

    fields, categories, keeper, places = {}, [], None, []
    try:
        fields = _listing_fields(first)
    except ValidationError as error:
        errors.extend(error_messages(error))
    for code in split_list(first["categories"]):
        term = lookups.terms.get(code.lower())
        if term is None:
            errors.append(
                f"categories: there is no category with the code “{code}”. "
                "See the list of codes in the directory's CSV guide."
            )
        else:
            categories.append(term)
    if first["keeper_email"]:
        keeper = lookups.users.get(first["keeper_email"].lower())
        if keeper is None:
            errors.append(
                f"keeper_email: nobody with the email {first['keeper_email']} can sign in here."
            )
    for plan, (_number, row) in zip(plans, rows, strict=True):
        try:
            place = _place(row)
        except ValidationError as error:
            plan.reasons.extend(error_messages(error))
        else:
            if place is not None:
                places.append(place)
    keys = [(p.location_key, p.freq, p.byday, p.opens_at, p.closes_at) for p in places]
    if len(keys) != len(set(keys)):
        errors.append("The same place and times appear on two rows of this listing.")

    if fields and not errors:
        candidate = Service(
            pk=service.pk if service else None,
            organisation=organisation or Organisation(name=first["organisation"]),
            **fields,
        )
        if service is not None:
            candidate._state.adding = False
        try:
            candidate.full_clean(
                exclude=["keeper", "last_verified_by"]
                + ([] if organisation and organisation.pk else ["organisation"])
            )
        except ValidationError as error:
            errors.extend(error_messages(error, SERVICE_COLUMNS))
    plans[0].reasons[:0] = errors
    if any(plan.reasons for plan in plans):
        for plan in plans:
            if not plan.reasons:
                plan.reasons.append(
                    f"Another row of this listing (row {first_number}) is rejected."
                )
        return result

    listing = ListingInput(
        organisation=organisation,
        fields=fields,
        categories=categories,
        languages=split_list(first["languages"]),
        contact=ContactInput(
            name=first["contact_name"], title=first["contact_title"], phone=first["contact_phone"]
        ),
        places=places,
        keeper=keeper,
        new_organisation_name="" if organisation else first["organisation"],
    )
    result.listing, result.service = listing, service
    if service is None:
        result.action = "create"
        notes = []
        if organisation is None:
            notes.append(f"Adds the organisation “{first['organisation']}” as a community group.")
        for plan in plans:
            plan.action, plan.notes = "create", notes
        return result
    current = listing_input_from_service(service)
    if keeper is None:
        listing.keeper = current.keeper
    changes = ["organisation"] if organisation is None else listing_changes(current, listing)
    result.action = "update" if changes else "unchanged"
    for plan in plans:
        plan.action, plan.changes = result.action, changes
    return result


def plan_import(
    rows: list[dict[str, str]], progress: Callable[[int], None] | None = None
) -> list[ListingPlan]:
    """What importing these rows would do, listing by listing. Writes nothing."""
    lookups = _Lookups(rows)
    groups: dict[tuple, list[tuple[int, dict]]] = {}
    for index, row in enumerate(rows):
        # Row numbers as a spreadsheet shows them: the header is row 1.
        groups.setdefault(_group_key(row), []).append((index + 2, row))
    plans, done = [], 0
    claimed: dict = {}
    for group_rows in groups.values():
        plan = _plan_listing(group_rows, lookups)
        if plan.service is not None:
            if plan.service.pk in claimed:
                for row in plan.rows:
                    row.action = "reject"
                    row.reasons.append(
                        f"Rows {claimed[plan.service.pk]} and {row.row} both describe the "
                        f"listing “{plan.service.name}”. Put all its places on rows that "
                        "repeat the same listing details."
                    )
                plan.action = "reject"
            else:
                claimed[plan.service.pk] = plan.rows[0].row
        plans.append(plan)
        done += len(group_rows)
        if progress is not None:
            progress(done)
    return plans


def row_plans(plans: list[ListingPlan]) -> list[dict]:
    rows = [row for plan in plans for row in plan.rows]
    return [row.as_dict() for row in sorted(rows, key=lambda row: row.row)]
