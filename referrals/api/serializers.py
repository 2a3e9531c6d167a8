"""Serializers of the referrals API: one small input or output shape per operation.

Input serializers check what a client sent with the web form's rules and messages, so a
referral made through the API is held to the same standard as one made in a browser; the
service (referrals.services.referral_submit) still decides what a referral is.
"""

import re
from datetime import date

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from thriving.accounts.roles import Role
from thriving.core import validators

from .. import permissions, selectors
from ..form_fields import MAX_AGE_YEARS, _years_before
from ..models import CaseNote, ContactMethod, Instrument, Referral, ReferralReason, Urgency
from ..outcomes import no_end_measure_words, snomed_concept, wellbeing_change
from ..presenters import format_date
from ..presenters_cases import next_action

_PHONE_RE = re.compile(r"^\+?[0-9 ()-]+$")
# Free text has a ceiling so that one request cannot store megabytes in a referral.
LONG_TEXT_MAX = 5000


def _text(*, max_length: int, required: bool = False, **kwargs) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length,
        required=required,
        allow_blank=not required,
        validators=[validators.validate_no_control_characters],
        **kwargs,
    )


# ------------------------------------------------------------------------------------------
# Input: submitting a referral
# ------------------------------------------------------------------------------------------


class ReferralSubmitInputSerializer(serializers.Serializer):
    """A new referral. Field names and rules match the web form at /referrals/new/."""

    organisation = serializers.UUIDField(
        required=False,
        help_text="The referring organisation's id. Required only when you refer for more "
        "than one organisation.",
    )
    nhs_number = _text(
        max_length=20,
        required=True,
        help_text="10 digits with a valid modulus 11 check digit; spaces are allowed.",
        error_messages={"required": "Enter the person's NHS number"},
    )
    given_name = _text(
        max_length=100, required=True, error_messages={"required": "Enter the person's first name"}
    )
    family_name = _text(
        max_length=100, required=True, error_messages={"required": "Enter the person's last name"}
    )
    date_of_birth = serializers.DateField(
        help_text=f"In the past and less than {MAX_AGE_YEARS} years ago (YYYY-MM-DD).",
        error_messages={
            "required": "Enter the person's date of birth",
            "invalid": "Date of birth must be a real date, written as YYYY-MM-DD",
        },
    )
    address_line_1 = _text(
        max_length=200,
        required=True,
        error_messages={"required": "Enter the first line of the person's address"},
    )
    address_line_2 = _text(max_length=200, default="")
    town = _text(max_length=100, default="")
    postcode = _text(
        max_length=10,
        required=True,
        help_text="A full UK postcode; stored in the form 'OL1 1AA'.",
        error_messages={"required": "Enter the person's postcode"},
    )
    phone = _text(max_length=30, default="")
    email = serializers.EmailField(
        required=False,
        allow_blank=True,
        default="",
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    preferred_contact_method = serializers.ChoiceField(
        choices=ContactMethod.choices, default=ContactMethod.PHONE
    )
    language = _text(max_length=60, default="English")
    interpreter_needed = serializers.BooleanField(default=False)
    accessibility_needs = _text(max_length=LONG_TEXT_MAX, default="")
    consent_to_referral = serializers.BooleanField(
        help_text="Must be true: the person agrees to be referred.",
        error_messages={"required": "The person must agree to the referral before you submit it"},
    )
    consent_to_share = serializers.BooleanField(default=False)
    reasons = serializers.ListField(
        child=serializers.SlugField(max_length=50),
        allow_empty=False,
        max_length=50,
        help_text="Codes from GET /api/v1/reasons/; at least one.",
        error_messages={
            "required": "Choose at least one reason for the referral",
            "empty": "Choose at least one reason for the referral",
        },
    )
    reason_details = _text(max_length=LONG_TEXT_MAX, default="")
    risk_notes = _text(max_length=LONG_TEXT_MAX, default="")
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.ROUTINE)
    refer_anyway = serializers.BooleanField(
        default=False,
        help_text="Send true to refer a person who already has an open referral, when this "
        "referral is not a duplicate of it.",
    )

    def _referrer_organisations(self) -> dict:
        user = self.context["user"]
        return {
            m.organisation_id: m.organisation
            for m in user.active_memberships
            if m.role == Role.REFERRER
        }

    def validate_nhs_number(self, value: str) -> str:
        validators.validate_nhs_number(value)
        return validators.normalise_nhs_number(value)

    def validate_postcode(self, value: str) -> str:
        validators.validate_postcode(value)
        return validators.normalise_postcode(value)

    def validate_date_of_birth(self, value: date) -> date:
        today = timezone.localdate()
        if value >= today:
            raise serializers.ValidationError("Date of birth must be in the past")
        if value < _years_before(today, MAX_AGE_YEARS):
            raise serializers.ValidationError(
                f"Date of birth must be less than {MAX_AGE_YEARS} years ago"
            )
        return value

    def validate_phone(self, value: str) -> str:
        digits = re.sub(r"\D", "", value)
        if value and (not _PHONE_RE.match(value) or not 10 <= len(digits) <= 15):
            raise serializers.ValidationError(
                "Enter a phone number, like 0161 770 3000 or 07700 900 982"
            )
        return value

    def validate_consent_to_referral(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError(
                "The person must agree to the referral before you submit it"
            )
        return value

    def validate_reasons(self, codes: list[str]) -> list[ReferralReason]:
        wanted = list(dict.fromkeys(codes))
        found = {r.code: r for r in ReferralReason.objects.filter(is_active=True, code__in=wanted)}
        unknown = [code for code in wanted if code not in found]
        if unknown:
            raise serializers.ValidationError(
                f"These are not reason codes: {', '.join(unknown)}. "
                "Use the codes listed at /api/v1/reasons/."
            )
        return [found[code] for code in wanted]

    def validate(self, attrs: dict) -> dict:
        organisations = self._referrer_organisations()
        chosen = attrs.pop("organisation", None)
        if chosen is None and len(organisations) > 1:
            raise serializers.ValidationError(
                {"organisation": "Choose the organisation you are referring for"}
            )
        if chosen is not None and chosen not in organisations:
            raise serializers.ValidationError(
                {"organisation": "Choose an organisation you are a referrer for"}
            )
        attrs["organisation"] = (
            organisations[chosen] if chosen else next(iter(organisations.values()))
        )

        needs = {
            ContactMethod.PHONE: ("phone", "Enter a phone number"),
            ContactMethod.TEXT: ("phone", "Enter a phone number"),
            ContactMethod.EMAIL: ("email", "Enter an email address"),
        }.get(attrs["preferred_contact_method"])
        if needs and not attrs.get(needs[0]):
            raise serializers.ValidationError(
                {needs[0]: f"{needs[1]}, or choose another way to contact the person"}
            )
        if not attrs.pop("refer_anyway"):
            self._refuse_likely_duplicate(attrs["nhs_number"])
        return attrs

    def _refuse_likely_duplicate(self, nhs_number: str) -> None:
        """An open referral for the same NHS number is shown, not silently duplicated. The
        request's own earlier result (same Idempotency-Key) is not a duplicate."""
        user = self.context["user"]
        open_referrals = selectors.open_referrals_for_nhs_number(nhs_number=nhs_number)
        token = self.context.get("submission_token")
        if token is not None:
            open_referrals = open_referrals.exclude(submission_token=token)
        found = [
            f"{r.referring_organisation.name} referred this NHS number on "
            f"{format_date(r.submitted_at)}: referral {r.reference} is "
            f"{r.get_status_display().lower()}."
            if permissions.can_view_referral(user, r)
            else "Another organisation has an open referral for this NHS number. "
            "You cannot see its details."
            for r in open_referrals
        ]
        if found:
            raise serializers.ValidationError(
                {
                    "nhs_number": [
                        "This person may already have an open referral.",
                        *found,
                        "Check the NHS number. If this is a new referral for a different "
                        "need, send it again with refer_anyway set to true.",
                    ]
                }
            )


# ------------------------------------------------------------------------------------------
# Output
# ------------------------------------------------------------------------------------------


class ReferralOrganisationOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class ReferralReasonOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReferralReason
        fields = ["code", "label"]


class _ReferralSummary(serializers.ModelSerializer):
    """What every list and page of a referral shows about it."""

    status_label = serializers.CharField(source="get_status_display")
    referring_organisation = ReferralOrganisationOutputSerializer()
    provider = ReferralOrganisationOutputSerializer(allow_null=True)
    link_worker_name = serializers.SerializerMethodField()
    reasons = ReferralReasonOutputSerializer(many=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "reference",
            "status",
            "status_label",
            "urgency",
            "nhs_number",
            "given_name",
            "family_name",
            "referring_organisation",
            "provider",
            "link_worker_name",
            "reasons",
            "submitted_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_link_worker_name(self, referral: Referral) -> str | None:
        return referral.link_worker.full_name if referral.link_worker else None


class ReferralListOutputSerializer(_ReferralSummary):
    class Meta(_ReferralSummary.Meta):
        pass


class CaseNoteOutputSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.full_name")

    class Meta:
        model = CaseNote
        fields = ["text", "shareable", "author_name", "created_at"]


class WellbeingChangeRowOutputSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="The ONS4 question, or 'SWEMWBS metric score'.")
    start = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False)
    end = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False)
    change = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False)
    words = serializers.CharField(help_text="The change in words, e.g. 'up 3 points'.")
    direction = serializers.ChoiceField(choices=["better", "worse", "same"])


