"""Every read a grants page, the API or an export needs, scoped to what the user may see.

A view reaches data only through these: an application outside the user's scope raises
`DoesNotExist` (the view's 404), never a 403 that would confirm it exists. Lists come with
what their pages show already joined, so a page of 25 or of 50 rows costs the same queries.
"""

from .applications import (
    EligibilityRow,
    application_get,
    application_timeline,
    applications_for,
    applications_of_groups,
    attachment_get,
    budget_lines_of,
    eligibility_rows,
    information_requests_of,
    open_information_request,
    payments_of,
    round_queue,
)
from .measures import (
    DecisionTime,
    RoundBudget,
    RoundDecisionTimes,
    committed_total,
    decision_times,
    decision_working_days,
    round_budget,
)
from .panel import (
    PANEL_SUMMARY_FIELDS,
    ApplicationSummary,
    CriterionResult,
    DecisionRecord,
    PanelApplication,
    QuorumStatus,
    decision_record,
    declaration_for,
    panel_application_get,
    panel_queue,
    quorum_status,
    scores_visible_to,
    summary_of,
)
from .publication import grants_for_publication
from .rounds import panel_rounds, round_get, rounds_for, rounds_open

__all__ = [
    "PANEL_SUMMARY_FIELDS",
    "ApplicationSummary",
    "CriterionResult",
    "DecisionRecord",
    "DecisionTime",
    "EligibilityRow",
    "PanelApplication",
    "QuorumStatus",
    "RoundBudget",
    "RoundDecisionTimes",
    "application_get",
    "application_timeline",
    "applications_for",
    "applications_of_groups",
    "attachment_get",
    "budget_lines_of",
    "committed_total",
    "decision_record",
    "decision_times",
    "decision_working_days",
    "declaration_for",
    "eligibility_rows",
    "grants_for_publication",
    "information_requests_of",
    "open_information_request",
    "panel_application_get",
    "panel_queue",
    "panel_rounds",
    "payments_of",
    "quorum_status",
    "round_budget",
    "round_get",
    "round_queue",
    "rounds_for",
    "rounds_open",
    "scores_visible_to",
    "summary_of",
]
