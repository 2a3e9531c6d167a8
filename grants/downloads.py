"""Files sent with monitoring reports, served only to those allowed to see them.

MEDIA_ROOT is never served as static files; this view is the only way to a file. Anyone
else gets a 404, so an attachment's existence is not confirmed to them.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from thriving.audit.services import AuditAction, audit_record, client_ip

from . import selectors
from .models import MonitoringAttachment


@login_required
@require_GET
def attachment_download(request, pk):
    try:
        attachment = selectors.attachment_get(user=request.user, attachment_id=pk)
    except MonitoringAttachment.DoesNotExist:
        raise Http404("No such file") from None
    audit_record(
        user=request.user,
        action=AuditAction.VIEW,
        obj=attachment,
        ip_address=client_ip(request),
    )
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=True,
        filename=attachment.original_name,
    )
    response["Cache-Control"] = "private, no-store"
    return response
