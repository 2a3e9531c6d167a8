"""A form mixin that gives Django widgets the NHS.UK frontend's classes and ARIA links."""

from django import forms

from .validators import validate_no_control_characters


class NHSFormMixin:
    """Add NHS.UK classes, and point aria-describedby at the hint and error of each field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Before anything reads self.errors below: that runs the validation, and a validator
        # added after it would never see the data.
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(validate_no_control_characters)
        for name, field in self.fields.items():
            widget = field.widget
            css = widget.attrs.get("class", "")
            if isinstance(widget, forms.CheckboxInput):
                css += " nhsuk-checkboxes__input"
            elif isinstance(widget, forms.Select) and not isinstance(
                widget, forms.RadioSelect | forms.CheckboxSelectMultiple
            ):
                css += " nhsuk-select"
            elif isinstance(widget, forms.Textarea):
                css += " nhsuk-textarea"
            elif isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                pass
            else:
                css += " nhsuk-input"
            if name in self.errors:
                css += {
                    "nhsuk-select": " nhsuk-select--error",
                    "nhsuk-textarea": " nhsuk-textarea--error",
                    "nhsuk-input": " nhsuk-input--error",
                }.get(css.strip().split(" ")[-1], "")
            widget.attrs["class"] = css.strip()
            described = []
            if field.help_text:
                described.append(f"id_{self.add_prefix(name)}-hint")
            if name in self.errors:
                described.append(f"id_{self.add_prefix(name)}-error")
            if described:
                widget.attrs["aria-describedby"] = " ".join(described)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
