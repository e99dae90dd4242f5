"""Reads for the forum, with the visibility rules and the joins built in.

Every page asks these, so what a visitor can see is decided here and nowhere else.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from accounts.permissions import sees_moderated_content
from core.pagination import KeysetPage, cursor_after, keyset_paginate
from forum.models import (
    AppealOutcome,
    Category,
    Comment,
    CommentStatus,
    Flag,
    FlagResolution,
    Follow,
    Reaction,
    ReactionKind,
    ReviewItem,
    Thread,
    ThreadStatus,
    ThreadVisibility,
)

THREAD_ORDER = ("-is_pinned", "-last_activity_at", "-id")
COMMENT_ORDER = ("id",)
# What a list shows of a thread and of a member's name (templates/forum/_thread_row.html,
# includes/member_name.html). A member's row also holds six dates, their email address and bio:
# leaving them out took a member's category page from 6.77 to 6.31 ms on PostgreSQL.
THREAD_ROW_FIELDS = (
    "category",
    "title",
    "slug",
    "author",
    "visibility",
    "is_pinned",
    "is_locked",
    "status",
    "last_activity_at",
    "comment_count",
)
NAME_FIELDS = ("display_name", "is_active")

# Shown to everyone, as the comment itself or as a placeholder that keeps replies readable.
PUBLIC_COMMENT_STATUSES = (CommentStatus.PUBLISHED, CommentStatus.REMOVED, CommentStatus.HIDDEN)


def visible_threads(viewer) -> QuerySet[Thread]:
    """Published threads for everyone, except members-only ones, which visitors (signed out)
    never see; a member's own held or rejected threads for them; everything for moderators."""
    return Thread.objects.filter(thread_visibility(viewer))


def thread_visibility(viewer, *, through: str = "") -> Q:
    """visible_threads' rule as a condition, for a query that reaches the thread `through` a
    relation ("thread__"): a join and one primary-key lookup a row, not a list of every thread."""
    if sees_moderated_content(viewer):
        return Q()
    published = Q(**{f"{through}status": ThreadStatus.PUBLISHED})
    if viewer.is_authenticated:
        return published | Q(**{f"{through}author": viewer})
    return published & Q(**{f"{through}visibility": ThreadVisibility.PUBLIC})


def visible_comments(viewer) -> QuerySet[Comment]:
    """Published comments and placeholders for everyone; held, hidden and rejected comments
    only for their author and moderators. Visitors see none in a members-only thread."""
    public = Q(status__in=PUBLIC_COMMENT_STATUSES)
    if sees_moderated_content(viewer):
        return Comment.objects.all()
    if viewer.is_authenticated:
        return Comment.objects.filter(public | Q(author=viewer))
    return Comment.objects.filter(public, thread__visibility=ThreadVisibility.PUBLIC)


def comments_in_visible_threads(viewer) -> QuerySet[Comment]:
    """visible_comments, in the threads `viewer` may see: what search finds and what a comment's
    own pages open. The thread is tested through a join, one primary-key lookup a comment."""
    return visible_comments(viewer).filter(thread_visibility(viewer, through="thread__"))


def members_only_thread_exists(*, pk: int) -> bool:
    """Whether `pk` is a published members-only thread: what a visitor is asked to sign in for.
    Any other thread they cannot see is simply not found."""
    return Thread.objects.filter(
        pk=pk, status=ThreadStatus.PUBLISHED, visibility=ThreadVisibility.MEMBERS
    ).exists()


def members_only_comment_exists(*, pk: int) -> bool:
    """Whether `pk` is a comment members can see in a published members-only thread."""
    return Comment.objects.filter(
        pk=pk,
        status__in=PUBLIC_COMMENT_STATUSES,
        thread__status=ThreadStatus.PUBLISHED,
        thread__visibility=ThreadVisibility.MEMBERS,
    ).exists()


def home_categories(viewer=None) -> list[Category]:
    """Every category with its thread and comment counts and latest thread, as `viewer` may see
    them (members-only threads are left out for visitors). One query: the numbers are kept on
    the category by forum.services.locks.refresh_categories."""
    audience = "visitor" if viewer is None or not viewer.is_authenticated else "member"
    categories = list(
        Category.objects.select_related(f"{audience}_latest_thread").order_by("position", "name")
    )
    for category in categories:
        latest = getattr(category, f"{audience}_latest_thread")
        category.thread_total = getattr(category, f"{audience}_thread_count")
        category.comment_total = getattr(category, f"{audience}_comment_count")
        category.latest_thread_id = latest.pk if latest else None
        category.latest_thread_title = latest.title if latest else None
        category.latest_thread_slug = latest.slug if latest else None
        category.latest_activity_at = latest.last_activity_at if latest else None
    return categories


