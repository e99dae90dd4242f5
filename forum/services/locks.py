"""The lock helper every change to a comment or thread goes through, and the recount after it.

"Check, lock, check again" is written once, here: a service may refuse early without the lock,
but only the check made on the locked row counts (in the style of Zulip's access_message)."""

from collections.abc import Callable

from django.db.models import Count, Max, Q

from core.errors import ensure
from forum.models import Comment, CommentStatus, Thread, ThreadStatus


def lock_thread(thread_id: int) -> Thread:
    return (
        Thread.objects.select_for_update(of=("self",)).select_related("category").get(pk=thread_id)
    )


def thread_for_update(actor, thread_id: int, refusal: Callable[..., str | None]) -> Thread:
    """The thread, locked until the transaction ends, once `refusal(actor, thread)` allows what
    the actor is about to do to it as it is now (locked meanwhile, hidden, moved)."""
    thread = lock_thread(thread_id)
    ensure(refusal(actor, thread))
    return thread


def comment_for_update(actor, comment_id: int, refusal: Callable[..., str | None]) -> Comment:
    """The comment, locked until the transaction ends, once `refusal(actor, comment)` allows
    what the actor is about to do to it as it is now, not as the caller last saw it (another
    moderator may have hidden it, its author deleted it). Call inside transaction.atomic(); a
    service may check first without the lock too, to refuse early, but only this check counts."""
    # Only the comment's row is locked (of=self), not its thread's or author's: erasure locks
    # the author and then their comments, and must not meet a reaction going the other way.
    locked = Comment.objects.select_for_update(of=("self",)).select_related("thread", "author")
    comment = locked.get(pk=comment_id)
    ensure(refusal(actor, comment))
    return comment


def refresh_thread(thread_id: int) -> Thread:
    """Recount a thread from its comments after any change of status: the published count, the
    latest activity (when its newest published comment appeared) and the thread's own status,
    which follows its opening comment. Counting from the rows means the numbers cannot drift."""
    thread = lock_thread(thread_id)
    totals = Comment.objects.filter(thread_id=thread_id).aggregate(
        published=Count("id", filter=Q(status=CommentStatus.PUBLISHED)),
        latest=Max("published_at", filter=Q(status=CommentStatus.PUBLISHED)),
    )
    opening = (
        Comment.objects.filter(thread_id=thread_id, is_opening=True)
        .values("status", "published_at")
        .first()
    )
    thread.comment_count = totals["published"]
    thread.last_activity_at = max(totals["latest"] or thread.created_at, thread.created_at)
    thread.status = _thread_status(opening)
    thread.save(update_fields=["comment_count", "last_activity_at", "status"])
    return thread


def _thread_status(opening: dict | None) -> str:
    """A thread appears once its opening comment is first published, and stays: holding a later
    edit of the opening hides only its words, so replies never lose their page. A rejected
    opening takes the thread down; one never published (still held, or deleted or hidden while
    held) keeps it out of view."""
    if opening is None or opening["status"] == CommentStatus.REJECTED:
        return ThreadStatus.HIDDEN
    if opening["published_at"] is not None:
        return ThreadStatus.PUBLISHED
    if opening["status"] == CommentStatus.PENDING:
        return ThreadStatus.PENDING
    return ThreadStatus.HIDDEN
