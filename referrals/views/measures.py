"""Recording a wellbeing measure on a case: a page per questionnaire (ONS4, SWEMWBS), reached
from the case page's Wellbeing section and from the close form.

GET shows the questions; POST records the answers through referrals.measures and goes back
to the case page with a message. Someone who cannot see the referral gets a 404; someone who
can but does not work the case (the referrer) a 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from thriving.audit.services import AuditAction, audit_record, client_ip

from .. import measures, permissions
from ..audit import audit_case_changes
from ..forms_measures import FORMS
from ..measures import INSTRUMENT_SHORT, timepoints_allowed
from ..models import Instrument, Referral, Timepoint
from ..workflow import TransitionNotAllowed
from .case_page import referral_or_404


def _case_url(referral: Referral) -> str:
    return reverse("referrals:detail", args=[referral.pk]) + "#wellbeing"


def _record(request, pk, instrument: str):
    referral = referral_or_404(request, pk)
    if not permissions.can_work_case(request.user, referral):
        raise PermissionDenied("Only the link worker who owns this case, or a coordinator.")
    has_start = referral.measures.filter(instrument=instrument, timepoint=Timepoint.START).exists()
    timepoints = timepoints_allowed(referral, has_start=has_start)
    if not timepoints:
        messages.error(
            request,
            "Wellbeing measures can be recorded only while the case is open, or as the end "
            f"measure in the {measures.END_MEASURE_GRACE_DAYS} days after it closed.",
        )
        return redirect(_case_url(referral))
    initial = {}
    if request.GET.get("timepoint") in timepoints:
        initial["timepoint"] = request.GET["timepoint"]
    form = FORMS[instrument](
        request.POST if request.method == "POST" else None,
        timepoints=timepoints,
        submitted_on=timezone.localdate(referral.submitted_at),
        **({"initial": initial} if request.method != "POST" and initial else {}),
    )
    if request.method == "POST" and form.is_valid():
        started = timezone.now()
        try:
            measure = measures.outcome_measure_record(
                referral=referral,
                by=request.user,
                instrument=instrument,
                timepoint=form.cleaned_data["timepoint"],
                taken_on=form.cleaned_data["taken_on"],
                scores=form.scores(),
            )
        except ValidationError as error:
            _add_service_error(form, error)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect(_case_url(referral))
        else:
            audit_case_changes(request, referral, since=started)
            messages.success(
                request,
                f"{INSTRUMENT_SHORT[instrument]} {measure.get_timepoint_display().lower()} "
                "measure recorded.",
            )
            return redirect(_case_url(referral))
    audit_record(
        user=request.user,
        action=AuditAction.VIEW,
        obj=referral,
        detail=f"Wellbeing measure for referral {referral.reference}",
        ip_address=client_ip(request),
    )
    return render(
        request,
        "referrals/measure.html",
        {
            "referral": referral,
            "form": form,
            "instrument": instrument,
            "title": Instrument(instrument).label,
            "short": INSTRUMENT_SHORT[instrument],
            "error_summary_title": form.is_bound and bool(form.errors),
        },
    )


def _add_service_error(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
@require_http_methods(["GET", "POST"])
def ons4(request, pk):
    return _record(request, pk, Instrument.ONS4)


@login_required
@require_http_methods(["GET", "POST"])
def swemwbs(request, pk):
    return _record(request, pk, Instrument.SWEMWBS)
