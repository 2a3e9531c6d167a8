"""The audit trail for grant applications: every time council staff or the panel see an
application's details (the group's contacts, registration numbers, budget, answers) or
change it, who, when and from where.

Views call these after the selector has let the user see the application (a refused look is
not a view) and, for a change, after the service has succeeded. Entries name the application
by its reference, never by a person.
"""

from thriving.audit.services import AuditAction, audit_record, client_ip

from .models import Application


def _name(application: Application) -> str:
    return application.reference or "draft application"


def audit_application_view(request, application: Application, *, detail: str = "") -> None:
    audit_record(
        user=request.user,
        action=AuditAction.VIEW,
        obj=application,
        detail=detail or f"Application {_name(application)}",
        ip_address=client_ip(request),
    )


def audit_application_change(request, application: Application, *, what: str) -> None:
    """`what` says what changed in a few words ("eligibility passed", "payment recorded")."""
    audit_record(
        user=request.user,
        action=AuditAction.CHANGE,
        obj=application,
        detail=f"Application {_name(application)}: {what}",
        ip_address=client_ip(request),
    )
