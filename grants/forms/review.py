"""Forms of the council's and the panel's side: the eligibility check, the decision, the
payment, completing the monitoring, declaring an interest and scoring.

Each form has its own prefix, so several can sit on one page with unique ids. The services
decide what may happen (the quorum, the budget, the award limits); their refusals are shown
against these fields.
"""

from django import forms
from django.utils import timezone

from thriving.core.forms import DateInput, NHSFormMixin

from ..models import SCORE_MAX, SCORE_MIN, format_money
from ..workflow import Decision
from .fields import MoneyField


class EligibilityForm(NHSFormMixin, forms.Form):
    prefix = "eligibility"

    PASS, FAIL, ASK = "pass", "fail", "ask"
    OUTCOMES = [
        (PASS, "Eligible: pass it to the panel"),
        (FAIL, "Not eligible"),
        (ASK, "Ask the group for more information"),
    ]

    outcome = forms.ChoiceField(
        label="Is the application eligible?",
        choices=OUTCOMES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether the application is eligible",
            "invalid_choice": "Choose whether the application is eligible",
        },
    )
    note = forms.CharField(
        label="The reason, or your question",
        help_text="If it is not eligible, say why. If you need more information, write your "
        "question. The group will see either. For an eligible application this note is "
        "optional and stays on the timeline.",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        cleaned = super().clean()
        outcome, note = cleaned.get("outcome"), (cleaned.get("note") or "").strip()
        if outcome == self.FAIL and not note:
            self.add_error(
                "note", "Say why the application is not eligible. The group will see this"
            )
        if outcome == self.ASK and not note:
            self.add_error("note", "Write the question for the group")
        return cleaned


class DecisionFields(forms.Form):
    """The help text names the amounts that apply, so it is set before NHSFormMixin binds
    the fields (a bound field keeps the help text it was made with)."""

    prefix = "decision"

    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            (Decision.APPROVE.value, "Approve"),
            (Decision.DECLINE.value, "Decline"),
            (Decision.DEFER.value, "Defer the decision"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose approve, decline or defer",
            "invalid_choice": "Choose approve, decline or defer",
        },
    )
    amount = MoneyField(
        label="Amount to award (approving in part)",
        help_text="Only when approving",
        required=False,
    )
    rationale = forms.CharField(
        label="Reason for the decision",
        help_text="The group will see this",
        max_length=5000,
        error_messages={"required": "Write the reason for the decision. The group will see it"},
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, application, remaining, **kwargs):
        super().__init__(*args, **kwargs)
        round_ = application.round
        self.fields["amount"].help_text = (
            "Only when approving. Leave empty to award the "
            f"{format_money(application.amount_requested)} asked for. The award can be no "
            "more than the round's maximum of "
            f"{format_money(round_.max_award)} or the {format_money(max(remaining, 0))} left "
            "in the budget."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("amount") is not None and cleaned.get("decision") not in (
            None,
            Decision.APPROVE,
        ):
            self.add_error("amount", "Give an amount only when approving")
        return cleaned


class DecisionForm(NHSFormMixin, DecisionFields):
    pass


class PaymentForm(NHSFormMixin, forms.Form):
    prefix = "payment"

    paid_on = forms.DateField(
        label="Date paid",
        widget=DateInput,
        error_messages={
            "required": "Enter the date of the payment",
            "invalid": "Date paid must be a real date",
        },
    )
    amount = MoneyField(
        label="Amount paid",
        error_messages={"required": "Enter the amount paid"},
    )
    reference = forms.CharField(
        label="Payment reference",
        help_text="The finance system's reference for the payment",
        max_length=50,
        error_messages={"required": "Enter the finance system's payment reference"},
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-20", "spellcheck": "false"}),
    )

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        if paid_on > timezone.localdate():
            raise forms.ValidationError("The payment date cannot be in the future")
        return paid_on


class CompleteMonitoringForm(NHSFormMixin, forms.Form):
    prefix = "complete"

    note = forms.CharField(
        label="Note on the report (optional)",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReturnToPanelForm(NHSFormMixin, forms.Form):
    prefix = "return"

    reason = forms.CharField(
        label="Why is it going back to the panel? (optional)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DeclarationForm(NHSFormMixin, forms.Form):
    prefix = "declaration"

    has_conflict = forms.TypedChoiceField(
        label="Do you have a conflict of interest with this group or project?",
        help_text="For example, you are a member, trustee or volunteer of the group, or a "
        "close friend or relative of someone who runs it",
        choices=[("no", "No, I have no conflict of interest"), ("yes", "Yes, I have a conflict")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether you have a conflict of interest",
            "invalid_choice": "Choose whether you have a conflict of interest",
        },
    )
    note = forms.CharField(
        label="If you have a conflict, what is it?",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("has_conflict") is True and not (cleaned.get("note") or "").strip():
            self.add_error("note", "Say what your conflict of interest is")
        return cleaned


class LateConflictForm(NHSFormMixin, forms.Form):
    """For a member who declared no conflict and then realises they have one."""

    prefix = "conflict"

    note = forms.CharField(
        label="What is the conflict of interest?",
        max_length=1000,
        error_messages={"required": "Say what your conflict of interest is"},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


SCORE_CHOICES = [(str(n), str(n)) for n in range(SCORE_MIN, SCORE_MAX + 1)]


class ScoreFields(forms.Form):
    """A 1 to 5 score (radios) and a comment for every criterion of the round:
    `criterion_<id>` and `comment_<id>`, named as the service names its errors."""

    prefix = "score"

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.name}: your score",
                help_text=criterion.guidance,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Give a score for {criterion.name}",
                    "invalid_choice": f"Score {criterion.name} from {SCORE_MIN} to {SCORE_MAX}",
                },
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=f"{criterion.name}: your comment",
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @classmethod
    def initial_for(cls, scores) -> dict:
        initial = {}
        for score in scores:
            initial[f"criterion_{score.criterion_id}"] = str(score.score)
            initial[f"comment_{score.criterion_id}"] = score.comment
        return initial

    def rows(self):
        return [
            {
                "criterion": c,
                "score": self[f"criterion_{c.pk}"],
                "comment": self[f"comment_{c.pk}"],
            }
            for c in self.criteria
        ]

    def scores(self) -> dict:
        data = self.cleaned_data
        return {c.pk: (data[f"criterion_{c.pk}"], data[f"comment_{c.pk}"]) for c in self.criteria}


class ScoreForm(NHSFormMixin, ScoreFields):
    pass
