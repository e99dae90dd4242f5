"""The directory's entries on other apps' pages: the forum shows a category's resources beside
its threads through this tag, so the forum needs no knowledge of the directory."""

from django import template

from core import pagecache
from resources import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def category_resources(context, category) -> list:
    """Up to three published entries on the category's topics, the viewer's region first (one
    query, made when the page is drawn, then kept until the directory or the categories
    change: core.pagecache)."""
    viewer = context["request"].user
    return pagecache.kept(
        f"beside-category:{category.pk}:{getattr(viewer, 'region', '')}",
        lambda: selectors.for_category(category=category, viewer=viewer),
    )
