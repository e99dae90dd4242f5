"""Who may do what in the resource directory: the one rule set the web, the admin and the API
all ask (each `*_refusal` returns why not, or None)."""

from accounts.permissions import is_moderator
from forum.permissions import posting_refusal


def suggest_resource_refusal(user) -> str | None:
    """Suggesting a link to the directory is posting: the same members may, and may not."""
    return posting_refusal(user)


def curation_refusal(user) -> str | None:
    if not is_moderator(user):
        return "Only moderators can curate the resource directory."
    return None
