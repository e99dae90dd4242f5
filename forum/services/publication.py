"""What happens when a comment is first published: the members it mentions hear of it, then its
thread's followers. "First" is decided once, by mark_published, whoever publishes the comment
(posting, a moderator's approval, the spam service's answer), so an edit, a re-approval or a
restore never tells anyone twice."""

import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from accounts.validators import display_name_key
from forum.models import Comment, CommentStatus, Follow, NotificationKind, ThreadStatus
from forum.selectors import visible_threads
from notifications.services import notify_each

# At most this many names in one comment are told: a comment naming half the community is a
# nuisance, or spam, and should not reach everyone's inbox.
MAX_MENTIONS = 10

# "@" and a display name (accounts.validators: letters and digits, with dots, dashes and
# underscores between them), not inside an email address or a longer word ("me@example.org").
# A name never ends in a dot, so "thanks @Sam.K." mentions Sam.K.
_MENTION = re.compile(r"(?<![\w@.])@([^\W_](?:[\w.-]*[^\W_])?)")


def mark_published(comment: Comment, now) -> bool:
    """Publish `comment` (the caller saves it). True only the first time it is ever published:
    then the caller calls announce_first_publication."""
    comment.status = CommentStatus.PUBLISHED
    if comment.published_at is not None:
        return False
    comment.published_at = now
    return True


def announce_first_publication(comment: Comment) -> None:
    """Once the transaction that first published `comment` commits, tell the members it
    mentions, then its thread's followers. An opening comment tells no followers: it is the
    thread itself, and only its author follows a thread that new."""
    comment_id = comment.pk
    transaction.on_commit(lambda: published_comment_announce(comment_id=comment_id))


def published_comment_announce(*, comment_id: int) -> None:
    """A member both mentioned and following hears once, of the mention. Nobody hears of a
    comment no longer published by the time this runs."""
    comment = (
        Comment.objects.select_related("thread", "author")
        .filter(
            pk=comment_id, status=CommentStatus.PUBLISHED, thread__status=ThreadStatus.PUBLISHED
        )
        .first()
    )
    if comment is None:
        return
    mentioned = _mentioned_notify(comment)
    if not comment.is_opening:
        _followers_notify(comment, besides=mentioned)


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


def _about(comment: Comment) -> dict:
    """What a reply or mention notification stores: who, where; its words are made when shown."""
    return {
        "actor": comment.author,
        "thread_id": comment.thread_id,
        "comment_id": comment.pk,
        "title": comment.thread.title,
        "url": reverse("forum:comment", kwargs={"pk": comment.pk}),
    }


def _mentioned_notify(comment: Comment) -> set[int]:
    """One MENTION notification for each active member the comment names, who can see its
    thread, other than its author: among the first MAX_MENTIONS names it mentions. Returns the
    ids of the members told, so they are told nothing else about it."""
    # One more than the limit: the author's own name, which tells nobody, may be among them.
    named = mentioned_keys(comment.body, limit=MAX_MENTIONS + 1)
    keys = [key for key in named if key != comment.author.display_name_key][:MAX_MENTIONS]
    if not keys:
        return set()
    candidates = (
        get_user_model()
        .objects.filter(display_name_key__in=keys, is_active=True)
        .exclude(pk=comment.author_id)
    )
    members = {
        member.pk: member.email_notifications
        for member in candidates
        if visible_threads(member).filter(pk=comment.thread_id).exists()
    }
    notify_each(members, kind=NotificationKind.MENTION, **_about(comment))
    return set(members)


def _followers_notify(comment: Comment, *, besides: set[int]) -> int:
    """One notification for each follower of the reply's thread but its author and `besides`,
    in one insert, and an email queued for those who want one at once; returns how many."""
    # Who, and how each wants to hear, in one query.
    followers = dict(
        Follow.objects.filter(thread_id=comment.thread_id, member__is_active=True)
        .exclude(member_id=comment.author_id)
        .exclude(member_id__in=besides)
        .values_list("member_id", "member__email_notifications")
    )
    return len(notify_each(followers, kind=NotificationKind.REPLY, **_about(comment)))
