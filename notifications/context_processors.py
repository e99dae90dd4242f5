"""What every page's header needs to know about the signed-in member's notifications."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notifications import selectors


def notifications(request: HttpRequest) -> dict:
    """The unread count (and any unread prominent message, such as crisis support) for the
    header: one query, made only when a template asks, so pages without the header (the admin)
    pay nothing."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"notification_summary": SimpleLazyObject(lambda: selectors.notification_summary(user))}
