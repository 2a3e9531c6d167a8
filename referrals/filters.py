"""FilterSets for the provider's lists: a link worker's caseload and a coordinator's
organisation cases. (The referrer's list has its own, in filters_referrer.py.)"""

import django_filters
from django import forms

from thriving.accounts.roles import Role
from thriving.core.forms import NHSFormMixin

from . import selectors
from .models import Referral, Urgency
from .presenters_cases import CaseRow, case_rows, sort_rows
from .workflow import Status

ACTIVE_STATUS_CHOICES = [
    (s.value, s.label) for s in (Status.ACCEPTED, Status.CONTACTING, Status.ENGAGED, Status.ON_HOLD)
]
SORT_CHOICES = [
    ("due", "Due date, soonest first"),
    ("submitted", "Date referred, oldest first"),
    ("name", "Last name, A to Z"),
]


class _FilterForm(NHSFormMixin, forms.Form):
    pass


class CaseloadFilter(django_filters.FilterSet):
    """Status and urgency narrow the query. "Overdue only" and the sort work on due dates,
    which count working days around England's bank holidays (something SQL cannot do), so
    they apply to the presented rows: a caseload is one person's open cases, tens not
    thousands, read in one query.
    """

    status = django_filters.ChoiceFilter(
        label="Status", choices=ACTIVE_STATUS_CHOICES, empty_label="All statuses"
    )
    urgency = django_filters.ChoiceFilter(
        label="Urgency", choices=Urgency.choices, empty_label="Any urgency"
    )
    overdue = django_filters.BooleanFilter(
        label="Overdue only", widget=forms.CheckboxInput, method="_applied_to_rows"
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by", choices=SORT_CHOICES, empty_label=None, method="_applied_to_rows"
    )

    class Meta:
        model = Referral
        fields = ["status", "urgency"]
        form = _FilterForm

    def _applied_to_rows(self, queryset, name, value):
        return queryset

    def rows(self, *, today) -> list[CaseRow]:
        options = self.form.cleaned_data if self.is_valid() else {}
        rows = case_rows(self.qs, today=today)
        if options.get("overdue"):
            rows = [row for row in rows if row.overdue]
        return sort_rows(rows, options.get("sort") or "due")


def _link_workers(request):
    return selectors.link_workers_of(
        organisation_ids=request.user.organisation_ids_for(Role.COORDINATOR)
    )


class OrganisationCaseFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=Status.choices, empty_label="All statuses"
    )
    link_worker = django_filters.ModelChoiceFilter(
        label="Link worker",
        queryset=_link_workers,
        empty_label="Anyone",
        null_label="No link worker yet",
    )

    class Meta:
        model = Referral
        fields = ["status", "link_worker"]
        form = _FilterForm
