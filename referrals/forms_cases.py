"""Forms of the provider's side: triage, taking on a case, and working it.

Each action on the case page is its own small form with its own prefix, so that several can
sit on one page with unique ids and a failed one re-renders with its errors beside the rest.
Forms check what a person typed; the services in referrals.services decide what may happen.

Choices that come from the database (providers, link workers) are plain choices built from
a list the caller reads once and passes in (the inbox offers the same lists on every row), so
rendering a form never queries again.
"""

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone

from thriving.accounts.models import Organisation
from thriving.core.forms import DateInput, NHSFormMixin

from .models import ContactMethod, ContactOutcome, GoalStatus
from .workflow import CLOSE_REASONS_BY_STATUS, CloseReason, NoEndMeasureReason, Status

REJECT_REASONS = [(r.value, r.label) for r in CLOSE_REASONS_BY_STATUS[Status.REJECTED]]
CLOSE_REASONS = [
    (r.value, r.label)
    for r in [*CLOSE_REASONS_BY_STATUS[Status.CLOSED], CloseReason.PERSON_DECLINED]
]


def active_providers() -> list[Organisation]:
    return list(Organisation.objects.providers().order_by("name"))


class _ObjectChoiceFields(forms.Form):
    """A form whose one object field is chosen from a list given by the caller.

    Sets the choices before NHSFormMixin (which reads the errors while it initialises).
    """

    object_field = ""
    choose_label = "Choose"

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self._options = {str(o.pk): o for o in options}
        self.fields[self.object_field].choices = [("", self.choose_label)] + [
            (pk, str(o)) for pk, o in self._options.items()
        ]

    def _clean_object(self):
        return self._options[self.cleaned_data[self.object_field]]


# ------------------------------------------------------------------------------------------
# Triage: coordinators
# ------------------------------------------------------------------------------------------


class _AllocateFields(_ObjectChoiceFields):
    prefix = "allocate"
    object_field = "provider"
    choose_label = "Choose a provider"

    provider = forms.ChoiceField(
        label="Provider organisation",
        error_messages={
            "required": "Choose the provider organisation to allocate the referral to",
            "invalid_choice": "Choose an active provider organisation",
        },
    )
    reason = forms.CharField(
        label="Note for the timeline (optional)", max_length=400, required=False
    )

    def clean_provider(self):
        return self._clean_object()


class AllocateForm(NHSFormMixin, _AllocateFields):
    pass


