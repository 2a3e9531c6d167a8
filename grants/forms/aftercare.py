"""What a group does after submitting: withdraw, answer a question, accept the offer, and
report back with photos and receipts."""

from decimal import Decimal

from django import forms

from thriving.core.forms import NHSFormMixin

from ..models import MonitoringAttachment
from .fields import CountField, MoneyField


class WithdrawForm(NHSFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing? (optional)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InformationAnswerForm(NHSFormMixin, forms.Form):
    prefix = "answer"

    answer = forms.CharField(
        label="Your answer",
        max_length=5000,
        error_messages={"required": "Write your answer to the question"},
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class AcceptOfferForm(NHSFormMixin, forms.Form):
    prefix = "accept"

    confirm = forms.BooleanField(
        label="We accept the grant and will spend it on the project as we described",
        error_messages={"required": "Confirm that your group accepts the grant"},
    )


class MonitoringReportForm(NHSFormMixin, forms.Form):
    prefix = "report"

    what_happened = forms.CharField(
        label="What happened in your project?",
        help_text="What you did, what went well, what you would change",
        max_length=10000,
        error_messages={"required": "Tell us what happened in your project"},
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    people_reached = CountField(
        label="How many people did the project reach?",
        min_value=0,
        max_value=1_000_000,
        error_messages={
            "required": "Enter how many people the project reached",
            "invalid": "Enter the number of people as a whole number, like 40",
            "min_value": "Enter a number of people of 0 or more",
            "max_value": "Enter a number of people of 1,000,000 or fewer",
        },
    )
    amount_spent = MoneyField(
        label="How much of the grant did you spend?",
        min_value=Decimal("0"),
        error_messages={
            "required": "Enter how much of the grant you spent",
            "min_value": "Enter an amount of £0 or more",
        },
    )
    spend_explanation = forms.CharField(
        label="How did the spending compare with your budget?",
        help_text="Say what the money paid for, and explain any difference from your budget",
        max_length=5000,
        error_messages={"required": "Tell us how the money was spent compared with your budget"},
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AttachmentFields(forms.Form):
    prefix = "upload"

    file = forms.FileField(
        label="Upload a photo or receipt",
        help_text="A PNG or JPEG photo, or a PDF, smaller than {size} MB",
        error_messages={
            "required": "Choose a file to upload",
            "empty": "The file you chose is empty. Choose another file",
            "invalid": "Choose a file to upload",
            "max_length": "The file name must be 200 characters or fewer",
        },
        max_length=MonitoringAttachment._meta.get_field("original_name").max_length,
    )

    def __init__(self, *args, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.help_text = field.help_text.format(size=max_bytes // (1024 * 1024))
        field.widget.attrs["accept"] = "image/png,image/jpeg,application/pdf"


class AttachmentForm(NHSFormMixin, AttachmentFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The NHS.UK file upload input, not the text input class the mixin gives.
        self.fields["file"].widget.attrs["class"] = "nhsuk-file-upload__input"
