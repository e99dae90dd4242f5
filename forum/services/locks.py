"""The lock helper every change to a comment or thread goes through, and the recount after it.

"Check, lock, check again" is written once, here: a service may refuse early without the lock,
but only the check made on the locked row counts (in the style of Zulip's access_message)."""

from collections.abc import Callable

from django.db.models import Count, Max, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from core import pagecache
from core.errors import ensure
from forum.models import Category, Comment, CommentStatus, Thread, ThreadStatus, ThreadVisibility


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
    refresh_categories([thread.category_id])
    return thread


# What a category's numbers on the home page count: for members its published threads, for
# visitors only the public ones among them (forum.selectors.home_categories reads them).
_FOR_MEMBERS = Q(status=ThreadStatus.PUBLISHED)
_FOR_VISITORS = _FOR_MEMBERS & Q(visibility=ThreadVisibility.PUBLIC)


def refresh_categories(category_ids) -> None:
    """Recount categories from their threads, as refresh_thread recounts a thread from its
    comments: thread and comment totals and the latest thread, for visitors and for members.
    Each category's row is locked first (in id order, so two moves the other way round cannot
    deadlock), so the counts read after it include every write committed before."""
    for category_id in sorted(set(category_ids)):
        Category.objects.select_for_update().filter(pk=category_id).values_list("pk").first()
        threads = Thread.objects.filter(category_id=category_id)
        totals = threads.aggregate(
            visitor_thread_count=Count("id", filter=_FOR_VISITORS),
            visitor_comment_count=Coalesce(Sum("comment_count", filter=_FOR_VISITORS), 0),
            member_thread_count=Count("id", filter=_FOR_MEMBERS),
            member_comment_count=Coalesce(Sum("comment_count", filter=_FOR_MEMBERS), 0),
        )
        Category.objects.filter(pk=category_id).update(
            **totals,
            visitor_latest_thread=Subquery(_latest(threads.filter(_FOR_VISITORS))),
            member_latest_thread=Subquery(_latest(threads.filter(_FOR_MEMBERS))),
        )
    pagecache.changed(pagecache.LISTS)


def _latest(threads):
    return threads.order_by("-last_activity_at", "-id").values("pk")[:1]


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
