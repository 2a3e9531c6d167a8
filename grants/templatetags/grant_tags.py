"""Template helpers for grants pages: `{% load grant_tags %}`."""

from django import template

from .. import presenters

register = template.Library()


@register.inclusion_tag("grants/includes/status_tag.html")
def grant_status_tag(status):
    """`{% grant_status_tag application.status %}`: the status as an NHS.UK tag."""
    return {"tag": presenters.status_tag(status)}


@register.filter
def grant_status_label(status) -> str:
    return presenters.status_tag(status)["label"]


@register.filter
def money(amount) -> str:
    return presenters.money(amount)


@register.filter
def grant_date(value) -> str:
    return presenters.format_date(value)


@register.filter
def grant_datetime(value) -> str:
    return presenters.format_datetime(value)


@register.filter
def percentage(share) -> str:
    return presenters.percentage(share)


@register.filter
def working_days(days) -> str:
    return presenters.working_days(days)


@register.filter
def next_step(status) -> str:
    return presenters.applicant_next_step(status)
