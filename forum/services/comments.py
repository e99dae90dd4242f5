"""Writing in the forum: threads, replies, edits and deletions, through the moderation policy."""

import re
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify

from forum import moderation, permissions
from forum.models import (
    BODY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    TITLE_MIN_LENGTH,
    Category,
    Comment,
    CommentRevision,
    CommentStatus,
    SpamCheck,
    Thread,
    ThreadStatus,
    ThreadVisibility,
)
from forum.rendering import render_markdown
from forum.services.follows import announce_first_publication, follow_as_participant

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
    if not strip_tags(render_markdown(body)).strip():
        raise ValidationError(
            {
                "body": "Nothing in this would show on the page. Please write some words "
                "(pictures are not shown, and a link needs text of its own)."
            }
        )
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


def comment_for_update(actor, comment_id: int, refusal: Callable[..., str | None]) -> Comment:
    """The comment, locked until the transaction ends, once `refusal(actor, comment)` allows
    what the actor is about to do to it as it is now, not as the caller last saw it (another
    moderator may have hidden it, its author deleted it). Call inside transaction.atomic(); a
    service may check first without the lock too, to refuse early, but only this check counts."""
    # Only the comment's row is locked (of=self), not its thread's or author's: erasure locks
    # the author and then their comments, and must not meet a reaction going the other way.
    locked = Comment.objects.select_for_update(of=("self",)).select_related("thread", "author")
    comment = locked.get(pk=comment_id)
    permissions.ensure(refusal(actor, comment))
    return comment


def refresh_thread(thread_id: int) -> Thread:
    """Recount a thread from its comments after any change of status: the published count, the
    latest activity (when its newest published comment appeared) and the thread's own status,
    which follows its opening comment. Counting from the rows means the numbers cannot drift."""
    thread = _lock_thread(thread_id)
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


def mark_published(comment: Comment, now) -> bool:
    """Publish `comment` (the caller saves it). True only the first time it is ever published:
    the moment its thread's followers hear of it (follows.announce_first_publication), so an
    edit, a re-approval or a restore tells nobody twice."""
    comment.status = CommentStatus.PUBLISHED
    if comment.published_at is not None:
        return False
    comment.published_at = now
    return True


def apply_assessment(
    comment: Comment, assessment: moderation.Assessment, now, client_ip: str | None
) -> bool:
    """Set a comment's status from the policy's answer (the caller saves it). True when this
    publishes it for the first time."""
    codes = list(assessment.hold_codes)
    if assessment.needs_spam_service:
        codes.append(moderation.HoldCode.SPAM_CHECK)
        comment.spam_check = SpamCheck.WAITING
        comment.spam_check_ip = client_ip
    comment.hold_codes = codes
    comment.held_reason = moderation.describe(codes)
    if codes:
        comment.status = CommentStatus.PENDING
        return False
    return mark_published(comment, now)


def _after_posting(author, comment: Comment, *, first_publication: bool) -> None:
    """Side effects that must wait until the comment is safely saved."""
    from forum import tasks

    transaction.on_commit(lambda: moderation.record_post(author))
    if comment.spam_check == SpamCheck.WAITING:
        transaction.on_commit(lambda: tasks.check_spam.enqueue(comment.pk))
    if first_publication:
        announce_first_publication(comment)


def _check_before_posting(author, body: str, personal_data_confirmed: bool) -> str:
    moderation.check_rate_limit(author)
    body = clean_body(body)
    moderation.check_personal_data(body, confirmed=personal_data_confirmed)
    return body


def _new_comment(
    *,
    thread: Thread,
    author,
    body: str,
    now,
    honeypot: str,
    client_ip: str | None,
    is_opening: bool = False,
) -> Comment:
    # An opening comment is judged with its thread's title: a title is as public as a body.
    text = f"{thread.title}\n\n{body}" if is_opening else body
    comment = Comment(
        thread=thread,
        author=author,
        body=body,
        body_html=render_markdown(body),
        created_at=now,
        is_opening=is_opening,
        # Reaching here with contact details means the author saw the warning and confirmed.
        personal_data_confirmed=bool(moderation.personal_data_found(text)),
    )
    assessment = moderation.assess(author=author, body=text, honeypot=honeypot)
    first_publication = apply_assessment(comment, assessment, now, client_ip)
    comment.full_clean()
    comment.save()
    _after_posting(author, comment, first_publication=first_publication)
    return comment


