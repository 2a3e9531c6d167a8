"""The connections sections of a referral's page: `{% load connection_tags %}`.

The case page and the referrer's page are rendered by referrals.views.case_page; these tags
add the connections to them, each reading its rows in one query (see views.connections).
"""

from django import template

from ..views.connections import case_connections_context, referrer_connections_context

register = template.Library()


@register.inclusion_tag("referrals/includes/connections_case.html", takes_context=True)
def case_connections(context):
    """`{% case_connections %}` on the case page: the case's connections, a form to move each
    one on, and the link to find community support."""
    return case_connections_context(
        context["request"].user, context["referral"], bound=context.get("bound")
    )


@register.inclusion_tag("referrals/includes/connections_outcome.html")
def outcome_connections(referral):
    """`{% outcome_connections referral %}` in the referrer's outcome summary."""
    return referrer_connections_context(referral)
