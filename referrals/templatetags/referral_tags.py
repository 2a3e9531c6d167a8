"""Template helpers for referral pages: `{% load referral_tags %}`."""

from django import template

from .. import presenters

register = template.Library()


@register.inclusion_tag("referrals/includes/status_tag.html")
def status_tag(status):
    """`{% status_tag referral.status %}` renders the status as an NHS.UK tag."""
    return {"tag": presenters.status_tag(status)}


@register.filter
def status_label(status) -> str:
    return presenters.status_tag(status)["label"]


@register.filter
def person_name(referral) -> str:
    return presenters.person_name(referral)


@register.filter
def nhs_date(value) -> str:
    return presenters.format_date(value)


@register.filter
def nhs_datetime(value) -> str:
    return presenters.format_datetime(value)
