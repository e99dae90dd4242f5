"""Who a member is to the site: a moderator, and one who may see moderated words. The rules of
the apps above (forum.permissions, resources.permissions) start from these."""

from accounts.mfa import has_two_factor

MODERATORS_GROUP = "Moderators"


def is_moderator(user) -> bool:
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_moderator", None)
    if cached is None:
        cached = user._is_moderator = user.groups.filter(name=MODERATORS_GROUP).exists()
    return cached


def sees_moderated_content(user) -> bool:
    """Whether `user` may read held, hidden and rejected words and unpublished entries: a
    moderator with an authenticator app. A moderator's password alone shows them nothing a
    member cannot see, on the site or through the API, as it never opens the admin."""
    if not is_moderator(user):
        return False
    cached = getattr(user, "_sees_moderated", None)
    if cached is None:
        cached = user._sees_moderated = has_two_factor(user)
    return cached


def moderator_refusal(user) -> str | None:
    """Why `user` may not use the moderators' tools for members (suspensions)."""
    if not is_moderator(user):
        return "Only moderators can do that."
    return None
