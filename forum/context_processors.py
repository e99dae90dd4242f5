"""What every page's header needs to know about the signed-in member."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from forum import moderation, selectors
from resources import selectors as resource_selectors


def notifications(request: HttpRequest) -> dict:
    """The unread count (and any unread crisis-support message) for the header: one query, made
    only when a template asks, so pages without the header (the admin) pay nothing. The
    helplines from the directory are read only when a crisis-support message is shown."""
    user = getattr(request, "user", None)
    if user is None:
        return {"emergency_numbers": moderation.EMERGENCY_NUMBERS}
    return {
        "emergency_numbers": moderation.EMERGENCY_NUMBERS,
        "notification_summary": SimpleLazyObject(lambda: selectors.notification_summary(user)),
        "crisis_support": {
            "intro": moderation.CRISIS_SUPPORT_INTRO,
            "emergency": moderation.EMERGENCY_ADVICE,
            "fallback": moderation.FALLBACK_HELPLINES,
            "helplines": SimpleLazyObject(lambda: resource_selectors.helplines(viewer=user)),
        },
    }
