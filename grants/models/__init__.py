"""The grants app's models, one module per stage of a grant's life."""

from .aftercare import (
    ATTACHMENT_MAX_BYTES_DEFAULT,
    AttachmentType,
    MonitoringAttachment,
    MonitoringReport,
    Payment,
)
from .applications import (
    APPLICANT_VISIBLE_EVENT_KINDS,
    NEEDS_CHARITY_NUMBER,
    NEEDS_COMPANY_NUMBER,
    Application,
    ApplicationEvent,
    BudgetLine,
    EligibilityAnswer,
    EventKind,
    GroupType,
    InformationRequest,
    normalise_charity_number,
    normalise_company_number,
)
from .money import format_money
from .panel import SCORE_MAX, SCORE_MIN, ConflictDeclaration, Score
from .rounds import Criterion, EligibilityQuestion, Fund, ReferenceCounter, Round

__all__ = [
    "APPLICANT_VISIBLE_EVENT_KINDS",
    "ATTACHMENT_MAX_BYTES_DEFAULT",
    "NEEDS_CHARITY_NUMBER",
    "NEEDS_COMPANY_NUMBER",
    "SCORE_MAX",
    "SCORE_MIN",
    "Application",
    "ApplicationEvent",
    "AttachmentType",
    "BudgetLine",
    "ConflictDeclaration",
    "Criterion",
    "EligibilityAnswer",
    "EligibilityQuestion",
    "EventKind",
    "Fund",
    "GroupType",
    "InformationRequest",
    "MonitoringAttachment",
    "MonitoringReport",
    "Payment",
    "ReferenceCounter",
    "Round",
    "Score",
    "format_money",
    "normalise_charity_number",
    "normalise_company_number",
]
