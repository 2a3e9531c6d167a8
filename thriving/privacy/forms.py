from django import forms

from thriving.core.logging import has_identifiers
from thriving.core.validators import nhs_number_is_valid, normalise_nhs_number


class NHSNumberForm(forms.Form):
    """The person, by NHS number. Always sent by POST: an NHS number never goes in a URL."""

    nhs_number = forms.CharField(
        label="NHS number",
        max_length=14,
        help_text="10 digits, like 943 476 5919",
        error_messages={"required": "Enter the person's NHS number."},
    )

    def clean_nhs_number(self) -> str:
        digits = normalise_nhs_number(self.cleaned_data["nhs_number"])
        if not nhs_number_is_valid(digits):
            raise forms.ValidationError(
                "Enter a valid 10-digit NHS number, like 943 476 5919. Check the digits: "
                "the last one does not match the others."
            )
        return digits


class EraseForm(NHSNumberForm):
    nhs_number = forms.CharField(widget=forms.HiddenInput, max_length=14)
    reason = forms.CharField(
        label="Why the law allows this erasure",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: the person asked for erasure on 1 March 2026 and no legal "
        "duty to keep the record applies. Do not include their name, NHS number or email.",
        error_messages={"required": "Say why the law allows this erasure."},
    )
    confirm = forms.BooleanField(
        label="I understand the person's details will be removed for good and cannot be "
        "brought back",
        error_messages={"required": "Confirm that you understand the erasure is permanent."},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if has_identifiers(reason):
            raise forms.ValidationError(
                "Leave the person's NHS number and any email address out of the reason."
            )
        return reason
