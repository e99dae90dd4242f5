"""Following threads, and telling followers when a reply is published.

Following is reading, not posting: a suspended member may follow and unfollow. A member follows
the threads they start and reply to without asking (see forum.services.comments).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Replace
from django.urls import reverse

from forum import permissions
from forum.models import (
    Comment,
    CommentStatus,
    Follow,
    Notification,
    NotificationKind,
    Thread,
    ThreadStatus,
)
from forum.selectors import visible_threads
from forum.services.mentions import mention_message_start, mentions_notify
from forum.services.records import notifications_email_promptly


def follow_as_participant(*, member, thread: Thread) -> None:
    """Follow a thread the member has just started or replied to (the caller's transaction).
    Replying again re-follows a thread they had unfollowed: they have rejoined the conversation."""
    Follow.objects.get_or_create(member=member, thread=thread)


def thread_follow(*, member, thread: Thread) -> Follow:
    """Follow a thread the member can see; following it twice changes nothing."""
    permissions.ensure(permissions.follow_refusal(member))
    if not visible_threads(member).filter(pk=thread.pk).exists():
        raise PermissionDenied("You can only follow a thread you can see.")
    with transaction.atomic():
        follow, _ = Follow.objects.get_or_create(member=member, thread=thread)
    return follow


def thread_unfollow(*, member, thread: Thread) -> bool:
    """Stop following a thread; True if the member was following it. Works whatever has happened
    to the thread since, so nobody is stuck with a follow they cannot undo."""
    permissions.ensure(permissions.follow_refusal(member))
    with transaction.atomic():
        deleted, _ = Follow.objects.filter(member=member, thread=thread).delete()
    return deleted > 0


def _reply_message_start(author_name: str) -> str:
    return f"{author_name} replied in \u201c"


def reply_message(*, author_name: str, thread_title: str) -> str:
    return f"{_reply_message_start(author_name)}{thread_title}\u201d"


def reply_notifications_rename(*, old_name: str, new_name: str) -> int:
    """Put `new_name` where `old_name` signed the reply and mention notifications other members
    received (an erased member's name must not outlive the account); returns how many changed.
    Names have no spaces, so "<name> replied in" (or "mentioned you in") at the start of the
    message matches one member only."""
    changed = 0
    for kind, start in (
        (NotificationKind.REPLY, _reply_message_start),
        (NotificationKind.MENTION, mention_message_start),
    ):
        old_start, new_start = start(old_name), start(new_name)
        changed += Notification.objects.filter(kind=kind, message__startswith=old_start).update(
            message=Replace("message", Value(old_start), Value(new_start))
        )
    return changed


def announce_first_publication(comment: Comment) -> None:
    """Once the transaction that first published `comment` commits, tell the members it
    mentions, then its thread's followers. Callers decide "first" with
    forum.services.comments.mark_published, so an edit, a re-approval or a restore never tells
    anyone twice. An opening comment tells no followers: it is the thread itself, and only its
    author follows a thread that new."""
    comment_id = comment.pk
    transaction.on_commit(lambda: published_comment_announce(comment_id=comment_id))


def _published_comment(comment_id: int) -> Comment | None:
    return (
        Comment.objects.select_related("thread", "author")
        .filter(
            pk=comment_id,
            status=CommentStatus.PUBLISHED,
            thread__status=ThreadStatus.PUBLISHED,
        )
        .first()
    )


def published_comment_announce(*, comment_id: int) -> None:
    """A member both mentioned and following hears once, of the mention. Nobody hears of a
    comment no longer published by the time this runs."""
    comment = _published_comment(comment_id)
    if comment is None:
        return
    mentioned = mentions_notify(comment=comment)
    if not comment.is_opening:
        _followers_notify(comment, besides=mentioned)


def _followers_notify(comment: Comment, *, besides: set[int]) -> int:
    """One notification for each follower of the reply's thread but its author and `besides`,
    in one insert, and an email queued for those who want one at once; returns how many.
    Nobody hears of anything in a thread that is not public."""
    # Who, and how each wants to hear, in one query.
    followers = dict(
        Follow.objects.filter(thread_id=comment.thread_id, member__is_active=True)
        .exclude(member_id=comment.author_id)
        .exclude(member_id__in=besides)
        .values_list("member_id", "member__email_notifications")
    )
    message = reply_message(
        author_name=comment.author.display_name, thread_title=comment.thread.title
    )
    url = reverse("forum:comment", kwargs={"pk": comment.pk})
    created = Notification.objects.bulk_create(
        Notification(recipient_id=member_id, kind=NotificationKind.REPLY, message=message, url=url)
        for member_id in followers
    )
    notifications_email_promptly(created, preferences=followers)
    return len(created)
