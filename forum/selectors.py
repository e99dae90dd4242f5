"""Reads for the forum, with the visibility rules and the joins built in.

Every page asks these, so what a visitor can see is decided here and nowhere else.
"""

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from forum.models import Category, Comment, CommentStatus, Thread, ThreadStatus
from forum.pagination import KeysetPage, cursor_after, keyset_paginate
from forum.permissions import is_moderator

THREAD_ORDER = ("-is_pinned", "-last_activity_at", "-id")
COMMENT_ORDER = ("id",)

# Shown to everyone, as the comment itself or as a placeholder that keeps replies readable.
PUBLIC_COMMENT_STATUSES = (CommentStatus.PUBLISHED, CommentStatus.REMOVED, CommentStatus.HIDDEN)


def visible_threads(viewer) -> QuerySet[Thread]:
    threads = Thread.objects.all()
    published = Q(status=ThreadStatus.PUBLISHED)
    if is_moderator(viewer):
        return threads
    if viewer.is_authenticated:
        return threads.filter(published | Q(author=viewer))
    return threads.filter(published)


def visible_comments(viewer) -> QuerySet[Comment]:
    """Published comments and placeholders for everyone; held, hidden and rejected comments
    only for their author and moderators."""
    public = Q(status__in=PUBLIC_COMMENT_STATUSES)
    if is_moderator(viewer):
        return Comment.objects.all()
    if viewer.is_authenticated:
        return Comment.objects.filter(public | Q(author=viewer))
    return Comment.objects.filter(public)


def home_categories() -> list[Category]:
    """Every category with its published thread and comment counts and latest thread. One query."""
    published = Q(threads__status=ThreadStatus.PUBLISHED)
    latest = Thread.objects.filter(category=OuterRef("pk"), status=ThreadStatus.PUBLISHED).order_by(
        "-last_activity_at", "-id"
    )
    return list(
        Category.objects.annotate(
            thread_total=Count("threads", filter=published),
            comment_total=Coalesce(Sum("threads__comment_count", filter=published), 0),
            latest_activity_at=Max("threads__last_activity_at", filter=published),
            latest_thread_id=Subquery(latest.values("id")[:1]),
            latest_thread_title=Subquery(latest.values("title")[:1]),
            latest_thread_slug=Subquery(latest.values("slug")[:1]),
        ).order_by("position", "name")
    )


def category_by_slug(slug: str) -> Category:
    return get_object_or_404(Category, slug=slug)


def category_threads(*, category: Category, viewer, cursor: str | None, size: int) -> KeysetPage:
    threads = visible_threads(viewer).filter(category=category).select_related("author")
    return keyset_paginate(threads, keys=THREAD_ORDER, cursor=cursor, size=size)


def thread_for_viewer(*, pk: int, viewer) -> Thread:
    return get_object_or_404(visible_threads(viewer).select_related("category", "author"), pk=pk)


def thread_comments(*, thread: Thread, viewer, cursor: str | None, size: int) -> KeysetPage:
    comments = visible_comments(viewer).filter(thread=thread).select_related("author")
    page = keyset_paginate(comments, keys=COMMENT_ORDER, cursor=cursor, size=size)
    for comment in page.items:
        comment.thread = thread  # the page shares the thread it was asked for: no query each
    return page


def comment_page_cursor(*, thread: Thread, viewer, comment_id: int, size: int) -> str | None:
    """The cursor of the thread page that shows `comment_id` (None: the first page)."""
    comments = visible_comments(viewer).filter(thread=thread).order_by(*COMMENT_ORDER)
    before = comments.filter(id__lt=comment_id).count()
    page_start = before - before % size
    if page_start == 0:
        return None
    return cursor_after(comments[page_start - 1], COMMENT_ORDER)


def comment_for_change(*, pk: int, viewer) -> Comment:
    """A comment the viewer can see, for the edit and delete pages; 404 for any other, so the
    pages do not reveal that a hidden comment exists."""
    comments = visible_comments(viewer).filter(thread__in=visible_threads(viewer))
    return get_object_or_404(comments.select_related("thread", "author"), pk=pk)


def member_recent_threads(*, member, viewer, limit: int = 10) -> list[Thread]:
    return list(
        visible_threads(viewer)
        .filter(author=member)
        .select_related("category")
        .order_by("-created_at", "-id")[:limit]
    )