class WellbeingChangeOutputSerializer(serializers.Serializer):
    instrument = serializers.ChoiceField(choices=Instrument.choices)
    start_taken_on = serializers.DateField()
    end_taken_on = serializers.DateField()
    rows = WellbeingChangeRowOutputSerializer(many=True)


class ReferralOutcomeOutputSerializer(serializers.Serializer):
    """The structured message back to the referrer once a referral has closed."""

    snomed_code = serializers.CharField(
        help_text="The SNOMED CT concept to record: 871731000000106 (Referral to social "
        "prescribing service), or 871711000000103 (Social prescribing declined)."
    )
    snomed_display = serializers.CharField()
    close_reason = serializers.CharField()
    close_reason_label = serializers.CharField()
    wellbeing_change = WellbeingChangeOutputSerializer(
        many=True,
        help_text="Start to end for each instrument measured at both; ONS4 question by "
        "question (never summed), SWEMWBS as its metric score.",
    )
    no_end_measure_reason = serializers.CharField(
        allow_blank=True, help_text="Why there is no end wellbeing measure, when there is none."
    )
    no_end_measure_words = serializers.CharField(allow_blank=True)


def _outcome_data(referral: Referral) -> dict:
    measures = list(referral.measures.all())
    code, display = snomed_concept(referral)
    return {
        "snomed_code": code,
        "snomed_display": display,
        "close_reason": referral.close_reason,
        "close_reason_label": referral.get_close_reason_display() if referral.close_reason else "",
        "wellbeing_change": [
            {
                "instrument": change.instrument,
                "start_taken_on": change.start.taken_on,
                "end_taken_on": change.latest.taken_on,
                "rows": [
                    {
                        "label": row.label,
                        "start": row.start,
                        "end": row.latest,
                        "change": row.difference,
                        "words": row.words,
                        "direction": row.direction,
                    }
                    for row in change.rows
                ],
            }
            for change in wellbeing_change(measures)
        ],
        "no_end_measure_reason": referral.no_end_measure_reason,
        "no_end_measure_words": no_end_measure_words(referral, measures),
    }


