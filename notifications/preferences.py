"""How each member chose to hear by email, and what that means for one kind of notification."""

from django.db import models

from notifications import kinds


class EmailNotifications(models.TextChoices):
    """How a member chose to hear of their notifications by email (User.email_notifications)."""

    IMMEDIATELY = "immediately", "At once, one email each"
    DAILY = "daily", "A daily digest"
    NEVER = "never", "Never: I will look on the site"


def emailed_at_once(kind: str, preference: str) -> bool:
    """Whether a notification of `kind` is emailed as it happens to a member who chose
    `preference`."""
    emailed = kinds.get(kind).emailed
    if emailed == kinds.Emailed.NEVER:
        return False
    return emailed == kinds.Emailed.ALWAYS or preference == EmailNotifications.IMMEDIATELY
