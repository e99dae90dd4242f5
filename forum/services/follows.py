"""Following threads: each new reply in a followed thread becomes a notification
(forum.services.publication tells the followers).

Following is reading, not posting: a suspended member may follow and unfollow. A member follows
the threads they start and reply to without asking (forum.services.posting).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from core.errors import ensure
from forum import permissions
from forum.models import Follow, Thread
from forum.selectors import visible_threads


def follow_as_participant(*, member, thread: Thread) -> None:
    """Follow a thread the member has just started or replied to (the caller's transaction).
    Replying again re-follows a thread they had unfollowed: they have rejoined the conversation."""
    Follow.objects.get_or_create(member=member, thread=thread)


def thread_follow(*, member, thread: Thread) -> Follow:
    """Follow a thread the member can see; following it twice changes nothing."""
    ensure(permissions.follow_refusal(member))
    if not visible_threads(member).filter(pk=thread.pk).exists():
        raise PermissionDenied("You can only follow a thread you can see.")
    with transaction.atomic():
        follow, _ = Follow.objects.get_or_create(member=member, thread=thread)
    return follow


def thread_unfollow(*, member, thread: Thread) -> bool:
    """Stop following a thread; True if the member was following it. Works whatever has happened
    to the thread since, so nobody is stuck with a follow they cannot undo."""
    ensure(permissions.follow_refusal(member))
    with transaction.atomic():
        deleted, _ = Follow.objects.filter(member=member, thread=thread).delete()
    return deleted > 0
