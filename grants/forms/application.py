"""The application on one page, with its budget lines as a formset.

Every field may be left empty in a draft; whether an application is complete enough to submit
is the service's call (`grants.services.submission_errors`), and its messages are shown
against these fields.
"""

import uuid
from decimal import Decimal, InvalidOperation

from django import forms

from thriving.core.forms import DateInput, NHSFormMixin
from thriving.places.models import Ward

from ..models import GroupType
from ..models.applications import validate_charity_number, validate_company_number
from .fields import CountField, MoneyField

YES_NO = [("yes", "Yes"), ("no", "No")]


def _answer(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class ApplicationFields(forms.Form):
    """One page for the whole application; every field may be left empty in a draft.

    `organisations` are the groups the user represents (asked only when there are several);
    `questions` are the round's eligibility questions, each a yes/no field `question_<id>`.
    """

    TEXT_FIELDS = ("charity_number", "company_number", "project_title", "project_description")

    # Starting an application: a second press of Save or Submit carries the same token, so
    # it finds the application the first press started instead of starting another.
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    organisation = forms.ChoiceField(
        label="Which group are you applying for?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the group you are applying for",
            "invalid_choice": "Choose the group you are applying for",
        },
    )
    group_type = forms.ChoiceField(
        label="What type of group are you?",
        choices=GroupType.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose what type of group you are"},
    )
    charity_number = forms.CharField(
        label="Charity number (if you have one)",
        help_text="Registered charities and CIOs have one, for example 1234567",
        max_length=20,
        required=False,
        validators=[validate_charity_number],
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10", "spellcheck": "false"}),
    )
    company_number = forms.CharField(
        label="Company number (if you have one)",
        help_text="CICs and companies have one, for example 01234567",
        max_length=20,
        required=False,
        validators=[validate_company_number],
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10", "spellcheck": "false"}),
    )
    project_title = forms.CharField(
        label="Project title",
        help_text="A short name for your project, under 140 characters",
        max_length=140,
        required=False,
        error_messages={"max_length": "Project title must be 140 characters or fewer"},
    )
    project_description = forms.CharField(
        label="Describe your project",
        help_text="What you will do, who it is for, and the difference it will make",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    wards = forms.ModelMultipleChoiceField(
        label="Which wards will your project serve?",
        help_text="Select all that apply",
        queryset=Ward.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Choose wards from the list",
            "invalid_pk_value": "Choose wards from the list",
        },
    )
    people_reached = CountField(
        label="How many people will your project reach?",
        min_value=1,
        max_value=1_000_000,
        required=False,
        error_messages={
            "invalid": "Enter the number of people as a whole number, like 40",
            "min_value": "Enter a number of people of 1 or more",
            "max_value": "Enter a number of people of 1,000,000 or fewer",
        },
    )
    amount_requested = MoneyField(
        label="How much are you asking for?",
        required=False,
    )
    start_date = forms.DateField(
        label="Start date",
        required=False,
        widget=DateInput,
        error_messages={"invalid": "Start date must be a real date"},
    )
    end_date = forms.DateField(
        label="End date",
        required=False,
        widget=DateInput,
        error_messages={"invalid": "End date must be a real date"},
    )
    declaration_accurate = forms.BooleanField(
        label="The information in this application is true and complete", required=False
    )
    declaration_use_of_funds = forms.BooleanField(
        label="We will spend the grant only on this project and return any money not spent",
        required=False,
    )
    declaration_monitoring = forms.BooleanField(
        label="We will send a monitoring report when the project ends", required=False
    )
    declaration_publication = forms.BooleanField(
        label="We agree that details of the grant may be published as open data",
        required=False,
    )

    DECLARATIONS = (
        "declaration_accurate",
        "declaration_use_of_funds",
        "declaration_monitoring",
        "declaration_publication",
    )

    def __init__(self, *args, round_, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())
        self.round = round_
        self.fields["wards"].queryset = Ward.objects.order_by("name")
        self._organisations = {str(o.pk): o for o in organisations}
        if len(self._organisations) > 1:
            self.fields["organisation"].choices = [
                (pk, o.name) for pk, o in self._organisations.items()
            ]
        else:
            del self.fields["organisation"]
        self.fields[
            "amount_requested"
        ].help_text = f"Between £{round_.min_award:,.0f} and £{round_.max_award:,.0f}, in pounds"
        self.questions = list(round_.eligibility_questions.all())
        for question in self.questions:
            self.fields[self.question_field(question)] = forms.TypedChoiceField(
                label=question.text,
                help_text=question.help_text,
                choices=YES_NO,
                coerce=_answer,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Answer this question: choose yes or no"},
            )

    @staticmethod
    def question_field(question) -> str:
        return f"question_{question.pk}"

    @property
    def question_fields(self):
        return [self[self.question_field(q)] for q in self.questions]

    @property
    def declaration_fields(self):
        return [self[name] for name in self.DECLARATIONS]

    @property
    def asks_for_organisation(self) -> bool:
        return "organisation" in self.fields

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be the same as or after the start date")
        return cleaned

    def chosen_organisation(self):
        if self.asks_for_organisation:
            return self._organisations[self.cleaned_data["organisation"]]
        return next(iter(self._organisations.values()), None)

    def draft_data(self) -> dict:
        """Keyword arguments for application_create_draft / application_update_draft."""
        data = self.cleaned_data
        fields = {name: data[name] for name in self.TEXT_FIELDS}
        fields.update(
            {
                "group_type": data["group_type"],
                "people_reached": data["people_reached"],
                "amount_requested": data["amount_requested"],
                "start_date": data["start_date"],
                "end_date": data["end_date"],
                **{name: data[name] for name in self.DECLARATIONS},
            }
        )
        return {
            **fields,
            "wards": list(data["wards"]),
            "eligibility_answers": {q.pk: data[self.question_field(q)] for q in self.questions},
        }

    @classmethod
    def initial_for(cls, application) -> dict:
        initial = {
            name: getattr(application, name)
            for name in (
                *cls.TEXT_FIELDS,
                "group_type",
                "people_reached",
                "amount_requested",
                "start_date",
                "end_date",
                *cls.DECLARATIONS,
            )
        }
        initial["wards"] = [w.pk for w in application.wards.all()]
        for answer in application.eligibility_answers.all():
            initial[f"question_{answer.question_id}"] = "yes" if answer.answer else "no"
        return initial

    def add_submission_errors(self, errors: dict[str, list[str]]) -> list[str]:
        """Put the service's reasons for refusing a submission on the fields; return the
        messages about the budget, which belong to the budget lines."""
        budget = []
        for field, messages in errors.items():
            if field == "budget_lines":
                budget.extend(messages)
            elif field == "eligibility_answers":
                for bound in self.question_fields:
                    if bound.value() in (None, ""):
                        self.add_error(bound.name, "Answer this question: choose yes or no")
            else:
                self.add_error(field if field in self.fields else None, messages)
        return budget


