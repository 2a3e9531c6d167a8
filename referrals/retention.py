"""What retention and subject access need of referrals, registered into thriving.privacy.

A closed referral is anonymised RETENTION_REFERRAL_YEARS after it closed (or at once, when an
admin erases it on the person's request): everything that identifies the person goes, and
everything the programme counts stays — status and close reason, every date and event
(kind, statuses, time), reasons for referral, urgency, ward, referring organisation,
provider and link worker, contact attempts' methods and outcomes, goals' statuses,
connections' listings and statuses, wellbeing measures' scores (which name no one). Dashboards
and time measures add up the same afterwards.
"""

from datetime import date, datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import F, QuerySet

from thriving.core.validators import normalise_postcode
from thriving.privacy.registry import (
    RetentionRule,
    SubjectSource,
    register_retention,
    register_subject_source,
)

from .measures import ITEMS
from .models import CaseNote, Connection, ContactAttempt, Goal, Referral, ReferralEvent

OBJECT_TYPE = "referrals.referral"

# Ten zeros pass the NHS number's format and check digit, so a form, serializer or admin
# that validates the row still accepts it, and the NHS never issues it. Every lookup by NHS
# number leaves anonymised referrals out.
ANONYMISED_NHS_NUMBER = "0000000000"
ANONYMISED = "Anonymised"


def _years() -> int:
    return settings.RETENTION_REFERRAL_YEARS


def _period() -> str:
    years = _years()
    return f"{years} year{'s' if years != 1 else ''} after closing"


def due(*, now: datetime) -> QuerySet:
    """Closed referrals whose retention period has run out and that still hold details."""
    cutoff = now - relativedelta(years=_years())
    return (
        Referral.objects.closed()
        .filter(anonymised_at__isnull=True, closed_at__lte=cutoff)
        .annotate(retention_from=F("closed_at"))
    )


def _outward_code(postcode: str) -> str:
    """'OL1 1AA' -> 'OL1': an area of thousands of homes, kept for the same figures as the
    ward."""
    normalised = normalise_postcode(postcode)
    return normalised.split(" ")[0] if normalised else ""


def anonymise(*, obj: Referral, now: datetime) -> None:
    """Remove what identifies the person from the referral and everything under it."""
    birth_year = obj.date_of_birth.year if obj.date_of_birth else 1900
    Referral.objects.filter(pk=obj.pk).update(
        nhs_number=ANONYMISED_NHS_NUMBER,
        given_name=ANONYMISED,
        family_name="person",
        date_of_birth=date(birth_year, 1, 1),
        address_line_1=ANONYMISED,
        address_line_2="",
        town="",
        postcode=_outward_code(obj.postcode),
        phone="",
        email="",
        accessibility_needs="",
        reason_details="",
        risk_notes="",
        what_matters="",
        outcome_summary="",
        anonymised_at=now,
        updated_at=now,
    )
    ReferralEvent.objects.filter(referral=obj).update(reason="")
    ContactAttempt.objects.filter(referral=obj).update(note="")
    CaseNote.objects.filter(referral=obj).update(text=ANONYMISED)
    Goal.objects.filter(referral=obj).update(description=ANONYMISED)
    Connection.objects.filter(referral=obj).update(note="")
    obj.refresh_from_db()


# ------------------------------------------------------------------------------------------
# Subject access
# ------------------------------------------------------------------------------------------


def find(*, nhs_number: str) -> QuerySet:
    return Referral.objects.filter(nhs_number=nhs_number, anonymised_at__isnull=True).order_by(
        "submitted_at", "pk"
    )


def summary(*, obj: Referral) -> dict[str, Any]:
    return {
        "reference": obj.reference,
        "status": obj.get_status_display(),
        "opened": obj.submitted_at,
        "closed": obj.closed_at,
        "open": not obj.is_closed,
    }


def _when(value) -> str | None:
    return value.isoformat() if value is not None else None


def _name(user) -> str | None:
    return user.full_name if user is not None else None


