"""How cases read on the provider's pages: the next action on a case, when it is due, and
the tags that mark urgency and lateness.

Pure functions of rows already loaded: no queries, so a list of sixty cases costs what a list
of one does. The targets are the service's commitments in PRODUCT.md.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from thriving.core.dates import add_working_days

from .models import Urgency
from .workflow import FAILED_ATTEMPTS_BEFORE_UNABLE_TO_CONTACT, Status

FIRST_CONTACT_WORKING_DAYS = 2
NEXT_ATTEMPT_WORKING_DAYS = 2
FOLLOW_UP_DAYS = 28


@dataclass(frozen=True)
class NextAction:
    label: str
    due: date
    overdue: bool


@dataclass(frozen=True)
class CaseRow:
    referral: object
    action: NextAction | None

    @property
    def overdue(self) -> bool:
        return self.action is not None and self.action.overdue


def _local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def next_action(referral, *, today: date, failed_attempts: int = 0) -> NextAction | None:
    """What the link worker should do next on an open case, and by when.

    - accepted, no contact yet: first contact attempt, 2 working days after acceptance;
    - contacting: the next attempt, on the date they set or 2 working days after the last
      activity (after three failed attempts: try again or close as unable to contact);
    - engaged: the next contact date they set, else a follow-up 4 weeks after the last activity;
    - on hold: resume or close, by the next contact date or 4 weeks after it was paused.
    """
    last_activity = _local_date(referral.updated_at or timezone.now())
    status = referral.status
    if status == Status.ACCEPTED:
        accepted = _local_date(referral.accepted_at) if referral.accepted_at else last_activity
        label = "First contact attempt"
        due = add_working_days(accepted, FIRST_CONTACT_WORKING_DAYS)
    elif status == Status.CONTACTING:
        label = (
            "Try again or close as unable to contact"
            if failed_attempts >= FAILED_ATTEMPTS_BEFORE_UNABLE_TO_CONTACT
            else "Next contact attempt"
        )
        due = referral.next_contact_date or add_working_days(
            last_activity, NEXT_ATTEMPT_WORKING_DAYS
        )
    elif status == Status.ENGAGED:
        if referral.next_contact_date:
            label, due = "Next contact", referral.next_contact_date
        else:
            label, due = "Follow-up", last_activity + timedelta(days=FOLLOW_UP_DAYS)
    elif status == Status.ON_HOLD:
        label = "Resume or close"
        due = referral.next_contact_date or last_activity + timedelta(days=FOLLOW_UP_DAYS)
    else:
        return None
    return NextAction(label=label, due=due, overdue=due < today)


def case_rows(referrals, *, today: date) -> list[CaseRow]:
    """Rows for a caseload: each referral with its next action. Reads the `failed_attempts`
    annotation that selectors.caseload_for adds, when there is one."""
    return [
        CaseRow(
            referral=r,
            action=next_action(r, today=today, failed_attempts=getattr(r, "failed_attempts", 0)),
        )
        for r in referrals
    ]


SORT_KEYS = {
    "due": lambda row: (row.action is None, row.action.due if row.action else date.max),
    "submitted": lambda row: row.referral.submitted_at,
    "name": lambda row: (row.referral.family_name.lower(), row.referral.given_name.lower()),
}


def sort_rows(rows: list[CaseRow], key: str) -> list[CaseRow]:
    """Sort stably, so cases due the same day keep the longest-waiting first."""
    rows = sorted(rows, key=SORT_KEYS["submitted"])
    return sorted(rows, key=SORT_KEYS.get(key) or SORT_KEYS["due"])


def urgency_tag(urgency: str) -> dict[str, str] | None:
    """Urgent referrals carry a red 'Urgent' tag; routine ones no tag (the word is the signal)."""
    if urgency == Urgency.URGENT:
        return {"label": "Urgent", "css": "nhsuk-tag--red"}
    return None


def age_on(date_of_birth: date, today: date) -> int:
    years = today.year - date_of_birth.year
    if (today.month, today.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years
