"""Template helpers for the provider's pages: `{% load case_tags %}`."""

from django import template

from .. import presenters_cases

register = template.Library()


@register.inclusion_tag("referrals/includes/tag.html")
def urgency_tag(urgency):
    """`{% urgency_tag referral.urgency %}`: a red "Urgent" tag, nothing for routine."""
    return {"tag": presenters_cases.urgency_tag(urgency)}


@register.inclusion_tag("referrals/includes/due.html")
def due(action):
    """`{% due row.action %}`: the due date, with an "Overdue" tag when it has passed."""
    return {"action": action}
