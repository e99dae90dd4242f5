"""What the forum holds of a member, for their rights (accounts.privacy): their data download's
forum sections, and what erasure does to their threads, comments and the records about them."""

from django.db.models import Case, F, Prefetch, Value, When
from django.utils.text import slugify

from audit.services import audit_relabel
from core.export import when
from forum.models import (
    Appeal,
    AppealOutcome,
    Comment,
    CommentRevision,
    CommentStatus,
    Flag,
    Follow,
    Reaction,
    SpamCheck,
    Thread,
)
from forum.services.locks import refresh_thread
from notifications.models import Notification

REMOVED_THREAD_TITLE = "Removed by its author"


def export_member(member) -> dict:
    """The member's threads, comments (with every earlier version), flags, appeals, follows,
    notifications and reactions, in a fixed number of queries. Only their own: not other
    members' comments in their threads, nor who flagged their comments."""
    threads = Thread.objects.filter(author=member).select_related("category").order_by("id")
    comments = (
        Comment.objects.filter(author=member)
        .select_related("thread")
        .prefetch_related(
            Prefetch("revisions", queryset=CommentRevision.objects.order_by("created_at", "id"))
        )
        .order_by("id")
    )
    return {
        "threads": [
            {
                "id": thread.pk,
                "title": thread.title,
                "category": thread.category.name,
                "created_at": when(thread.created_at),
                "status": thread.status,
            }
            for thread in threads
        ],
        "comments": [
            {
                "id": comment.pk,
                "thread": {"id": comment.thread_id, "title": comment.thread.title},
                "body": comment.body,
                "status": comment.status,
                "created_at": when(comment.created_at),
                "edited_at": when(comment.edited_at),
                "revisions": [
                    {"body": revision.body, "created_at": when(revision.created_at)}
                    for revision in comment.revisions.all()
                ],
            }
            for comment in comments
        ],
        "flags": [
            {
                "comment_id": flag.comment_id,
                "reason": flag.reason,
                "note": flag.note,
                "created_at": when(flag.created_at),
                "resolution": flag.resolution,
            }
            for flag in Flag.objects.filter(reporter=member).order_by("id")
        ],
        "appeals": [
            {
                "comment_id": appeal.comment_id,
                "note": appeal.note,
                "created_at": when(appeal.created_at),
                "outcome": appeal.outcome,
                "decided_at": when(appeal.decided_at),
                "decision_reason": appeal.decision_reason,
            }
            for appeal in Appeal.objects.filter(comment__author=member).order_by("id")
        ],
        "follows": [
            {
                "thread": {"id": follow.thread_id, "title": follow.thread.title},
                "since": when(follow.created_at),
            }
            for follow in Follow.objects.filter(member=member)
            .select_related("thread")
            .order_by("id")
        ],
        "reactions": [
            {
                "comment_id": reaction.comment_id,
                "kind": reaction.kind,
                "created_at": when(reaction.created_at),
            }
            for reaction in Reaction.objects.filter(member=member).order_by("id")
        ],
    }


def erase_member(member, *, keep_comments: bool, new_name: str) -> None:
    """Their comments stay, signed by the renamed account (their earlier versions erased), or
    are removed like an author's own deletion, with the titles of the threads they started.
    Flags they raised and decided appeals stay as moderation records; their notifications,
    follows and waiting appeals go, and other members' notifications name them anew."""
    _erase_contributions(member, keep_comments=keep_comments)
    Follow.objects.filter(member=member).delete()


def _erase_contributions(member, *, keep_comments: bool) -> None:
    comments = Comment.objects.filter(author=member)
    # Earlier versions may hold exactly what the member later edited out.
    CommentRevision.objects.filter(comment__author=member).delete()
    Appeal.objects.filter(comment__author=member, outcome=AppealOutcome.WAITING).delete()
    if keep_comments:
        comments.update(spam_check_ip=None)
        return
    thread_ids = set(comments.values_list("thread_id", flat=True))
    # As forum.services.comment_delete leaves a comment its author deleted, so the thread shows
    # the usual placeholder; in one statement, whatever state each comment was in.
    comments.update(
        body="",
        body_html="",
        status=CommentStatus.REMOVED,
        personal_data_confirmed=False,
        spam_check=Case(
            When(spam_check=SpamCheck.WAITING, then=Value(SpamCheck.NOT_NEEDED)),
            default=F("spam_check"),
        ),
        spam_check_ip=None,
    )
    started = Thread.objects.filter(author=member)
    started_ids = list(started.values_list("pk", flat=True))
    # Other members' notifications name the thread as it was called: a removed thread's title
    # goes from them too.
    Notification.objects.filter(thread_id__in=started_ids).update(title=REMOVED_THREAD_TITLE)
    # Old addresses keep working: the thread page redirects a stale slug to the current one.
    started.update(title=REMOVED_THREAD_TITLE, slug=slugify(REMOVED_THREAD_TITLE))
    audit_relabel(Thread, started_ids, REMOVED_THREAD_TITLE)
    for thread_id in sorted(thread_ids | set(started_ids)):
        refresh_thread(thread_id)