class RejectForm(NHSFormMixin, forms.Form):
    prefix = "reject"

    reason = forms.ChoiceField(
        label="Why is the referral rejected?",
        choices=REJECT_REASONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the referral is rejected"},
    )
    note = forms.CharField(
        label="More detail for the referrer (optional)",
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReturnToTriageForm(NHSFormMixin, forms.Form):
    prefix = "return"

    reason = forms.CharField(
        label="Why are you returning it to the inbox?",
        max_length=400,
        error_messages={"required": "Say why the referral is going back to the inbox"},
    )


# ------------------------------------------------------------------------------------------
# Taking on a case
# ------------------------------------------------------------------------------------------


class _LinkWorkerFields(_ObjectChoiceFields):
    object_field = "link_worker"
    choose_label = "Choose a link worker"

    link_worker = forms.ChoiceField(
        label="Link worker",
        error_messages={
            "required": "Choose the link worker who will take this case",
            "invalid_choice": "Choose a link worker who works for the provider of this referral",
        },
    )

    def clean_link_worker(self):
        return self._clean_object()


class _AcceptFields(_LinkWorkerFields):
    prefix = "accept"

    def __init__(self, *args, options=None, **kwargs):
        """Without options (a link worker taking the case themselves) there is nothing to ask."""
        super().__init__(*args, options=options or [], **kwargs)
        if options is None:
            del self.fields["link_worker"]


class AcceptForm(NHSFormMixin, _AcceptFields):
    pass


class _AssignFields(_LinkWorkerFields):
    prefix = "assign"

    reason = forms.CharField(
        label="Why is the case changing hands? (optional)", max_length=400, required=False
    )


class AssignForm(NHSFormMixin, _AssignFields):
    pass


# ------------------------------------------------------------------------------------------
# Working a case
# ------------------------------------------------------------------------------------------


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class ContactAttemptForm(NHSFormMixin, forms.Form):
    prefix = "contact"

    method = forms.ChoiceField(
        label="How did you try to contact them?",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you tried to contact the person"},
    )
    outcome = forms.ChoiceField(
        label="What happened?",
        choices=ContactOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happened"},
    )
    on = forms.DateField(
        label="Date of the attempt",
        widget=DateInput(attrs={"class": "nhsuk-input--width-10"}),
        error_messages={
            "required": "Enter the date of the attempt",
            "invalid": "Date of the attempt must be a real date",
        },
    )
    at = forms.TimeField(
        label="Time of the attempt",
        help_text="For example, 14:30",
        widget=TimeInput(attrs={"class": "nhsuk-input--width-5"}),
        error_messages={
            "required": "Enter the time of the attempt",
            "invalid": "Time of the attempt must be a real time, like 14:30",
        },
    )
    note = forms.CharField(
        label="Note (optional)",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, accepted_at: datetime | None = None, **kwargs):
        """`accepted_at`: no attempt can come before the case was accepted (a mistyped year
        would otherwise skew the time to first contact)."""
        if not args and "data" not in kwargs:
            now = timezone.localtime()
            kwargs.setdefault("initial", {"on": now.date(), "at": now.time().replace(second=0)})
        self.accepted_at = accepted_at
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("on") and cleaned.get("at") is not None:
            moment = timezone.make_aware(datetime.combine(cleaned["on"], cleaned["at"]))
            if moment > timezone.now() + timedelta(minutes=5):
                self.add_error("on", "The date and time of the attempt cannot be in the future")
            elif self.accepted_at and moment < self.accepted_at.replace(second=0, microsecond=0):
                accepted = timezone.localtime(self.accepted_at)
                self.add_error(
                    "on",
                    "The attempt cannot be before the case was accepted, on "
                    f"{accepted.day} {accepted:%B %Y} at {accepted:%H:%M}",
                )
            cleaned["moment"] = moment
        return cleaned


class UnableToContactForm(NHSFormMixin, forms.Form):
    prefix = "unable"


class WhatMattersForm(NHSFormMixin, forms.Form):
    prefix = "what_matters"

    text = forms.CharField(
        label="What matters to the person",
        help_text="In their words: what they want to change, what they enjoy, who matters to "
        "them. The referrer sees this when the case closes.",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Write down what matters to the person"},
    )


class NoteForm(NHSFormMixin, forms.Form):
    prefix = "note"

    text = forms.CharField(
        label="Note",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write the note before saving it"},
    )
    shareable = forms.BooleanField(
        label="Share with the referrer",
        help_text="Shared notes appear in the outcome summary the referrer sees when the case "
        "closes. Leave unticked for anything personal or clinical.",
        required=False,
    )


class GoalForm(NHSFormMixin, forms.Form):
    prefix = "goal"

    description = forms.CharField(
        label="Goal",
        help_text="Something the person wants to do, in their words",
        max_length=300,
        error_messages={
            "required": "Describe the goal",
            "max_length": "Goal must be 300 characters or fewer",
        },
    )


class GoalStatusForm(NHSFormMixin, forms.Form):
    prefix = "goal_status"

    status = forms.ChoiceField(
        label="Goal status",
        choices=GoalStatus.choices,
        error_messages={
            "required": "Choose a goal status",
            "invalid_choice": "Choose a goal status",
        },
    )


class NextContactForm(NHSFormMixin, forms.Form):
    prefix = "next_contact"

    next_contact_date = forms.DateField(
        label="Next contact date",
        help_text="Leave empty to clear the date",
        required=False,
        widget=DateInput(attrs={"class": "nhsuk-input--width-10"}),
        error_messages={"invalid": "Next contact date must be a real date"},
    )

    def clean_next_contact_date(self):
        value = self.cleaned_data["next_contact_date"]
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError("The next contact date must be today or later")
        return value


class HoldForm(NHSFormMixin, forms.Form):
    prefix = "hold"

    reason = forms.CharField(
        label="Why is the case going on hold?",
        max_length=400,
        error_messages={"required": "Say why the case is going on hold"},
    )


class ResumeForm(NHSFormMixin, forms.Form):
    prefix = "resume"

    reason = forms.CharField(
        label="Note for the timeline (optional)", max_length=400, required=False
    )


class _CloseFields(forms.Form):
    """Why the case is closing, the summary for the referrer and, when no end wellbeing
    measure is recorded, why there is none (`needs_end_measure_reason`)."""

    prefix = "close"

    reason = forms.ChoiceField(
        label="Why is the case closing?",
        choices=CLOSE_REASONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the case is closing"},
    )
    outcome_summary = forms.CharField(
        label="Outcome summary for the referrer",
        help_text="What changed for the person and where they are connected now. No clinical "
        "or personal detail the referrer does not need.",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write a short outcome summary for the referrer"},
    )
    no_end_measure_reason = forms.ChoiceField(
        label="Why is there no end wellbeing measure?",
        help_text="Record the end measure before closing if you can. If not, say why: the "
        "referrer and the programme's figures show the reason in its place.",
        choices=NoEndMeasureReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Record the end wellbeing measure before closing the case, or choose "
            "why there is none",
            "invalid_choice": "Choose why there is no end wellbeing measure",
        },
    )

    def __init__(self, *args, needs_end_measure_reason: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_end_measure_reason = needs_end_measure_reason
        if not needs_end_measure_reason:
            del self.fields["no_end_measure_reason"]


class CloseForm(NHSFormMixin, _CloseFields):
    pass
