import io

import pytest
from django.core.management import call_command

from referrals.workflow import Status
from tests.referrals.case_data import referral_in
from thriving.insight.facts import last_full_refresh
from thriving.insight.models import ReferralFact

pytestmark = pytest.mark.django_db


def test_the_command_fills_the_facts_of_referrals_already_there(practice, referrer):
    referral = referral_in(Status.SUBMITTED, practice=practice, referrer=referrer)
    ReferralFact.objects.all().delete()
    out = io.StringIO()

    call_command("refresh_insight_facts", stdout=out)

    assert ReferralFact.objects.filter(referral_id=referral.pk).exists()
    assert last_full_refresh() is not None
    assert "Referral facts rebuilt" in out.getvalue()
