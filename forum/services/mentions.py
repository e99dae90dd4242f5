"""Mentions: `@display-name` in a comment tells that member, once, when the comment is first
published (forum.services.follows.announce_first_publication calls this)."""

import re

from django.urls import reverse

from accounts.models import User
from accounts.validators import display_name_key
from forum.models import Comment, Notification, NotificationKind
from forum.selectors import visible_threads
from forum.services.records import notifications_email_promptly

# At most this many names in one comment are told: a comment naming half the community is a
# nuisance, or spam, and should not reach everyone's inbox.
MAX_MENTIONS = 10

# "@" and a display name (accounts.validators: letters and digits, with dots, dashes and
# underscores between them), not inside an email address or a longer word ("me@example.org").
# A name never ends in a dot, so "thanks @Sam.K." mentions Sam.K.
_MENTION = re.compile(r"(?<![\w@.])@([^\W_](?:[\w.-]*[^\W_])?)")


def mention_message_start(author_name: str) -> str:
    return f"{author_name} mentioned you in \u201c"


def mention_message(*, author_name: str, thread_title: str) -> str:
    return f"{mention_message_start(author_name)}{thread_title}\u201d"


def mentioned_keys(body: str, *, limit: int = MAX_MENTIONS) -> list[str]:
    """The first `limit` different names mentioned in `body`, as names are compared
    (accounts.validators.display_name_key), in the order they first appear."""
    keys: list[str] = []
    for match in _MENTION.finditer(body):
        key = display_name_key(match.group(1))
        if key not in keys:
            keys.append(key)
            if len(keys) == limit:
                break
    return keys


def mentions_notify(*, comment: Comment) -> set[int]:
    """One MENTION notification for each active member the published `comment` names, who can
    see its thread, other than its author: among the first MAX_MENTIONS names it mentions.
    Returns the ids of the members told, so the caller tells them nothing else about it."""
    # One more than the limit: the author's own name, which tells nobody, may be among them.
    named = mentioned_keys(comment.body, limit=MAX_MENTIONS + 1)
    keys = [key for key in named if key != comment.author.display_name_key][:MAX_MENTIONS]
    if not keys:
        return set()
    candidates = User.objects.filter(display_name_key__in=keys, is_active=True).exclude(
        pk=comment.author_id
    )
    members = [
        member
        for member in candidates
        if visible_threads(member).filter(pk=comment.thread_id).exists()
    ]
    message = mention_message(
        author_name=comment.author.display_name, thread_title=comment.thread.title
    )
    url = reverse("forum:comment", kwargs={"pk": comment.pk})
    created = Notification.objects.bulk_create(
        Notification(recipient=member, kind=NotificationKind.MENTION, message=message, url=url)
        for member in members
    )
    notifications_email_promptly(
        created, preferences={member.pk: member.email_notifications for member in members}
    )
    return {member.pk for member in members}
