"""Template helpers for directory pages: `{% load directory_tags %}`."""

from django import template

from .. import presenters

register = template.Library()


@register.inclusion_tag("community_assets/includes/status_tag.html")
def service_status_tag(status):
    """`{% service_status_tag service.status %}`: the listing's status as an NHS.UK tag."""
    return {"tag": presenters.status_tag(status)}


@register.filter
def schedule_summary(schedule) -> str:
    return presenters.schedule_summary(schedule)


@register.filter
def cost_summary(service) -> str:
    return presenters.cost_summary(service)


@register.filter
def age_summary(service) -> str:
    return presenters.age_summary(service)


@register.filter
def address(location) -> str:
    return presenters.location_address(location)


@register.filter
def directory_date(value) -> str:
    return presenters.format_date(value)


@register.filter
def is_stale(service) -> bool:
    return service.is_stale()
