"""The caseload's API filters. The caseload page's FilterSet (referrals.filters) also sorts and
flags overdue cases on rows it has already read; the API pages in the database, so it offers
only what narrows the query."""

import django_filters

from ..filters import ACTIVE_STATUS_CHOICES
from ..models import Referral, Urgency


class CaseloadApiFilter(django_filters.FilterSet):
    STATUS_CHOICES = ACTIVE_STATUS_CHOICES

    status = django_filters.ChoiceFilter(choices=STATUS_CHOICES)
    urgency = django_filters.ChoiceFilter(choices=Urgency.choices)

    class Meta:
        model = Referral
        fields = ["status", "urgency"]