class ReferralDetailOutputSerializer(_ReferralSummary):
    """One referral. `case_notes` is there only for the provider's staff: a referrer never
    receives the link worker's notes; they get the outcome summary once the case closes."""

    referrer_name = serializers.CharField(source="referrer.full_name")
    ward = serializers.CharField(source="ward.name", allow_null=True, default=None)
    outcome_summary = serializers.SerializerMethodField()
    outcome = serializers.SerializerMethodField()
    case_notes = CaseNoteOutputSerializer(many=True, required=False, source="notes")

    class Meta(_ReferralSummary.Meta):
        fields = [
            *_ReferralSummary.Meta.fields,
            "referrer_name",
            "date_of_birth",
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
            "ward",
            "phone",
            "email",
            "preferred_contact_method",
            "language",
            "interpreter_needed",
            "accessibility_needs",
            "consent_to_referral",
            "consent_to_share",
            "reason_details",
            "risk_notes",
            "what_matters",
            "allocated_at",
            "accepted_at",
            "first_contact_at",
            "closed_at",
            "close_reason",
            "outcome_summary",
            "outcome",
            "case_notes",
        ]

    def __init__(self, *args, show_case_notes: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_case_notes:
            self.fields.pop("case_notes")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_outcome_summary(self, referral: Referral) -> str | None:
        """Null until the case closes."""
        return referral.outcome_summary if referral.is_closed else None

    @extend_schema_field(ReferralOutcomeOutputSerializer(allow_null=True))
    def get_outcome(self, referral: Referral) -> dict | None:
        """Null until the referral closes."""
        if not referral.is_closed:
            return None
        return ReferralOutcomeOutputSerializer(_outcome_data(referral)).data


class CaseNextActionOutputSerializer(serializers.Serializer):
    label = serializers.CharField()
    due = serializers.DateField()
    overdue = serializers.BooleanField()


class CaseloadOutputSerializer(serializers.ModelSerializer):
    """A case on the link worker's caseload, with what to do next and by when."""

    status_label = serializers.CharField(source="get_status_display")
    failed_attempts = serializers.IntegerField()
    next_action = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "id",
            "reference",
            "status",
            "status_label",
            "urgency",
            "nhs_number",
            "given_name",
            "family_name",
            "date_of_birth",
            "phone",
            "preferred_contact_method",
            "submitted_at",
            "accepted_at",
            "next_contact_date",
            "failed_attempts",
            "next_action",
        ]

    @extend_schema_field(CaseNextActionOutputSerializer(allow_null=True))
    def get_next_action(self, referral: Referral) -> dict | None:
        action = next_action(
            referral,
            today=self.context.get("today") or timezone.localdate(),
            failed_attempts=referral.failed_attempts,
        )
        if action is None:
            return None
        return CaseNextActionOutputSerializer(action).data


class ReferralApiErrorSerializer(serializers.Serializer):
    """The body of a 401, 403 or 404: what went wrong, in a sentence."""

    detail = serializers.CharField()
