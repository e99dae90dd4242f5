"""The forum's part of a member's profile page (accounts shows it through this tag, so accounts
needs no knowledge of the forum)."""

from django import template

from forum.selectors import member_recent_threads

register = template.Library()


@register.simple_tag(takes_context=True)
def recent_threads(context, member) -> list:
    """The member's latest threads that the viewer may see (one query)."""
    return member_recent_threads(member=member, viewer=context["request"].user)
