"""The wellbeing questionnaires as forms: ONS4 and SWEMWBS, in their official words.

Each question is a radio group of its own (a fieldset whose legend is the question), so a
screen reader hears the question with every answer. A missing or out-of-range answer gets a
message naming the question; the service (referrals.measures) checks the same again.
"""

from datetime import date

from django import forms
from django.utils import timezone

from thriving.core.forms import DateInput, NHSFormMixin

from .measures import (
    ITEMS,
    ONS4_INTRO,
    SWEMWBS_INTRO,
    SWEMWBS_SCALE,
    Item,
)
from .models import Instrument, Timepoint
from .presenters import format_date

TIMEPOINT_HINTS = {
    Timepoint.START: "Start: at the beginning of the support, usually at the 'what matters to "
    "you' conversation",
    Timepoint.REVIEW: "Review: part way through",
    Timepoint.END: "End: as the support finishes",
}


def _ons4_choices(item: Item) -> list[tuple[int, str]]:
    choices = [(n, str(n)) for n in range(item.low, item.high + 1)]
    choices[0] = (item.low, f"{item.low} – {item.low_label}")
    choices[-1] = (item.high, f"{item.high} – {item.high_label}")
    return choices


def _swemwbs_choices(item: Item) -> list[tuple[int, str]]:
    return [(n, label) for n, label in SWEMWBS_SCALE]


class _MeasureFields(forms.Form):
    """Timepoint, date taken and one radio group per question of the instrument.

    `timepoints`: those the case allows now (start only once; only end once it has closed).
    `submitted_on`: the day the referral was made; nothing can be taken before it.
    """

    instrument = ""
    intro = ""

    timepoint = forms.ChoiceField(
        label="When in the support was this taken?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose when in the support the measure was taken",
            "invalid_choice": "Choose when in the support the measure was taken",
        },
    )
    taken_on = forms.DateField(
        label="Date taken",
        help_text="The day the person answered the questions",
        widget=DateInput(attrs={"class": "nhsuk-input--width-10"}),
        error_messages={
            "required": "Enter the date the questions were answered",
            "invalid": "Date taken must be a real date",
        },
    )

    def __init__(self, *args, timepoints: list[str], submitted_on: date, **kwargs):
        data = args[0] if args else kwargs.get("data")
        if data is None:
            kwargs.setdefault("initial", {})
            kwargs["initial"].setdefault("taken_on", timezone.localdate())
            if len(timepoints) == 1 or Timepoint.START in timepoints:
                kwargs["initial"].setdefault("timepoint", timepoints[0])
        super().__init__(*args, **kwargs)
        self.submitted_on = submitted_on
        self.fields["timepoint"].choices = [(t, TIMEPOINT_HINTS[Timepoint(t)]) for t in timepoints]
        for item in ITEMS[self.instrument]:
            choices = (
                _ons4_choices(item)
                if self.instrument == Instrument.ONS4
                else _swemwbs_choices(item)
            )
            self.fields[item.field] = forms.TypedChoiceField(
                label=item.wording,
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": item.missing_message,
                    "invalid_choice": item.invalid_message,
                },
            )

    def clean_taken_on(self):
        value = self.cleaned_data["taken_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date taken cannot be in the future")
        if value < self.submitted_on:
            raise forms.ValidationError(
                "The date taken cannot be before the referral was made, on "
                f"{format_date(self.submitted_on)}"
            )
        return value

    def scores(self) -> dict[str, int]:
        return {item.field: self.cleaned_data[item.field] for item in ITEMS[self.instrument]}

    @property
    def question_fields(self) -> list:
        return [self[item.field] for item in ITEMS[self.instrument]]


class _Ons4Fields(_MeasureFields):
    instrument = Instrument.ONS4
    intro = ONS4_INTRO


class _SwemwbsFields(_MeasureFields):
    instrument = Instrument.SWEMWBS
    intro = SWEMWBS_INTRO


class Ons4Form(NHSFormMixin, _Ons4Fields):
    pass


class SwemwbsForm(NHSFormMixin, _SwemwbsFields):
    pass


FORMS = {Instrument.ONS4: Ons4Form, Instrument.SWEMWBS: SwemwbsForm}