def category_by_slug(slug: str) -> Category:
    return get_object_or_404(Category, slug=slug)


def category_threads(*, category: Category, viewer, cursor: str | None, size: int) -> KeysetPage:
    threads = (
        visible_threads(viewer)
        .filter(category=category)
        .select_related("author")
        .only(*THREAD_ROW_FIELDS, *(f"author__{name}" for name in NAME_FIELDS))
    )
    return keyset_paginate(threads, keys=THREAD_ORDER, cursor=cursor, size=size)


def threads_page(
    *,
    viewer,
    category: Category | None,
    only: Iterable[int] | None,
    cursor: str | None,
    size: int,
) -> KeysetPage:
    """A page of the threads `viewer` may see, in one category or all, pinned first then by
    latest activity; with `only`, just those threads (forum.search found them). One query."""
    threads = visible_threads(viewer).select_related("author", "category")
    if category is not None:
        threads = threads.filter(category=category)
    if only is not None:
        threads = threads.filter(pk__in=list(only))
    return keyset_paginate(threads, keys=THREAD_ORDER, cursor=cursor, size=size)


def thread_for_viewer(*, pk: int, viewer) -> Thread:
    return get_object_or_404(visible_threads(viewer).select_related("category", "author"), pk=pk)


def thread_comments(*, thread: Thread, viewer, cursor: str | None, size: int) -> KeysetPage:
    """A page of the thread's comments as `viewer` may see them, each with its appeal (if any),
    its reactions (`reaction_counts`, a ReactionCount for each kind, and `has_reactions`) and
    `viewer_flagged`: whether the viewer has flagged it (never, for a visitor). Two queries."""
    comments = _with_viewer_flagged(
        visible_comments(viewer).filter(thread=thread).select_related("author", "appeal"), viewer
    )
    page = keyset_paginate(comments, keys=COMMENT_ORDER, cursor=cursor, size=size)
    _attach_reactions(page.items, viewer)
    for comment in page.items:
        comment.thread = thread  # the page shares the thread it was asked for: no query each
        if not viewer.is_authenticated:
            # Set, not left for the template to miss: a failed lookup costs Django a dir().
            comment.viewer_flagged = False
        _withhold_hidden_words(comment, viewer)
    return page


@dataclass(frozen=True)
class ReactionCount:
    """One kind of reaction on one comment: how many members gave it, and whether the viewer did."""

    kind: str
    label: str
    count: int
    viewer_reacted: bool


def _attach_reactions(comments: list[Comment], viewer) -> None:
    """`reaction_counts` (a ReactionCount for each kind: how many members gave it, and whether
    the viewer did) and `has_reactions` on each of `comments`, from one query for all of them:
    a page costs the same whatever its size, and the comments' own query stays plain."""
    tallies = Reaction.objects.filter(comment__in=comments).values_list("comment", "kind")
    if viewer.is_authenticated:
        tallies = tallies.annotate(total=Count("pk"), mine=Count("pk", filter=Q(member=viewer)))
    else:
        tallies = tallies.annotate(total=Count("pk"), mine=Value(0))
    found = {(comment_id, kind): (total, mine) for comment_id, kind, total, mine in tallies}
    for comment in comments:
        comment.reaction_counts = [
            ReactionCount(
                kind=kind,
                label=label,
                count=found.get((comment.pk, kind), (0, 0))[0],
                viewer_reacted=bool(found.get((comment.pk, kind), (0, 0))[1]),
            )
            for kind, label in ReactionKind.choices
        ]
        comment.has_reactions = any(reaction.count for reaction in comment.reaction_counts)


def _with_viewer_flagged(comments: QuerySet[Comment], viewer) -> QuerySet[Comment]:
    """`viewer_flagged` on each comment: whether the viewer has flagged it (a flag is once)."""
    if not viewer.is_authenticated:
        return comments
    return comments.annotate(
        viewer_flagged=Exists(Flag.objects.filter(comment=OuterRef("pk"), reporter=viewer))
    )


def _withhold_hidden_words(comment: Comment, viewer) -> Comment:
    """A hidden comment reaches others as a placeholder: its words never leave the server, except
    to its author and the moderators."""
    if (
        comment.status == CommentStatus.HIDDEN
        and comment.author_id != viewer.pk
        and not sees_moderated_content(viewer)
    ):
        comment.body = comment.body_html = ""
    return comment


