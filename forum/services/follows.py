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
    """Put `new_name` where `old_name` signed the reply notifications other members received (an
    erased member's name must not outlive the account); returns how many changed. Names have no
    spaces, so "<name> replied in" at the start of the message matches one member only."""
    old_start, new_start = _reply_message_start(old_name), _reply_message_start(new_name)
    return Notification.objects.filter(
        kind=NotificationKind.REPLY, message__startswith=old_start
    ).update(message=Replace("message", Value(old_start), Value(new_start)))


def announce_first_publication(comment: Comment) -> None:
    """Once the transaction that first published `comment` commits, tell its thread's followers.
    Callers decide "first" with forum.services.comments.mark_published, so an edit, a
    re-approval or a restore never tells anyone twice. An opening comment tells nobody: it is
    the thread itself, and only its author follows a thread that new."""
    if comment.is_opening:
        return
    comment_id = comment.pk
    transaction.on_commit(lambda: followers_notify_of_reply(comment_id=comment_id))


def followers_notify_of_reply(*, comment_id: int) -> int:
    """One notification for each follower of the reply's thread but its author, in one insert;
    returns how many. Nobody hears of a reply no longer published by the time this runs, nor of
    anything in a thread that is not public."""
    comment = (
        Comment.objects.select_related("thread", "author")
        .filter(
            pk=comment_id,
            status=CommentStatus.PUBLISHED,
            thread__status=ThreadStatus.PUBLISHED,
        )
        .first()
    )
    if comment is None:
        return 0
    followers = (
        Follow.objects.filter(thread_id=comment.thread_id, member__is_active=True)
        .exclude(member_id=comment.author_id)
        .values_list("member_id", flat=True)
    )
    message = reply_message(
        author_name=comment.author.display_name, thread_title=comment.thread.title
    )
    url = reverse("forum:comment", kwargs={"pk": comment.pk})
    created = Notification.objects.bulk_create(
        Notification(recipient_id=member_id, kind=NotificationKind.REPLY, message=message, url=url)
        for member_id in followers
    )
    return len(created)
