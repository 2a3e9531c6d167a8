"""The grants pages' forms, one module per part: the group's registration, application and
aftercare, and the council's and the panel's review. Forms check what a person typed; the
services decide what may happen, and their refusals are shown against these fields."""

from .aftercare import (
    AcceptOfferForm,
    AttachmentForm,
    InformationAnswerForm,
    MonitoringReportForm,
    WithdrawForm,
)
from .application import ApplicationFields, ApplicationForm, BudgetLineForm, budget_formset
from .fields import MoneyField, add_service_error
from .registration import RegistrationForm, ResendVerificationForm
from .review import (
    CompleteMonitoringForm,
    DecisionForm,
    DeclarationForm,
    EligibilityForm,
    LateConflictForm,
    PaymentForm,
    ReturnToPanelForm,
    ScoreFields,
    ScoreForm,
)

__all__ = [
    "AcceptOfferForm",
    "ApplicationFields",
    "ApplicationForm",
    "AttachmentForm",
    "BudgetLineForm",
    "CompleteMonitoringForm",
    "DecisionForm",
    "DeclarationForm",
    "EligibilityForm",
    "InformationAnswerForm",
    "LateConflictForm",
    "MoneyField",
    "MonitoringReportForm",
    "PaymentForm",
    "RegistrationForm",
    "ResendVerificationForm",
    "ReturnToPanelForm",
    "ScoreFields",
    "ScoreForm",
    "WithdrawForm",
    "add_service_error",
    "budget_formset",
]
