"""Writing in the forum: threads, replies, edits and deletions, through the moderation policy.

A post reads top to bottom: refuse early (permission, rate limit), clean and render its words
once and scan them once for contact details (_prepare), lock and check again, judge it
(forum.moderation.policy.assess), save it, then after the commit: count it against the rate
limit, ask the spam service when the policy says so, and announce its first publication
(forum.services.publication).
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify

from core.errors import ensure
from forum import permissions
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
from forum.moderation import policy, spam
from forum.rendering import render_markdown
from forum.services.follows import follow_as_participant
from forum.services.locks import comment_for_update, refresh_thread, thread_for_update
from forum.services.publication import announce_first_publication, mark_published

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Words:
    """A post's words once cleaned: its body, rendered once, scanned once for contact details."""

    body: str
    html: str
    personal_data: bool  # holds contact details, which its author saw the warning for and sent


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


def _clean_and_render(body: str) -> tuple[str, str]:
    body = _CONTROL_CHARACTERS.sub("", (body or "").replace("\r\n", "\n")).strip()
    if not body:
        raise ValidationError({"body": "Please write something before posting."})
    html = render_markdown(body)
    if not strip_tags(html).strip():
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
    return body, html


def _prepare(body: str, *, confirmed: bool, title: str = "") -> Words:
    """Clean and render the body, and warn of contact details in it (or in the title, which is
    as public) unless the author confirmed them."""
    body, html = _clean_and_render(body)
    text = f"{title}\n\n{body}" if title else body
    return Words(body, html, policy.check_personal_data(text, confirmed=confirmed))


def apply_assessment(
    comment: Comment, assessment: policy.Assessment, now, client_ip: str | None
) -> bool:
    """Set a comment's status from the policy's answer (the caller saves it). True when this
    publishes it for the first time."""
    codes = list(assessment.hold_codes)
    if assessment.needs_spam_service:
        codes.append(policy.HoldCode.SPAM_CHECK)
        comment.spam_check = SpamCheck.WAITING
        comment.spam_check_ip = client_ip
    comment.hold_codes = codes
    comment.held_reason = policy.describe(codes)
    if codes:
        comment.status = CommentStatus.PENDING
        return False
    return mark_published(comment, now)


def _judge_and_save(comment: Comment, *, author, text: str, honeypot, client_ip, now) -> None:
    """Judge the comment (the policy reads `text`: an opening is judged with its thread's title),
    save it, and queue what must wait until it is safely saved."""
    assessment = policy.assess(
        author=author,
        body=text,
        honeypot=honeypot,
        editing=None if comment._state.adding else comment,
    )
    first_publication = apply_assessment(comment, assessment, now, client_ip)
    comment.full_clean()
    comment.save()
    transaction.on_commit(lambda: policy.record_post(author))
    if comment.spam_check == SpamCheck.WAITING:
        comment_id = comment.pk
        transaction.on_commit(lambda: spam.check_spam.enqueue(comment_id))
    if first_publication:
        announce_first_publication(comment)


def _new_comment(
    *, thread: Thread, author, words: Words, now, honeypot, client_ip, is_opening: bool = False
) -> Comment:
    comment = Comment(
        thread=thread,
        author=author,
        body=words.body,
        body_html=words.html,
        created_at=now,
        is_opening=is_opening,
        personal_data_confirmed=words.personal_data,
    )
    text = f"{thread.title}\n\n{words.body}" if is_opening else words.body
    _judge_and_save(
        comment, author=author, text=text, honeypot=honeypot, client_ip=client_ip, now=now
    )
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
    ensure(permissions.thread_start_refusal(author, category))
    policy.check_rate_limit(author)
    errors: dict[str, list[str]] = {}
    if visibility not in ThreadVisibility.values:
        errors["visibility"] = ["Please choose who can read the thread: everyone, or members only."]
    try:
        title = clean_title(title)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        body, html = _clean_and_render(body)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    personal_data = policy.check_personal_data(
        f"{title}\n\n{body}", confirmed=personal_data_confirmed
    )
    words = Words(body, html, personal_data)

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
            words=words,
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
    ensure(permissions.reply_refusal(author, thread))
    policy.check_rate_limit(author)
    words = _prepare(body, confirmed=personal_data_confirmed)
    with transaction.atomic():
        thread = thread_for_update(author, thread.pk, permissions.reply_refusal)
        comment = _new_comment(
            thread=thread,
            author=author,
            words=words,
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
    ensure(permissions.comment_edit_refusal(actor, comment))
    policy.check_rate_limit(actor)
    words = _prepare(body, confirmed=personal_data_confirmed)
    with transaction.atomic():
        comment = comment_for_update(actor, comment.pk, permissions.comment_edit_refusal)
        if words.body == comment.body:
            return comment
        now = timezone.now()
        CommentRevision.objects.create(
            comment=comment,
            body=comment.body,
            created_at=comment.edited_at or comment.created_at,
            replaced_at=now,
        )
        comment.body = words.body
        comment.body_html = words.html
        comment.edited_at = now
        comment.personal_data_confirmed = words.personal_data
        _judge_and_save(
            comment, author=actor, text=words.body, honeypot=honeypot, client_ip=client_ip, now=now
        )
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
