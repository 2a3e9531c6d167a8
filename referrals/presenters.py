"""How referrals read on a page: status labels and tag colours, names, dates.

Templates stay plain: they ask a presenter rather than branching on status values.
"""

from datetime import date, datetime

from django.utils import timezone

from thriving.core.suppression import SMALL_NUMBER_LIMIT, suppress

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


def small_number(count: int) -> str | int:
    """Issue 5's small-number rule for the referrer's provider table (thriving.core.suppression)."""
    return suppress(count)


def provider_response_row(response, *, fewest: int = SMALL_NUMBER_LIMIT) -> dict:
    """One provider's row of "How providers usually respond": counts through the
    small-number rule, and a figure only when it rests on at least `fewest` referrals."""
    if response.contacted >= fewest and response.median_working_days is not None:
        days = response.median_working_days
        number = f"{days:.0f}" if float(days).is_integer() else f"{days:.1f}"
        median = f"{number} working day{'' if number == '1' else 's'}"
    else:
        median = "Too few to show" if response.contacted else "None yet"
    if response.decided >= fewest:
        share = f"{round(100 * response.accepted / response.decided)}%"
    else:
        share = "Too few to show" if response.decided else "None yet"
    return {
        "name": response.name,
        "contacted": small_number(response.contacted),
        "median": median,
        "decided": small_number(response.decided),
        "share_accepted": share,
    }
