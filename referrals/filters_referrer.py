"""The referrer's list of their organisation's referrals: filter by status."""

import django_filters
from django import forms

from thriving.core.forms import NHSFormMixin

from .models import Referral
from .workflow import Status


class _FilterForm(NHSFormMixin, forms.Form):
    pass


class ReferrerReferralFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=Status.choices, empty_label="All statuses"
    )

    class Meta:
        model = Referral
        fields = ["status"]
        form = _FilterForm
