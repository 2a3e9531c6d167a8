from django import forms

from .models import Delivery


class PreferencesForm(forms.Form):
    """One radio group per kind of reminder that concerns the person."""

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        for rule, current in choices:
            message = f"Choose how you want to hear that {rule.label[0].lower()}{rule.label[1:]}"
            self.fields[rule.kind] = forms.ChoiceField(
                label=rule.label,
                choices=Delivery.choices,
                initial=current,
                widget=forms.RadioSelect,
                error_messages={"required": message, "invalid_choice": message},
            )
