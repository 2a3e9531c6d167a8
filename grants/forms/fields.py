"""Fields and helpers every grants form shares: money and counts as people type them, and
showing a service's refusal against the right field."""

from decimal import Decimal

from django import forms

MONEY_MESSAGE = "Enter an amount in pounds and pence, like 350 or 349.99"


class MoneyField(forms.DecimalField):
    """Pounds and pence typed as people write them: '£1,250.50' is 1250.50."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 10)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0.01"))
        messages = {
            "invalid": MONEY_MESSAGE,
            "max_digits": "Enter an amount of less than £100,000,000",
            "max_whole_digits": "Enter an amount of less than £100,000,000",
            "max_decimal_places": "Enter the amount with no more than 2 digits for the pence",
            "min_value": "Enter an amount of more than £0",
            **kwargs.pop("error_messages", {}),
        }
        super().__init__(error_messages=messages, **kwargs)

    def widget_attrs(self, widget):
        # Not type="number": NHS.UK text inputs, and no browser step rules on pence.
        return {"inputmode": "decimal", "class": "nhsuk-input--width-10", "spellcheck": "false"}

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", "").removeprefix("£").strip()
        return super().to_python(value)


class CountField(forms.IntegerField):
    widget = forms.TextInput

    def widget_attrs(self, widget):
        return {"inputmode": "numeric", "class": "nhsuk-input--width-10", "spellcheck": "false"}


def add_service_error(form, error: forms.ValidationError) -> None:
    """Show a service's refusal on the field it names, or at the top of the form."""
    errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, messages in errors.items():
        form.add_error(field if field in form.fields else None, messages)
