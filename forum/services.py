"""Every change to the forum goes through these functions: web views, the admin and the API alike.

Each runs in one transaction, checks permission through forum.permissions, and raises
PermissionDenied or ValidationError (with a message for the member) before anything is saved.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from forum import permissions
from forum.models import (
    BODY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    TITLE_MIN_LENGTH,
    Category,
    Comment,
    CommentRevision,
    CommentStatus,
    Thread,
)
from forum.rendering import render_markdown

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_title(title: str) -> str:
    title = " ".join(_CONTROL_CHARACTERS.sub("", title or "").split())
    if len(title) < TITLE_MIN_LENGTH:
        raise ValidationError(
            {"title": f"Please give the thread a title of at least {TITLE_MIN_LENGTH} characters."}
        )
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError(
            {
                "title": f"Titles are at most {TITLE_MAX_LENGTH} characters "
                f"(this one has {len(title)})."
            }
        )
    return title


def clean_body(body: str) -> str:
    body = _CONTROL_CHARACTERS.sub("", (body or "").replace("\r\n", "\n")).strip()
    if not body:
        raise ValidationError({"body": "Please write something before posting."})
    if len(body) > BODY_MAX_LENGTH:
        raise ValidationError(
            {
                "body": f"Comments are at most {BODY_MAX_LENGTH:,} characters "
                f"(this one has {len(body):,}). You could split it into two."
            }
        )
    return body


def _lock_thread(thread_id: int) -> Thread:
    return Thread.objects.select_for_update().get(pk=thread_id)


def _new_comment(*, thread: Thread, author, body: str, now) -> Comment:
    comment = Comment(
        thread=thread,
        author=author,
        body=body,
        body_html=render_markdown(body),
        status=CommentStatus.PUBLISHED,
        created_at=now,
    )
    comment.full_clean()
    comment.save()
    return comment


def _recount_after_unpublishing(thread_id: int) -> None:
    """A comment left the published set: one fewer in the count, and the thread's latest
    activity goes back to its newest published comment (or its start, if none is left)."""
    thread = _lock_thread(thread_id)
    newest = (
        Comment.objects.filter(thread_id=thread_id, status=CommentStatus.PUBLISHED)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    thread.comment_count = F("comment_count") - 1
    thread.last_activity_at = newest or thread.created_at
    thread.save(update_fields=["comment_count", "last_activity_at"])


def thread_create(*, author, category: Category, title: str, body: str) -> Thread:
    """Start a thread with its opening comment; both are saved, or neither is."""
    permissions.ensure(permissions.thread_start_refusal(author, category))
    errors: dict[str, list[str]] = {}
    try:
        title = clean_title(title)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        body = clean_body(body)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    with transaction.atomic():
        thread = Thread(
            category=category,
            author=author,
            title=title,
            slug=slugify(title)[:80] or "thread",
            created_at=now,
            last_activity_at=now,
            comment_count=1,
        )
        thread.full_clean()
        thread.save()
        _new_comment(thread=thread, author=author, body=body, now=now)
    return thread


def comment_create(*, author, thread: Thread, body: str) -> Comment:
    """Reply to a thread. The thread is locked for the update so counts never drift."""
    body = clean_body(body)
    with transaction.atomic():
        thread = _lock_thread(thread.pk)
        permissions.ensure(permissions.reply_refusal(author, thread))
        now = timezone.now()
        comment = _new_comment(thread=thread, author=author, body=body, now=now)
        Thread.objects.filter(pk=thread.pk).update(
            comment_count=F("comment_count") + 1, last_activity_at=now
        )
    return comment


def comment_edit(*, actor, comment: Comment, body: str) -> Comment:
    """Change a comment's text, keeping the earlier text as a revision."""
    body = clean_body(body)
    with transaction.atomic():
        comment = Comment.objects.select_for_update().select_related("thread").get(pk=comment.pk)
        permissions.ensure(permissions.comment_edit_refusal(actor, comment))
        if body == comment.body:
            return comment
        now = timezone.now()
        CommentRevision.objects.create(
            comment=comment,
            body=comment.body,
            created_at=comment.edited_at or comment.created_at,
            replaced_at=now,
        )
        comment.body = body
        comment.body_html = render_markdown(body)
        comment.edited_at = now
        comment.full_clean()
        comment.save(update_fields=["body", "body_html", "edited_at"])
    return comment


def comment_delete(*, actor, comment: Comment) -> Comment:
    """Remove a member's own comment: its words (and earlier versions) are erased, and a
    "removed by its author" placeholder keeps its place so the replies around it still read."""
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        permissions.ensure(permissions.comment_change_refusal(actor, comment))
        was_published = comment.status == CommentStatus.PUBLISHED
        comment.revisions.all().delete()
        comment.body = ""
        comment.body_html = ""
        comment.status = CommentStatus.REMOVED
        comment.save(update_fields=["body", "body_html", "status"])
        if was_published:
            _recount_after_unpublishing(comment.thread_id)
    return comment