class ApplicationForm(NHSFormMixin, ApplicationFields):
    """The application with NHS.UK markup; the fields are set up first (see NHSFormMixin)."""


class BudgetLineForm(NHSFormMixin, forms.Form):
    description = forms.CharField(
        label="What the money is for",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "nhsuk-u-width-full"}),
    )
    amount = MoneyField(label="Amount", required=False)

    def clean(self):
        cleaned = super().clean()
        description, amount = cleaned.get("description"), cleaned.get("amount")
        if description and amount is None and "amount" not in self.errors:
            self.add_error("amount", "Enter the amount for this line of the budget")
        if amount is not None and not description:
            self.add_error("description", "Say what this money is for")
        return cleaned


class BaseBudgetFormSet(forms.BaseFormSet):
    def lines(self) -> list[dict]:
        return [
            {"description": f.cleaned_data["description"], "amount": f.cleaned_data["amount"]}
            for f in self.forms
            if f.cleaned_data.get("description") or f.cleaned_data.get("amount") is not None
        ]

    def total(self) -> Decimal:
        total = Decimal("0")
        for form in self.forms:
            try:
                amount = Decimal(str(form["amount"].value() or "0").replace(",", "").lstrip("£"))
            except InvalidOperation:
                continue
            # "Infinity", "NaN" or "1e400" typed in a line is refused by its field; adding it
            # would make the total unprintable (and the page a 500).
            if amount.is_finite() and amount.adjusted() < 8:
                total += amount
        return total

    def add_budget_errors(self, messages: list[str]) -> None:
        self._non_form_errors = self.error_class(
            [*self.non_form_errors(), *messages], error_class="nonform"
        )


BUDGET_ROWS = 6
BUDGET_MAX_ROWS = 20


def budget_formset(data=None, *, lines=()):
    """Six rows for the budget (one more than the draft's lines when it has six or more, up
    to 20)."""
    initial = [{"description": line.description, "amount": line.amount} for line in lines]
    extra = max(BUDGET_ROWS - len(initial), 1)
    formset_class = forms.formset_factory(
        BudgetLineForm,
        formset=BaseBudgetFormSet,
        extra=extra,
        max_num=BUDGET_MAX_ROWS,
        validate_max=True,
        absolute_max=BUDGET_MAX_ROWS,
    )
    # A posted formset is read without the saved lines as its initial values: a row sent
    # unchanged from them would otherwise count as "not changed" and be skipped.
    return formset_class(data, initial=None if data is not None else initial, prefix="budget")
