"""What the grants pages share: role checks, the error summary's entries, paging."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404

from thriving.accounts.roles import Role

from .. import selectors
from ..models import Application, MonitoringReport

PAGE_SIZE = 25


def require_role(user, *roles: str) -> None:
    """403 for a signed-in user whose roles do not give them the page."""
    if not user.has_role(*roles):
        raise PermissionDenied("Your role does not give you this page.")


def require_applicant(user) -> None:
    require_role(user, Role.GRANT_APPLICANT)


def group_application(request, pk) -> Application:
    """One of the applications of the groups the user represents; 404 for any other."""
    try:
        return selectors.applications_of_groups(request.user).get(pk=pk)
    except Application.DoesNotExist:
        raise Http404("No application found") from None


def report_of(application: Application) -> MonitoringReport | None:
    """The monitoring report, which exists once the grant has been paid."""
    try:
        return application.monitoring_report
    except MonitoringReport.DoesNotExist:
        return None


def require(allowed: bool, message: str = "Your role does not allow this.") -> None:
    if not allowed:
        raise PermissionDenied(message)


def page_of(request, rows, *, param: str = "page"):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get(param))


def error_items(*forms) -> list[dict[str, str]]:
    """Every error of the forms (and formsets) given, each with the id of the input it is
    about, in page order: the entries of the error summary at the top of the page."""
    items: list[dict[str, str]] = []
    for form in forms:
        if form is None or not form.is_bound:
            continue
        if hasattr(form, "forms"):  # a formset: its own errors, then each row's
            anchor = f"{form.prefix}-section"
            items += [{"text": e, "href": f"#{anchor}"} for e in form.non_form_errors()]
            items += error_items(*form.forms)
            continue
        first_field = next(iter(form), None)
        top = f"#{first_field.auto_id}" if first_field is not None else ""
        items += [{"text": e, "href": top} for e in form.non_field_errors()]
        for field in form:
            items += [{"text": e, "href": f"#{field.auto_id}"} for e in field.errors]
    return items
