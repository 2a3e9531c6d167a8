"""What every grants service shares: the status move, the event, locks and refusals.

Errors speak to the person acting: `PermissionDenied` when their role does not allow the
action (a 403), `TransitionNotAllowed` when the application's state does not (pages show the
message), `ValidationError` for input to correct (forms show it against the field).
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from thriving.accounts.models import User

from ..models import Application, ApplicationEvent, EventKind
from ..workflow import TransitionNotAllowed, target_status

__all__ = ["PermissionDenied", "TransitionNotAllowed", "event_record", "lock", "move", "require"]


def event_record(
    *,
    application: Application,
    actor: User | None,
    kind: str = EventKind.STATUS,
    from_status: str = "",
    to_status: str = "",
    reason: str = "",
) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application,
        at=timezone.now(),
        actor=actor,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
    )


def move(*, application: Application, action: str, by: User | None, reason: str = "") -> str:
    """Change status through the table and write the event; return the old status.

    The caller saves the application (with whatever else the action changes)."""
    old = application.status
    new = target_status(old, action)
    application.status = new
    event_record(application=application, actor=by, from_status=old, to_status=new, reason=reason)
    return old


def lock(application: Application) -> Application:
    """Re-read the row under a lock, so two people acting at once cannot both win, with the
    round and its panel loaded for permission checks."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("round", "organisation", "applicant")
        .prefetch_related("round__panel_members")
        .get(pk=application.pk)
    )


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def notify_applicant(
    application: Application, *, subject: str, template: str, extra: dict | None = None
) -> None:
    """Email the group's representative who made the application (queued on commit)."""
    from thriving.notifications.services import email_queue

    if not application.applicant.email:
        return
    email_queue(
        to=application.applicant.email,
        subject=subject,
        template=template,
        context={"application": application, "applicant": application.applicant, **(extra or {})},
    )