def export(*, obj: Referral) -> dict[str, Any]:
    """Everything held in the referral and its case, as the person has a right to see it."""
    referral = (
        Referral.objects.select_related(
            "referrer", "referring_organisation", "provider", "link_worker", "ward"
        )
        .prefetch_related("reasons")
        .get(pk=obj.pk)
    )
    return {
        "reference": referral.reference,
        "person": {
            "nhs_number": referral.nhs_number,
            "given_name": referral.given_name,
            "family_name": referral.family_name,
            "date_of_birth": _when(referral.date_of_birth),
            "address_line_1": referral.address_line_1,
            "address_line_2": referral.address_line_2,
            "town": referral.town,
            "postcode": referral.postcode,
            "ward": referral.ward.name if referral.ward else None,
            "phone": referral.phone,
            "email": referral.email,
            "preferred_contact_method": referral.get_preferred_contact_method_display(),
            "language": referral.language,
            "interpreter_needed": referral.interpreter_needed,
            "accessibility_needs": referral.accessibility_needs,
        },
        "consent": {
            "to_referral": referral.consent_to_referral,
            "to_sharing": referral.consent_to_share,
        },
        "referral": {
            "reasons": [reason.label for reason in referral.reasons.all()],
            "reason_details": referral.reason_details,
            "risk_notes": referral.risk_notes,
            "urgency": referral.get_urgency_display(),
            "referred_by": _name(referral.referrer),
            "referring_organisation": referral.referring_organisation.name,
            "submitted_at": _when(referral.submitted_at),
        },
        "case": {
            "status": referral.get_status_display(),
            "provider": referral.provider.name if referral.provider else None,
            "link_worker": _name(referral.link_worker),
            "what_matters": referral.what_matters,
            "what_matters_recorded_at": _when(referral.what_matters_recorded_at),
            "next_contact_date": _when(referral.next_contact_date),
            "allocated_at": _when(referral.allocated_at),
            "accepted_at": _when(referral.accepted_at),
            "first_contact_at": _when(referral.first_contact_at),
            "closed_at": _when(referral.closed_at),
            "close_reason": referral.get_close_reason_display() or None,
            "outcome_summary": referral.outcome_summary,
            "no_end_measure_reason": referral.get_no_end_measure_reason_display() or None,
        },
        "events": [
            {
                "at": _when(event.at),
                "kind": event.get_kind_display(),
                "from_status": event.get_from_status_display() or None,
                "to_status": event.get_to_status_display() or None,
                "reason": event.reason,
                "by": _name(event.actor),
            }
            for event in referral.events.select_related("actor").order_by("at", "pk")
        ],
        "contact_attempts": [
            {
                "at": _when(attempt.at),
                "method": attempt.get_method_display(),
                "outcome": attempt.get_outcome_display(),
                "note": attempt.note,
                "by": _name(attempt.by),
            }
            for attempt in referral.contact_attempts.select_related("by").order_by("at", "pk")
        ],
        "notes": [
            {
                "at": _when(note.created_at),
                "text": note.text,
                "shared_with_referrer": note.shareable,
                "by": _name(note.author),
            }
            for note in referral.notes.select_related("author").order_by("created_at", "pk")
        ],
        "goals": [
            {
                "description": goal.description,
                "status": goal.get_status_display(),
                "set_at": _when(goal.created_at),
                "updated_at": _when(goal.updated_at),
            }
            for goal in referral.goals.order_by("created_at", "pk")
        ],
        "connections": [
            {
                "activity": connection.service.name,
                "run_by": connection.service.organisation.name,
                "status": connection.get_status_display(),
                "suggested_on": _when(connection.suggested_on),
                "contacted_on": _when(connection.contacted_on),
                "attending_from": _when(connection.attending_from),
                "ended_on": _when(connection.ended_on),
                "note": connection.note,
            }
            for connection in referral.connections.select_related("service__organisation").order_by(
                "suggested_on", "created_at"
            )
        ],
        "wellbeing_measures": [
            _measure(m) for m in referral.measures.select_related("recorded_by")
        ],
    }


def _measure(measure) -> dict[str, Any]:
    """A wellbeing measure as the person gave it: each answer by its question."""
    return {
        "instrument": measure.get_instrument_display(),
        "timepoint": measure.get_timepoint_display(),
        "taken_on": _when(measure.taken_on),
        "recorded_by": _name(measure.recorded_by),
        "answers": {
            item.wording: getattr(measure, item.field) for item in ITEMS[measure.instrument]
        },
        "swemwbs_raw": measure.swemwbs_raw,
        "swemwbs_metric": str(measure.swemwbs_metric) if measure.swemwbs_metric else None,
    }


def references(*, obj: Referral) -> list[tuple[str, str]]:
    refs = [(OBJECT_TYPE, str(obj.pk))]
    refs += [
        ("referrals.connection", str(pk))
        for pk in Connection.objects.filter(referral=obj).values_list("pk", flat=True)
    ]
    return refs


def erase_refusal(*, obj: Referral) -> str:
    if obj.is_closed:
        return ""
    return (
        f"Referral {obj.reference} is still open ({obj.get_status_display().lower()}): "
        "the case must be closed before the person's details can be erased."
    )


register_retention(
    RetentionRule(
        kind=OBJECT_TYPE, label="Closed referrals", due=due, anonymise=anonymise, period=_period
    )
)
register_subject_source(
    SubjectSource(
        kind=OBJECT_TYPE,
        label="Referrals",
        find=find,
        summary=summary,
        export=export,
        references=references,
        erase_refusal=erase_refusal,
        anonymise=anonymise,
    )
)
