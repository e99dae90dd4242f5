"""What every page's header needs to know about the signed-in member."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from forum import moderation, selectors


def notifications(request: HttpRequest) -> dict:
    """The unread count (and any unread crisis-support message) for the header: one query, made
    only when a template asks, so pages without the header (the admin) pay nothing."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {
        "notification_summary": SimpleLazyObject(lambda: selectors.notification_summary(user)),
        "crisis_support_message": moderation.CRISIS_SUPPORT_MESSAGE,
    }
