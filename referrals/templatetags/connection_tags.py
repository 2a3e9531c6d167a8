"""The connections sections of a referral's page: `{% load connection_tags %}`.

The case page is rendered by referrals.views.case_page; this tag adds the connections to it,
reading its rows in one query (see views.connections). The referrer's outcome summary lists
them through referrals.outcomes.
"""

from django import template

from ..views.connections import case_connections_context

register = template.Library()


@register.inclusion_tag("referrals/includes/connections_case.html", takes_context=True)
def case_connections(context):
    """`{% case_connections %}` on the case page: the case's connections, a form to move each
    one on, and the link to find community support."""
    return case_connections_context(
        context["request"].user, context["referral"], bound=context.get("bound")
    )
