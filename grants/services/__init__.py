"""Every write in the grants app. Each checks the transition table and records an event.

Services take keyword-only arguments and never a request, so pages, the API and Celery
tasks share them. They check permission again (a service is the last door) and raise:
`PermissionDenied` (wrong person: 403), `TransitionNotAllowed` (not in this state: show the
message), `ValidationError` (input to correct: show it by the field).
"""

from ._common import PermissionDenied, TransitionNotAllowed
from .aftercare import (
    MAX_ATTACHMENTS_PER_REPORT,
    monitoring_attachment_add,
    monitoring_complete,
    monitoring_due_on,
    monitoring_open,
    monitoring_open_due,
    monitoring_report_submit,
    offer_accept,
    payment_record,
)
from .applying import (
    DRAFT_FIELDS,
    REFERENCE_PREFIX,
    application_create_draft,
    application_for_token,
    application_submit,
    application_update_draft,
    application_withdraw,
    submission_errors,
)
from .assessing import (
    eligibility_check_start,
    eligibility_fail,
    eligibility_pass,
    information_answer,
    information_request,
)
from .deciding import application_decide, application_return_to_panel
from .panel import conflict_declare, score_submit

__all__ = [
    "DRAFT_FIELDS",
    "MAX_ATTACHMENTS_PER_REPORT",
    "REFERENCE_PREFIX",
    "PermissionDenied",
    "TransitionNotAllowed",
    "application_create_draft",
    "application_for_token",
    "application_decide",
    "application_return_to_panel",
    "application_submit",
    "application_update_draft",
    "application_withdraw",
    "conflict_declare",
    "eligibility_check_start",
    "eligibility_fail",
    "eligibility_pass",
    "information_answer",
    "information_request",
    "monitoring_attachment_add",
    "monitoring_complete",
    "monitoring_due_on",
    "monitoring_open",
    "monitoring_open_due",
    "monitoring_report_submit",
    "offer_accept",
    "payment_record",
    "score_submit",
    "submission_errors",
]
