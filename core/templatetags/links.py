"""{% link "forum:comment_react" comment.pk %}: {% url %} for the rows of a long page and the
header every page draws, made by core.links.address (one reverse() per URL name per process)."""

from django import template

from core.links import address

register = template.Library()


@register.simple_tag
def link(name: str, *args) -> str:
    return address(name, *args)