def thread_create(
    *,
    author,
    category: Category,
    title: str,
    body: str,
    honeypot: str = "",
    personal_data_confirmed: bool = False,
    client_ip: str | None = None,
    visibility: str = ThreadVisibility.PUBLIC,
) -> Thread:
    """Start a thread with its opening comment; both are saved, or neither is. The thread is
    visible to others once its opening comment passes moderation. Its author follows it.
    `visibility` (ThreadVisibility): public, or members-only, which hides the thread, its comments
    and its authors' names from visitors and search engines."""
    permissions.ensure(permissions.thread_start_refusal(author, category))
    moderation.check_rate_limit(author)
    errors: dict[str, list[str]] = {}
    if visibility not in ThreadVisibility.values:
        errors["visibility"] = ["Please choose who can read the thread: everyone, or members only."]
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
    moderation.check_personal_data(f"{title}\n\n{body}", confirmed=personal_data_confirmed)

    now = timezone.now()
    with transaction.atomic():
        thread = Thread(
            category=category,
            author=author,
            title=title,
            slug=slugify(title)[:80] or "thread",
            visibility=visibility,
            created_at=now,
            last_activity_at=now,
            status=ThreadStatus.PENDING,
            comment_count=0,
        )
        thread.full_clean()
        thread.save()
        _new_comment(
            thread=thread,
            author=author,
            body=body,
            now=now,
            honeypot=honeypot,
            client_ip=client_ip,
            is_opening=True,
        )
        follow_as_participant(member=author, thread=thread)
        thread = refresh_thread(thread.pk)
    return thread


def comment_create(
    *,
    author,
    thread: Thread,
    body: str,
    honeypot: str = "",
    personal_data_confirmed: bool = False,
    client_ip: str | None = None,
) -> Comment:
    """Reply to a thread, through the moderation policy. Held replies are kept, never dropped.
    The author follows the thread; its other followers hear of the reply once it is published."""
    permissions.ensure(permissions.reply_refusal(author, thread))
    body = _check_before_posting(author, body, personal_data_confirmed)
    with transaction.atomic():
        thread = _lock_thread(thread.pk)
        permissions.ensure(permissions.reply_refusal(author, thread))
        comment = _new_comment(
            thread=thread,
            author=author,
            body=body,
            now=timezone.now(),
            honeypot=honeypot,
            client_ip=client_ip,
        )
        follow_as_participant(member=author, thread=thread)
        refresh_thread(thread.pk)
    return comment


def comment_edit(
    *,
    actor,
    comment: Comment,
    body: str,
    honeypot: str = "",
    personal_data_confirmed: bool = False,
    client_ip: str | None = None,
) -> Comment:
    """Change a comment's text, keeping the earlier text as a revision. The new text passes the
    same spam checks as a new comment, so an edit cannot slip spam past moderation."""
    permissions.ensure(permissions.comment_edit_refusal(actor, comment))
    body = _check_before_posting(actor, body, personal_data_confirmed)
    with transaction.atomic():
        comment = comment_for_update(actor, comment.pk, permissions.comment_edit_refusal)
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
        comment.personal_data_confirmed = bool(moderation.personal_data_found(body))
        assessment = moderation.assess(author=actor, body=body, honeypot=honeypot, editing=comment)
        first_publication = apply_assessment(comment, assessment, now, client_ip)
        comment.full_clean()
        comment.save()
        _after_posting(actor, comment, first_publication=first_publication)
        refresh_thread(comment.thread_id)
    return comment


def comment_delete(*, actor, comment: Comment) -> Comment:
    """Remove a member's own comment: its words (and earlier versions) are erased, and a
    "removed by its author" placeholder keeps its place so the replies around it still read."""
    with transaction.atomic():
        comment = comment_for_update(actor, comment.pk, permissions.comment_change_refusal)
        comment.revisions.all().delete()
        comment.body = ""
        comment.body_html = ""
        comment.status = CommentStatus.REMOVED
        comment.personal_data_confirmed = False
        if comment.spam_check == SpamCheck.WAITING:
            comment.spam_check = SpamCheck.NOT_NEEDED  # nothing left to check
        comment.spam_check_ip = None
        comment.save(
            update_fields=[
                "body",
                "body_html",
                "status",
                "personal_data_confirmed",
                "spam_check",
                "spam_check_ip",
            ]
        )
        refresh_thread(comment.thread_id)
    return comment
