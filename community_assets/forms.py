"""Forms for keeping the directory: a listing, its places and times, a CSV upload."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, Q, When
from django.db.models.functions import Coalesce

from thriving.accounts.models import Organisation, User
from thriving.accounts.roles import OrganisationKind, Role
from thriving.core.forms import NHSFormMixin
from thriving.core.validators import normalise_postcode, validate_postcode

from . import csv_io
from .models import MAX_AGE, Frequency, Service, ServiceStatus, TaxonomyTerm, Weekday
from .services import ContactInput, ListingInput, PlaceInput

WEEK_OF_MONTH = [
    ("", "Every week of the month"),
    ("1", "First"),
    ("2", "Second"),
    ("3", "Third"),
    ("4", "Fourth"),
    ("-1", "Last"),
]


class CategoryChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, term):
        return f"{term.parent.name}: {term.name}" if term.parent_id else term.name


class _ServiceFormBase(forms.ModelForm):
    organisation = forms.ModelChoiceField(
        label="Organisation that runs it",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Choose an organisation",
    )
    new_organisation_name = forms.CharField(
        label="Or, a new organisation's name",
        help_text="If the group is not in the list, type its name and it will be added.",
        required=False,
        max_length=200,
    )
    categories = CategoryChoiceField(
        label="Categories",
        queryset=TaxonomyTerm.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one category."},
    )
    url = forms.URLField(
        label="Website",
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={"invalid": "Enter a website address, like https://example.org"},
    )
    languages = forms.CharField(
        label="Languages",
        help_text="Languages it is run in, separated by commas, like: English, Urdu",
        required=False,
        max_length=300,
    )
    keeper = forms.ModelChoiceField(
        label="Who keeps this listing current",
        queryset=User.objects.none(),
        required=False,
        empty_label="Me",
    )
    contact_name = forms.CharField(label="Contact name", required=False, max_length=150)
    contact_title = forms.CharField(
        label="Contact's role", required=False, max_length=150, help_text="For example: organiser"
    )
    contact_phone = forms.CharField(label="Contact phone number", required=False, max_length=30)

    class Meta:
        model = Service
        fields = [
            "organisation",
            "name",
            "description",
            "status",
            "categories",
            "url",
            "email",
            "is_free",
            "cost_amount",
            "cost_description",
            "minimum_age",
            "maximum_age",
            "eligibility_description",
            "accessibility",
            "taking_new_people",
            "keeper",
        ]
        labels = {
            "name": "Name of the service or activity",
            "url": "Website",
            "email": "Email address",
            "is_free": "It is free",
            "cost_amount": "Cost per session, in pounds",
            "cost_description": "More about the cost",
            "minimum_age": "Minimum age",
            "maximum_age": "Maximum age",
            "eligibility_description": "Who it is for",
            "accessibility": "Accessibility",
            "taking_new_people": "Taking new people",
        }
        help_texts = {
            "description": "What happens there, in plain words a resident would use.",
            "cost_amount": "Leave empty if it is free, for example 2.50",
            "minimum_age": "Leave empty if there is no minimum",
            "maximum_age": "Leave empty if there is no maximum",
            "accessibility": "Step-free access, hearing loop, accessible toilet, parking...",
            "eligibility_description": "For example: carers of people with dementia",
        }
        widgets = {
            "status": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
            "eligibility_description": forms.Textarea(attrs={"rows": 3}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
            "cost_amount": forms.TextInput(attrs={"inputmode": "decimal"}),
            "minimum_age": forms.TextInput(attrs={"inputmode": "numeric"}),
            "maximum_age": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        error_messages = {
            "name": {"required": "Enter the name of the service or activity."},
            "description": {"required": "Describe what happens there."},
            "url": {"invalid": "Enter a website address, like https://example.org"},
            "email": {"invalid": "Enter an email address, like name@example.org"},
            "cost_amount": {
                "invalid": "Enter the cost as an amount in pounds, like 2.50",
                "max_decimal_places": "Enter the cost in pounds and pence, like 2.50",
            },
            "minimum_age": {
                "invalid": "Enter the minimum age as a whole number, like 18",
                "max_value": f"Minimum age must be {MAX_AGE} or less.",
            },
            "maximum_age": {
                "invalid": "Enter the maximum age as a whole number, like 65",
                "max_value": f"Maximum age must be {MAX_AGE} or less.",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True).exclude(
            kind=OrganisationKind.REFERRER
        )
        self.fields["categories"].queryset = (
            TaxonomyTerm.objects.select_related("parent")
            .annotate(
                group=Coalesce("parent__name", "name"),
                is_child=Case(When(parent__isnull=True, then=0), default=1),
            )
            .order_by("group", "is_child", "name")
        )
        current_keeper = self.instance.keeper_id if self.instance.pk else None
        self.fields["keeper"].queryset = (
            User.objects.filter(
                Q(
                    memberships__role=Role.COMMUNITY_DEVELOPMENT_WORKER,
                    memberships__is_active=True,
                    is_active=True,
                )
                | Q(pk=current_keeper)
            )
            .distinct()
            .order_by("full_name")
        )
        self.fields["keeper"].empty_label = "No change" if self.instance.pk else "Me"
        self.fields["status"].choices = ServiceStatus.choices
        if self.instance.pk:
            self.initial["languages"] = ", ".join(
                language.name for language in self.instance.languages.all()
            )
            contact = self.instance.contacts.order_by("name", "pk").first()
            if contact is not None:
                phone = contact.phones.order_by("number").first()
                self.initial.update(
                    contact_name=contact.name,
                    contact_title=contact.title,
                    contact_phone=phone.number if phone else "",
                )


class ServiceForm(NHSFormMixin, _ServiceFormBase):
    """The listing form. The NHS.UK mixin validates while it builds the widgets, so the
    choices set up in the base class's __init__ must exist before it runs: hence two classes."""

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        new_name = (cleaned.get("new_organisation_name") or "").strip()
        if organisation is None and not new_name:
            self.add_error(
                "organisation", "Choose the organisation that runs it, or type a new one's name."
            )
        if organisation is not None and new_name:
            self.add_error(
                "new_organisation_name",
                "Either choose an organisation from the list or type a new name, not both.",
            )
        return cleaned

    def add_service_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                target = name if name in self.fields else None
                for message in messages:
                    self.add_error(target, message)
        else:
            for message in error.messages:
                self.add_error(None, message)

    def listing(self, places: list[PlaceInput]) -> ListingInput:
        data = self.cleaned_data
        languages = [part.strip() for part in data["languages"].split(",") if part.strip()]
        return ListingInput(
            organisation=data.get("organisation"),
            new_organisation_name=data.get("new_organisation_name", "").strip(),
            fields={name: data[name] for name in SIMPLE_FIELDS},
            categories=list(data["categories"]),
            languages=languages,
            contact=ContactInput(
                name=data["contact_name"].strip(),
                title=data["contact_title"].strip(),
                phone=data["contact_phone"].strip(),
            ),
            places=places,
            keeper=data.get("keeper"),
        )


