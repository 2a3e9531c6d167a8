from datetime import date

import pytest
from django.template import Context, Template

from referrals.presenters import format_date, status_tag
from referrals.workflow import Status


@pytest.mark.parametrize("status", list(Status))
def test_every_status_has_a_label_and_an_nhs_tag_colour(status):
    tag = status_tag(status)
    assert tag["label"] == status.label
    assert tag["css"].startswith("nhsuk-tag--")


def test_closed_outcomes_look_different_from_work_in_progress():
    assert status_tag(Status.REJECTED)["css"] != status_tag(Status.ENGAGED)["css"]


def test_the_status_tag_template_tag_renders_an_nhs_tag():
    html = Template("{% load referral_tags %}{% status_tag status %}").render(
        Context({"status": Status.ON_HOLD})
    )
    assert html.strip() == '<strong class="nhsuk-tag nhsuk-tag--orange">On hold</strong>'


def test_dates_read_the_nhs_way():
    assert format_date(date(2025, 3, 3)) == "3 March 2025"
