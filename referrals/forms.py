"""Forms of the referrer's side: making a referral.

Forms parse and check what a person typed; the service (referrals.services.referral_submit)
decides what a referral is. Case-working forms live in forms_cases.py.
"""

import re
import uuid

from django import forms

from thriving.accounts.roles import Role
from thriving.core.forms import NHSFormMixin

from . import permissions, selectors
from .form_fields import DateOfBirthField, NHSNumberField, PostcodeField
from .models import ContactMethod, ReferralReason, Urgency

_PHONE_RE = re.compile(r"^\+?[0-9 ()-]+$")
# Free text has a ceiling so that one post cannot store megabytes in a referral (as the API).
LONG_TEXT_MAX = 5000

# The details typed are the person's, not the referrer's: the "section-person" scope tells
# browsers and assistive technology what each field is while keeping it apart from the
# referrer's own saved details.


class ReferralFields(forms.Form):
    """Everything a referrer tells the programme about the person and why they refer.

    `user` decides the organisations offered; a referrer of one organisation is not asked.
    """

    # Fields sent to referrals.services.referral_submit as they are.
    PERSON_FIELDS = (
        "nhs_number",
        "given_name",
        "family_name",
        "date_of_birth",
        "address_line_1",
        "address_line_2",
        "town",
        "postcode",
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
        "urgency",
    )

    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    referring_organisation = forms.ChoiceField(
        label="Which organisation are you referring for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the organisation you are referring for"},
    )

    # The person
    nhs_number = NHSNumberField(
        label="NHS number",
        help_text="10 digits, for example 943 476 5919",
        widget=forms.TextInput(
            attrs={
                "class": "nhsuk-input--width-10",
                "inputmode": "numeric",
                "spellcheck": "false",
                "autocomplete": "off",
            }
        ),
    )
    given_name = forms.CharField(
        label="First name",
        max_length=100,
        error_messages={"required": "Enter the person's first name"},
        widget=forms.TextInput(
            attrs={"autocomplete": "section-person given-name", "spellcheck": "false"}
        ),
    )
    family_name = forms.CharField(
        label="Last name",
        max_length=100,
        error_messages={"required": "Enter the person's last name"},
        widget=forms.TextInput(
            attrs={"autocomplete": "section-person family-name", "spellcheck": "false"}
        ),
    )
    date_of_birth = DateOfBirthField(label="Date of birth", help_text="For example, 15 3 1984")

    # Where they live and how to reach them
    address_line_1 = forms.CharField(
        label="Address line 1",
        max_length=200,
        error_messages={"required": "Enter the first line of the person's address"},
        widget=forms.TextInput(attrs={"autocomplete": "section-person address-line1"}),
    )
    address_line_2 = forms.CharField(
        label="Address line 2 (optional)",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "section-person address-line2"}),
    )
    town = forms.CharField(
        label="Town or city (optional)",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "section-person address-level2"}),
    )
    postcode = PostcodeField(
        label="Postcode",
        widget=forms.TextInput(
            attrs={
                "class": "nhsuk-input--width-10",
                "autocomplete": "section-person postal-code",
                "spellcheck": "false",
            }
        ),
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        max_length=30,
        required=False,
        help_text="Mobile if they have one, so the link worker can text",
        widget=forms.TextInput(
            attrs={
                "class": "nhsuk-input--width-20",
                "type": "tel",
                "autocomplete": "section-person tel",
            }
        ),
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
        widget=forms.EmailInput(
            attrs={"autocomplete": "section-person email", "spellcheck": "false"}
        ),
    )
    preferred_contact_method = forms.ChoiceField(
        label="How would they like to be contacted?",
        choices=ContactMethod.choices,
        initial=ContactMethod.PHONE,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the person would like to be contacted"},
    )
    language = forms.CharField(
        label="Preferred language",
        max_length=60,
        initial="English",
        error_messages={"required": "Enter the language the person prefers to speak"},
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-20", "autocomplete": "off"}),
    )
    interpreter_needed = forms.BooleanField(label="They need an interpreter", required=False)
    accessibility_needs = forms.CharField(
        label="Accessibility or communication needs (optional)",
        required=False,
        max_length=LONG_TEXT_MAX,
        help_text="For example, uses a wheelchair, needs large print, is Deaf and uses BSL",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    # Consent
    consent_to_referral = forms.BooleanField(
        label="The person agrees to be referred for social prescribing",
        required=True,
        error_messages={"required": "The person must agree to the referral before you submit it"},
    )
    consent_to_share = forms.BooleanField(
        label="The person agrees that the link worker may share their details with the "
        "community groups they are connected to",
        required=False,
    )

    # Why
    reasons = forms.ModelMultipleChoiceField(
        label="Reasons for the referral",
        help_text="Select all that apply",
        queryset=ReferralReason.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one reason for the referral"},
    )
    reason_details = forms.CharField(
        label="Tell us more about why you are referring (optional)",
        required=False,
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    risk_notes = forms.CharField(
        label="Risk and safeguarding notes (optional)",
        required=False,
        max_length=LONG_TEXT_MAX,
        help_text="Anything a link worker must know before contacting the person",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    urgency = forms.ChoiceField(
        label="Urgency",
        choices=Urgency.choices,
        initial=Urgency.ROUTINE,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how urgent the referral is"},
    )

    refer_anyway = forms.BooleanField(
        label="Refer anyway: this is not a duplicate of the open referral",
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.duplicates: list[dict] = []
        self.fields["reasons"].queryset = ReferralReason.objects.filter(is_active=True)
        self._organisations = {
            str(m.organisation_id): m.organisation
            for m in user.active_memberships
            if m.role == Role.REFERRER
        }
        field = self.fields["referring_organisation"]
        field.choices = [(pk, org.name) for pk, org in self._organisations.items()]
        if len(self._organisations) == 1:
            # Implied: the page does not ask, and the only organisation is the one used.
            field.required = False
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())
        elif not self._token_in_data():
            # A form that lost its token (an old tab, a tampered post) gets a fresh one,
            # which the page then carries so a resubmission is still one referral.
            self.data = self.data.copy()
            self.data["submission_token"] = str(uuid.uuid4())

    def _token_in_data(self) -> bool:
        try:
            uuid.UUID(str(self.data.get("submission_token", "")))
        except ValueError:
            return False
        return True

    @property
    def asks_for_organisation(self) -> bool:
        return len(self._organisations) > 1

    def clean_referring_organisation(self):
        if not self.asks_for_organisation:
            return next(iter(self._organisations.values()))
        return self._organisations[self.cleaned_data["referring_organisation"]]

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and (not _PHONE_RE.match(phone) or not 10 <= len(re.sub(r"\D", "", phone)) <= 15):
            raise forms.ValidationError("Enter a phone number, like 0161 770 3000 or 07700 900 982")
        return phone

    def clean(self):
        cleaned = super().clean()
        needs = {
            ContactMethod.PHONE: ("phone", "Enter a phone number"),
            ContactMethod.TEXT: ("phone", "Enter a phone number"),
            ContactMethod.EMAIL: ("email", "Enter an email address"),
        }.get(cleaned.get("preferred_contact_method"))
        if needs and not cleaned.get(needs[0]) and needs[0] not in self.errors:
            self.add_error(needs[0], f"{needs[1]}, or choose another way to contact the person")
        if cleaned.get("nhs_number") and not self.errors:
            self._find_duplicates(cleaned)
        return cleaned

    def _find_duplicates(self, cleaned) -> None:
        """Open referrals for the same person, except the one this very form already made
        (a resubmission is not a duplicate: the service returns the first referral)."""
        open_referrals = selectors.open_referrals_for_nhs_number(
            nhs_number=cleaned["nhs_number"]
        ).exclude(submission_token=cleaned.get("submission_token"))
        self.duplicates = [
            {"referral": r, "visible": permissions.can_view_referral(self.user, r)}
            for r in open_referrals
        ]

    @property
    def needs_duplicate_confirmation(self) -> bool:
        return bool(self.duplicates) and not self.cleaned_data.get("refer_anyway")

    def add_service_error(self, error: forms.ValidationError) -> None:
        """Show a service's refusal on the field it names, or at the top of the form."""
        errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        for field, messages in errors.items():
            self.add_error(field if field in self.fields else None, messages)

    def submission(self) -> dict:
        """Keyword arguments for referrals.services.referral_submit."""
        data = self.cleaned_data
        return {
            "organisation": data["referring_organisation"],
            "reasons": list(data["reasons"]),
            "submission_token": data["submission_token"],
            **{name: data[name] for name in self.PERSON_FIELDS},
        }


class ReferralForm(NHSFormMixin, ReferralFields):
    """The submit form with NHS.UK markup. The mixin reads the form's errors while it
    initialises, so the fields' choices are set up first, in ReferralFields.__init__."""
