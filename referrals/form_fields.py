"""Form fields for identifiers and dates people type: NHS number, postcode, date of birth."""

from datetime import date

from django import forms
from django.utils import timezone

from thriving.core.validators import (
    normalise_nhs_number,
    normalise_postcode,
    validate_nhs_number,
    validate_postcode,
)

MAX_AGE_YEARS = 120


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


class DateInputWidget(forms.MultiWidget):
    """Day, month and year boxes: the NHS.UK date input. submit.html lays them out.

    The day box takes the field's own id, so the error summary's link lands in it. The
    autocomplete tokens are scoped to "section-person" (see referrals.forms).
    """

    _BOXES = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))

    def __init__(self, attrs=None):
        boxes = {
            name: forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": f"section-person bday-{name}"}
            )
            for name, _label, _width in self._BOXES
        }
        super().__init__(boxes, attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        field_id = context["widget"]["attrs"].get("id", "")
        for box, (box_name, label, width) in zip(
            context["widget"]["subwidgets"], self._BOXES, strict=True
        ):
            box["label"] = label
            box["attrs"]["id"] = field_id if box_name == "day" else f"{field_id}_{box_name}"
            box["attrs"]["class"] = (
                f"nhsuk-input nhsuk-date-input__input nhsuk-input--width-{width}"
            )
        return context


class DateOfBirthField(forms.Field):
    """A date of birth typed as day, month and year: real, in the past, within 120 years."""

    widget = DateInputWidget
    default_error_messages = {
        "required": "Enter the person's date of birth",
        "incomplete": "Date of birth must include a {missing}",
        "invalid": "Date of birth must be a real date",
        "future": "Date of birth must be in the past",
        "too_old": f"Date of birth must be less than {MAX_AGE_YEARS} years ago",
    }

    def to_python(self, value):
        if isinstance(value, date):
            return value
        parts = ["" if p is None else str(p).strip() for p in (value or [None] * 3)]
        if not any(parts):
            return None
        missing = [
            name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part
        ]
        if missing:
            raise forms.ValidationError(
                self.error_messages["incomplete"].format(missing=" and ".join(missing)),
                code="incomplete",
            )
        if not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        today = timezone.localdate()
        if value >= today:
            raise forms.ValidationError(self.error_messages["future"], code="future")
        if value < _years_before(today, MAX_AGE_YEARS):
            raise forms.ValidationError(self.error_messages["too_old"], code="too_old")


class NHSNumberField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("error_messages", {"required": "Enter the person's NHS number"})
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        validate_nhs_number(value)
        return normalise_nhs_number(value)


class PostcodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("error_messages", {"required": "Enter the person's postcode"})
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        validate_postcode(value)
        return normalise_postcode(value)
