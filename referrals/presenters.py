"""How referrals read on a page: status labels and tag colours, names, dates.

Templates stay plain: they ask a presenter rather than branching on status values.
"""

from datetime import date, datetime

from django.utils import timezone

from .workflow import Status

# NHS.UK tag colours. Closed outcomes are grey or red; waiting is blue; working is green.
_STATUS_TAG_CSS: dict[str, str] = {
    Status.SUBMITTED: "nhsuk-tag--blue",
    Status.ALLOCATED: "nhsuk-tag--purple",
    Status.ACCEPTED: "nhsuk-tag--aqua-green",
    Status.CONTACTING: "nhsuk-tag--yellow",
    Status.ENGAGED: "nhsuk-tag--green",
    Status.ON_HOLD: "nhsuk-tag--orange",
    Status.CLOSED: "nhsuk-tag--grey",
    Status.REJECTED: "nhsuk-tag--red",
    Status.DECLINED: "nhsuk-tag--white",
    Status.UNABLE_TO_CONTACT: "nhsuk-tag--pink",
}


def status_tag(status: str) -> dict[str, str]:
    """The label and NHS.UK tag class for a referral status (the label carries the meaning;
    the colour only helps)."""
    try:
        label = Status(status).label
    except ValueError:
        return {"label": str(status).replace("_", " ").capitalize(), "css": "nhsuk-tag--grey"}
    return {"label": label, "css": _STATUS_TAG_CSS[status]}


def person_name(referral) -> str:
    """'SMITH, Jane': the NHS convention for a patient's name in lists."""
    return f"{referral.family_name.upper()}, {referral.given_name}"


def format_date(value: date | datetime | None) -> str:
    """'3 March 2025' (a moment is shown in Europe/London)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return f"{value.day} {value:%B %Y}"


def format_datetime(value: datetime | None) -> str:
    """'3 March 2025 at 2:05pm' in Europe/London."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    hour = local.hour % 12 or 12
    return f"{local.day} {local:%B %Y} at {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"
