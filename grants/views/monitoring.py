"""The group's monitoring report: how the project went, with optional photos and receipts.

The report opens once the grant is paid. Files go through the attachment service, which
reads their type from their first bytes and checks their size; they are served only through
`grants.downloads`.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from .. import permissions, services
from ..forms import AttachmentForm, MonitoringReportForm, add_service_error
from ..workflow import TransitionNotAllowed
from ._common import error_items, group_application, report_of, require_applicant


def _monitoring_page(request, application, report, *, report_form=None, upload_form=None):
    user = request.user
    may_send = (
        report is not None
        and not report.is_submitted
        and permissions.can_submit_monitoring_report(user, application)
    )
    may_upload = (
        report is not None
        and report.completed_at is None
        and permissions.can_add_monitoring_attachment(user, application)
    )
    if may_send and report_form is None:
        report_form = MonitoringReportForm()
    if may_upload and upload_form is None:
        upload_form = AttachmentForm(max_bytes=settings.GRANTS_ATTACHMENT_MAX_BYTES)
    errors = error_items(report_form, upload_form)
    return render(
        request,
        "grants/monitoring.html",
        {
            "application": application,
            "report": report,
            "attachments": list(report.attachments.all()) if report else [],
            "report_form": report_form if may_send else None,
            "upload_form": upload_form if may_upload else None,
            "errors": errors,
            "error_summary_title": bool(errors),
        },
    )


def _open_report(request, application):
    report = report_of(application)
    if report is None:
        messages.error(request, "The monitoring report opens once your grant has been paid.")
    return report


@login_required
@require_http_methods(["GET", "POST"])
def monitoring(request, pk):
    require_applicant(request.user)
    application = group_application(request, pk)
    report = _open_report(request, application)
    if report is None:
        return redirect("grants:application_detail", pk=application.pk)
    if request.method == "GET":
        return _monitoring_page(request, application, report)
    if not permissions.can_submit_monitoring_report(request.user, application):
        messages.error(request, "The monitoring report can no longer be changed.")
        return redirect("grants:monitoring", pk=application.pk)
    form = MonitoringReportForm(request.POST)
    if form.is_valid():
        try:
            services.monitoring_report_submit(
                application=application, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect("grants:monitoring", pk=application.pk)
        else:
            messages.success(
                request, "Thank you. Your monitoring report has been sent to the grant officer."
            )
            return redirect("grants:monitoring", pk=application.pk)
    return _monitoring_page(request, application, report, report_form=form)


@login_required
@require_POST
def monitoring_upload(request, pk):
    require_applicant(request.user)
    application = group_application(request, pk)
    report = _open_report(request, application)
    if report is None:
        return redirect("grants:application_detail", pk=application.pk)
    if not permissions.can_add_monitoring_attachment(request.user, application):
        messages.error(request, "Files can no longer be added to this monitoring report.")
        return redirect("grants:monitoring", pk=application.pk)
    form = AttachmentForm(
        request.POST, request.FILES, max_bytes=settings.GRANTS_ATTACHMENT_MAX_BYTES
    )
    if form.is_valid():
        try:
            attachment = services.monitoring_attachment_add(
                application=application, by=request.user, file=form.cleaned_data["file"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect("grants:monitoring", pk=application.pk)
        else:
            messages.success(request, f"{attachment.original_name} has been added to your report.")
            return redirect("grants:monitoring", pk=application.pk)
    return _monitoring_page(request, application, report, upload_form=form)
