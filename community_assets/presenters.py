"""Words and tags for directory pages, so templates stay plain. No queries here."""

from datetime import time
from decimal import Decimal

from django.utils import timezone

from .models import Frequency, Service, ServiceStatus, Weekday

_DAY_NAMES = dict(Weekday.choices)
_ORDINALS = {"1": "first", "2": "second", "3": "third", "4": "fourth", "5": "fifth", "-1": "last"}

STATUS_TAGS = {
    ServiceStatus.ACTIVE: "green",
    ServiceStatus.TEMPORARILY_CLOSED: "yellow",
    ServiceStatus.INACTIVE: "grey",
    ServiceStatus.DEFUNCT: "red",
}


def status_tag(status: str) -> dict:
    return {"label": ServiceStatus(status).label, "colour": STATUS_TAGS[ServiceStatus(status)]}


def format_time(value: time | None) -> str:
    """09:30 -> '9:30am', 12:00 -> '12pm' (NHS.UK style)."""
    if value is None:
        return ""
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{suffix}"


def format_date(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value)
    return f"{value.day} {value:%B %Y}"


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def schedule_days(freq: str, byday: str) -> str:
    """'MO,WE' weekly -> 'Mondays and Wednesdays'; '1TU' monthly -> 'First Tuesday of the month'."""
    parts = [part for part in (byday or "").split(",") if part]
    if freq == Frequency.MONTHLY:
        words = []
        for part in parts:
            name = _DAY_NAMES.get(part[-2:], part)
            week = _ORDINALS.get(part[:-2])
            words.append(f"{week} {name}" if week else f"every {name}")
        text = _join(words) + " of the month"
        return text[0].upper() + text[1:]
    return _join([_DAY_NAMES.get(part, part) + "s" for part in parts])


def schedule_summary(schedule) -> str:
    days = schedule_days(schedule.freq, schedule.byday)
    if schedule.freq == Frequency.WEEKLY and schedule.interval > 1:
        days = f"Every {schedule.interval} weeks on {days}"
    times = f"{format_time(schedule.opens_at)} to {format_time(schedule.closes_at)}"
    return f"{days}, {times}"


def cost_summary(service: Service) -> str:
    if service.is_free:
        return "Free"
    amount = service.cost_amount or Decimal(0)
    text = f"£{amount:.2f} a session"
    if service.cost_description:
        text += f" ({service.cost_description})"
    return text


def age_summary(service: Service) -> str:
    low, high = service.minimum_age, service.maximum_age
    if low is None and high is None:
        return "All ages"
    if high is None:
        return f"Aged {low} and over"
    if low is None:
        return f"Aged up to {high}"
    return f"Aged {low} to {high}"


def location_address(location) -> str:
    if location.is_online:
        return "Online"
    parts = [location.address_1, location.address_2, location.city, location.postcode]
    return ", ".join(part for part in parts if part)


def active_filters(filterset, query) -> list[dict]:
    """The filters in use, each with a link that drops it (and goes back to page 1)."""
    if not filterset.is_bound or not filterset.form.is_valid():
        return []
    data = filterset.form.cleaned_data
    form = filterset.form
    chips = []
    for name, value in data.items():
        if value in (None, "", False) or name not in query:
            continue
        label = form.fields[name].label
        if name == "q":
            text = f"“{value}”"
        elif name == "age":
            text = f"{int(value)}"
        elif name in {"free", "taking_new_people"}:
            text = "Yes"
        elif hasattr(form.fields[name], "choices") and not hasattr(value, "pk"):
            text = dict(form.fields[name].choices).get(value, value).lstrip("— ")
        else:
            text = str(value)
        remaining = query.copy()
        remaining.pop(name, None)
        remaining.pop("page", None)
        chips.append(
            {"label": label, "value": text, "remove_query": remaining.urlencode(), "name": name}
        )
    return chips
