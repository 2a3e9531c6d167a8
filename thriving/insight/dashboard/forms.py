"""The dashboard's filters: a date range, a provider (the programme lead only) and a ward."""

from datetime import date

from django import forms
from django.utils import timezone

from thriving.core.calendar import CALENDAR_START
from thriving.core.forms import DateInput, NHSFormMixin
from thriving.places.models import Ward

from . import selectors
from .figures import DashboardFilters
from .permissions import can_choose_provider
from .presenters import date_text


class _ListChoiceField(forms.ModelChoiceField):
    """Anything not on the list (a malformed id included) is "not on the list"."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class DashboardFilterForm(NHSFormMixin, forms.Form):
    date_from = forms.DateField(
        label="Referred from",
        required=False,
        help_text="For example, 2025-04-01. Leave empty for the 12 months up to the date below.",
        widget=DateInput(attrs={"class": "nhsuk-input--width-10"}),
        error_messages={"invalid": "‘Referred from’ must be a real date, like 2025-04-01"},
    )
    date_to = forms.DateField(
        label="Referred up to and including",
        required=False,
        help_text="Leave empty for today.",
        widget=DateInput(attrs={"class": "nhsuk-input--width-10"}),
        error_messages={"invalid": "‘Referred up to’ must be a real date, like 2026-03-31"},
    )
    provider = _ListChoiceField(
        label="Provider",
        queryset=selectors.providers_for_filter(),
        required=False,
        empty_label="All providers",
        error_messages={"invalid_choice": "Choose a provider from the list"},
    )
    ward = _ListChoiceField(
        label="Ward",
        queryset=Ward.objects.order_by("name"),
        to_field_name="ons_code",
        required=False,
        empty_label="All wards",
        error_messages={"invalid_choice": "Choose a ward from the list"},
    )

    def __init__(self, *args, user, today: date | None = None, **kwargs):
        self.today = today or timezone.localdate()
        super().__init__(*args, **kwargs)
        if not can_choose_provider(user):
            # A coordinator sees their own organisation: no choice to offer, and a provider
            # in the address is ignored rather than looked at.
            del self.fields["provider"]

    def clean_date_from(self):
        value = self.cleaned_data.get("date_from")
        if value is not None and value < CALENDAR_START:
            raise forms.ValidationError(
                f"‘Referred from’ must be on or after {date_text(CALENDAR_START)}, when the "
                "programme's records start"
            )
        return value

    def clean_date_to(self):
        value = self.cleaned_data.get("date_to")
        if value is not None and value > self.today:
            raise forms.ValidationError(
                f"‘Referred up to’ cannot be after today ({date_text(self.today)})"
            )
        return value

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error(
                "date_to",
                "‘Referred up to’ must be the same as or after ‘Referred from’",
            )
        elif date_from and not date_to and date_from > self.today:
            self.add_error("date_from", "‘Referred from’ cannot be after today")
        return cleaned

    def filters(self) -> DashboardFilters:
        """The filters asked for, with the defaults where a field was left empty."""
        data = self.cleaned_data if self.is_bound else {}
        date_to = data.get("date_to") or self.today
        default = selectors.default_filters(today=date_to)
        provider = data.get("provider")
        ward = data.get("ward")
        return DashboardFilters(
            date_from=data.get("date_from") or default.date_from,
            date_to=date_to,
            provider_id=provider.pk if provider else None,
            ward_id=ward.pk if ward else None,
        )
