"""How grants read on a page: status labels and tag colours, money, dates, percentages.

Pure functions of values already loaded, so templates stay plain and lists cost no queries.
"""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from .models import format_money
from .workflow import Status

# NHS.UK tag colours. The label always carries the meaning; the colour only helps.
_STATUS_TAG_CSS: dict[str, str] = {
    Status.DRAFT: "nhsuk-tag--grey",
    Status.SUBMITTED: "nhsuk-tag--blue",
    Status.ELIGIBILITY_CHECK: "nhsuk-tag--purple",
    Status.MORE_INFORMATION: "nhsuk-tag--yellow",
    Status.PANEL_REVIEW: "nhsuk-tag--aqua-green",
    Status.APPROVED: "nhsuk-tag--green",
    Status.DECLINED: "nhsuk-tag--red",
    Status.DEFERRED: "nhsuk-tag--orange",
    Status.OFFER_ACCEPTED: "nhsuk-tag--green",
    Status.PAID: "nhsuk-tag--green",
    Status.MONITORING_DUE: "nhsuk-tag--yellow",
    Status.COMPLETED: "nhsuk-tag--white",
    Status.WITHDRAWN: "nhsuk-tag--grey",
    Status.INELIGIBLE: "nhsuk-tag--red",
}

# What the group is told about where its application has got to.
_APPLICANT_NEXT_STEP: dict[str, str] = {
    Status.DRAFT: "Finish your application and submit it.",
    Status.SUBMITTED: "A grant officer will check that your application is eligible.",
    Status.ELIGIBILITY_CHECK: "A grant officer is checking that your application is eligible.",
    Status.MORE_INFORMATION: "We need more information from you: answer the question below.",
    Status.PANEL_REVIEW: "The grant panel is scoring your application.",
    Status.APPROVED: "Your grant has been approved. Accept the offer below.",
    Status.DECLINED: "Your application was not successful.",
    Status.DEFERRED: "The panel has put off its decision. We will be in touch.",
    Status.OFFER_ACCEPTED: "You have accepted the offer. We will pay the grant soon.",
    Status.PAID: "Your grant has been paid. Send your monitoring report when the project ends.",
    Status.MONITORING_DUE: "Your monitoring report is due.",
    Status.COMPLETED: "Your grant is complete. Thank you.",
    Status.WITHDRAWN: "You withdrew this application.",
    Status.INELIGIBLE: "Your application was not eligible.",
}


def status_tag(status: str) -> dict[str, str]:
    try:
        label = Status(status).label
    except ValueError:
        return {"label": str(status).replace("_", " ").capitalize(), "css": "nhsuk-tag--grey"}
    return {"label": label, "css": _STATUS_TAG_CSS[status]}


def applicant_next_step(status: str) -> str:
    return _APPLICANT_NEXT_STEP.get(status, "")


def money(amount: Decimal | None) -> str:
    """£1,234.50 and £50; empty for no amount."""
    return format_money(amount)


def format_date(value: date | datetime | None) -> str:
    """'3 March 2026' (a moment is shown in Europe/London)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return f"{value.day} {value:%B %Y}"


def format_datetime(value: datetime | None) -> str:
    """'3 March 2026 at 2:05pm' in Europe/London."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    hour = local.hour % 12 or 12
    return f"{local.day} {local:%B %Y} at {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


def percentage(share: float | None) -> str:
    """0.8333 → '83%'; empty when there is nothing to measure."""
    if share is None:
        return ""
    return f"{round(share * 100)}%"


def working_days(days: float | int | None) -> str:
    if days is None:
        return ""
    shown = int(days) if float(days).is_integer() else round(float(days), 1)
    return f"{shown} working day{'' if shown == 1 else 's'}"