def comment_page_cursor(*, thread: Thread, viewer, comment_id: int, size: int) -> str | None:
    """The cursor of the thread page that shows `comment_id` (None: the first page)."""
    comments = visible_comments(viewer).filter(thread=thread).order_by(*COMMENT_ORDER)
    before = comments.filter(id__lt=comment_id).count()
    page_start = before - before % size
    if page_start == 0:
        return None
    return cursor_after(comments[page_start - 1], COMMENT_ORDER)


def comment_for_viewer(*, pk: int, viewer) -> Comment:
    """A comment the viewer can see, in a thread they can see, for the pages that act on one
    comment (edit, delete, flag, appeal); 404 for any other, so those pages do not reveal that
    a held or rejected comment exists."""
    comments = comments_in_visible_threads(viewer)
    comment = get_object_or_404(
        _with_viewer_flagged(
            comments.select_related("thread__category", "author", "appeal"), viewer
        ),
        pk=pk,
    )
    _attach_reactions([comment], viewer)
    return _withhold_hidden_words(comment, viewer)


def has_flagged(*, member, comment: Comment) -> bool:
    return (
        member.is_authenticated and Flag.objects.filter(comment=comment, reporter=member).exists()
    )


def member_recent_threads(*, member, viewer, limit: int = 10) -> list[Thread]:
    return list(
        visible_threads(viewer)
        .filter(author=member)
        .select_related("category")
        .order_by("-created_at", "-id")[:limit]
    )


# -- Follows --------------------------------------------------------------------------------------


def is_following(*, member, thread: Thread) -> bool:
    return member.is_authenticated and Follow.objects.filter(member=member, thread=thread).exists()


# -- The review queue --------------------------------------------------------------------------


def _open_flags_of_comment() -> QuerySet[Flag]:
    return Flag.objects.filter(comment=OuterRef("pk"), resolution=FlagResolution.OPEN)


def _contact_details_unseen() -> Q:
    return Q(personal_data_confirmed=True) & (
        Q(reviewed_at__isnull=True) | Q(reviewed_at__lt=F("edited_at"))
    )


def waiting_comments() -> QuerySet[ReviewItem]:
    """Comments that wait for a moderator: held ones, those with open flags or a waiting appeal,
    and those whose author confirmed posting what looks like contact details since a moderator
    last looked.
    `waiting_since` is when each started waiting (its first open flag, for a flagged one)."""
    first_open_flag = _open_flags_of_comment().order_by("created_at").values("created_at")[:1]
    return (
        ReviewItem.objects.annotate(has_open_flags=Exists(_open_flags_of_comment()))
        .filter(
            Q(status=CommentStatus.PENDING)
            | Q(has_open_flags=True)
            | Q(appeal__outcome=AppealOutcome.WAITING)
            | _contact_details_unseen()
        )
        .exclude(status=CommentStatus.REMOVED)
        .annotate(
            waiting_since=Case(
                When(status=CommentStatus.PENDING, then=F("created_at")),
                When(appeal__outcome=AppealOutcome.WAITING, then=F("appeal__created_at")),
                default=Coalesce(Subquery(first_open_flag), F("edited_at"), F("created_at")),
                output_field=DateTimeField(),
            )
        )
    )


def _count_by_author(queryset: QuerySet, author_field: str = "author") -> Coalesce:
    counts = (
        queryset.filter(**{author_field: OuterRef("author")})
        .order_by()
        .values(author_field)
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counts), 0)


def review_queue() -> QuerySet[ReviewItem]:
    """The queue as the admin lists it: each item with its thread, author, open flags and the
    author's history, in a fixed number of queries however long the queue is."""
    return (
        waiting_comments()
        .select_related("thread", "author", "appeal")
        .prefetch_related(
            Prefetch(
                "flags",
                queryset=Flag.objects.filter(resolution=FlagResolution.OPEN)
                .select_related("reporter")
                .order_by("created_at", "id"),
                to_attr="open_flags",
            )
        )
        .annotate(
            author_published=_count_by_author(
                Comment.objects.filter(status=CommentStatus.PUBLISHED)
            ),
            author_rejected=_count_by_author(Comment.objects.filter(status=CommentStatus.REJECTED)),
            author_hidden=_count_by_author(Comment.objects.filter(status=CommentStatus.HIDDEN)),
            author_flags_received=_count_by_author(Flag.objects.all(), "comment__author"),
        )
    )


def queue_summary() -> dict:
    """How many comments wait, and since when the oldest has waited."""
    return waiting_comments().aggregate(count=Count("pk"), oldest=Min("waiting_since"))