SIMPLE_FIELDS = {
    "name",
    "description",
    "status",
    "url",
    "email",
    "is_free",
    "cost_amount",
    "cost_description",
    "minimum_age",
    "maximum_age",
    "eligibility_description",
    "accessibility",
    "taking_new_people",
}


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class PlaceForm(NHSFormMixin, forms.Form):
    """One place the service runs and when. Each row of the formset is one of these."""

    location_name = forms.CharField(
        label="Name of the place",
        max_length=200,
        help_text="For example: Werneth Community Centre, or Online",
        error_messages={"required": "Enter the name of the place, or Online."},
    )
    is_online = forms.BooleanField(label="It happens online", required=False)
    address_1 = forms.CharField(label="Address line 1", max_length=200, required=False)
    address_2 = forms.CharField(label="Address line 2", max_length=200, required=False)
    city = forms.CharField(label="Town or city", max_length=100, required=False, initial="Oldham")
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    freq = forms.ChoiceField(label="How often", choices=Frequency.choices, initial=Frequency.WEEKLY)
    week_of_month = forms.ChoiceField(
        label="Which week of the month",
        choices=WEEK_OF_MONTH,
        required=False,
        help_text="For monthly sessions only",
    )
    interval = forms.IntegerField(
        label="Every how many weeks or months",
        min_value=1,
        max_value=12,
        initial=1,
        required=False,
        help_text="1 for every week (or month), 2 for every other one",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter a whole number, like 1 or 2",
            "min_value": "Enter 1 or more.",
            "max_value": "Enter 12 or less.",
        },
    )
    days = forms.MultipleChoiceField(
        label="Days",
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    opens_at = forms.TimeField(
        label="Starts at",
        required=False,
        widget=TimeInput,
        error_messages={"invalid": "Enter the start time, like 10:00"},
    )
    closes_at = forms.TimeField(
        label="Ends at",
        required=False,
        widget=TimeInput,
        error_messages={"invalid": "Enter the end time, like 12:00"},
    )
    schedule_description = forms.CharField(
        label="More about when",
        max_length=200,
        required=False,
        help_text="For example: term time only",
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("is_online"):
            if not (cleaned.get("address_1") or "").strip():
                self.add_error("address_1", "Enter the first line of the address, or tick online.")
            postcode = (cleaned.get("postcode") or "").strip()
            if not postcode:
                self.add_error("postcode", "Enter the postcode, like OL1 1AA, or tick online.")
            else:
                try:
                    validate_postcode(postcode)
                except ValidationError as error:
                    self.add_error("postcode", error)
        days, opens_at, closes_at = (
            cleaned.get("days"),
            cleaned.get("opens_at"),
            cleaned.get("closes_at"),
        )
        if days or opens_at or closes_at:
            if not days:
                self.add_error("days", "Choose the days it runs.")
            if not opens_at and "opens_at" not in self.errors:
                self.add_error("opens_at", "Enter the start time, like 10:00")
            if not closes_at and "closes_at" not in self.errors:
                self.add_error("closes_at", "Enter the end time, like 12:00")
            if opens_at and closes_at and closes_at <= opens_at:
                self.add_error("closes_at", "The end time must be after the start time.")
        if cleaned.get("week_of_month") and cleaned.get("freq") != Frequency.MONTHLY:
            self.add_error("week_of_month", "Choose monthly to pick a week of the month.")
        return cleaned

    def place(self) -> PlaceInput:
        data = self.cleaned_data
        prefix = (data.get("week_of_month") or "") if data["freq"] == Frequency.MONTHLY else ""
        has_schedule = bool(data.get("days"))
        return PlaceInput(
            location_name=data["location_name"].strip(),
            is_online=data["is_online"],
            address_1=data["address_1"].strip(),
            address_2=data["address_2"].strip(),
            city=data["city"].strip(),
            postcode=normalise_postcode(data["postcode"]) or data["postcode"].strip(),
            freq=data["freq"] if has_schedule else "",
            interval=(data.get("interval") or 1) if has_schedule else 1,
            byday=",".join(prefix + day for day in data.get("days") or []),
            opens_at=data.get("opens_at"),
            closes_at=data.get("closes_at"),
            schedule_description=data["schedule_description"].strip(),
        )


class BasePlaceFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this place and time"

    def places(self) -> list[PlaceInput]:
        """The places to keep: existing rows unless removed, and new rows filled in."""
        kept = []
        for index, form in enumerate(self.forms):
            if self._should_delete_form(form):
                continue
            if index >= self.initial_form_count() and not form.has_changed():
                continue
            kept.append(form.place())
        return kept


PlaceFormSet = forms.formset_factory(
    PlaceForm, formset=BasePlaceFormSet, extra=1, can_delete=True, max_num=20, validate_max=True
)


def place_initial(service: Service) -> list[dict]:
    """The formset's rows for a listing's current places and times."""
    rows = []
    for service_at_location in service.service_at_locations.all():
        location = service_at_location.location
        base = {
            "location_name": location.name,
            "is_online": location.is_online,
            "address_1": location.address_1,
            "address_2": location.address_2,
            "city": location.city,
            "postcode": location.postcode,
        }
        schedules = list(service_at_location.schedules.all())
        if not schedules:
            rows.append(base)
        for schedule in schedules:
            parts = [part for part in schedule.byday.split(",") if part]
            rows.append(
                {
                    **base,
                    "freq": schedule.freq,
                    "interval": schedule.interval,
                    "week_of_month": parts[0][:-2] if parts else "",
                    "days": [part[-2:] for part in parts],
                    "opens_at": schedule.opens_at,
                    "closes_at": schedule.closes_at,
                    "schedule_description": schedule.description,
                }
            )
    return rows


class ImportForm(NHSFormMixin, forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="One row per listing and place, with the columns of the sample file.",
        error_messages={
            "required": "Choose a CSV file to upload.",
            "empty": "The file is empty. Choose a CSV file with listings in it.",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > csv_io.MAX_FILE_BYTES:
            raise ValidationError("The file is bigger than 5 MB. Split it into smaller files.")
        if not upload.name.lower().endswith(".csv"):
            raise ValidationError("The file must be a CSV file, ending .csv")
        return upload
