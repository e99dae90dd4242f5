"""The spam service (Akismet): a comment that waits for it is held until it answers. Any failure
(down, slow, refused key) leaves the comment held, waiting, for `manage.py recheck_spam` to try
again: never published unchecked, never lost. Tasks take ids, not objects, and read fresh rows,
so a retry sees the current state (Django's tasks API; see settings.TASKS).

The Akismet and HTTP libraries are imported when a check is made, not when a worker starts:
most sites run without a key, and every worker would carry them (megabytes) for nothing."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from core.http import site_url
from forum.models import Comment, CommentStatus, SpamCheck
from forum.moderation import policy
from forum.services.locks import refresh_thread
from forum.services.publication import announce_first_publication, mark_published

if TYPE_CHECKING:
    import akismet

logger = logging.getLogger(__name__)


def apply_spam_verdict(
    *, comment_id: int, verdict: str, checked_body: str | None = None
) -> Comment | None:
    """Record the spam service's answer: "spam" keeps the comment held with that reason, "ham"
    releases it unless something else holds it, anything else leaves it waiting for a retry.
    With `checked_body`, an answer about a text the author has since edited is ignored: the
    check queued by the edit decides."""
    with transaction.atomic():
        comment = Comment.objects.select_for_update().filter(pk=comment_id).first()
        if comment is None or comment.spam_check != SpamCheck.WAITING:
            return comment  # deleted meanwhile, or a moderator decided first
        if checked_body is not None and checked_body != comment.body:
            return comment
        codes = [c for c in comment.hold_codes if c != policy.HoldCode.SPAM_CHECK]
        if verdict == "spam":
            comment.spam_check = SpamCheck.SPAM
            codes.append(policy.HoldCode.SPAM_SERVICE)
        elif verdict == "ham":
            comment.spam_check = SpamCheck.PASSED
        else:
            return comment
        comment.hold_codes = codes
        comment.held_reason = policy.describe(codes)
        comment.spam_check_ip = None  # answered: the address is no longer needed
        first_publication = False
        if not codes and comment.status == CommentStatus.PENDING:
            first_publication = mark_published(comment, timezone.now())
        comment.save()
        refresh_thread(comment.thread_id)
        if first_publication:
            announce_first_publication(comment)
    return comment


def _waiting_for_spam_service(comment_id: int):
    return Comment.objects.filter(
        pk=comment_id, spam_check=SpamCheck.WAITING, status=CommentStatus.PENDING
    )


@contextmanager
def spam_service() -> Iterator[akismet.SyncClient]:
    """An Akismet client for one task or one `recheck_spam` run, with our own timeout.

    The key is not verified here: that would double every request, and a refused key makes each
    check fail (akismet.APIKeyError), which holds comments like any other failure.
    """
    import akismet
    import httpx

    with httpx.Client(
        timeout=settings.AKISMET_TIMEOUT, headers={"User-Agent": akismet.USER_AGENT}
    ) as http:
        yield akismet.SyncClient(
            config=akismet.Config(key=settings.AKISMET_API_KEY, url=settings.SITE_URL),
            http_client=http,
        )


def ask_spam_service(comment_id: int, client: akismet.SyncClient) -> str:
    """Ask Akismet about one comment that waits for it and record the answer: "spam", "ham",
    "error" (no answer, still waiting) or "skipped" (no longer waiting: answered, decided by a
    moderator, or removed)."""
    import akismet

    comment = _waiting_for_spam_service(comment_id).select_related("author", "thread").first()
    if comment is None:
        return "skipped"
    content = f"{comment.thread.title}\n\n{comment.body}" if comment.is_opening else comment.body
    extra = {"recheck_reason": "edit"} if comment.edited_at else {}
    try:
        result = client.comment_check(
            user_ip=comment.spam_check_ip or "127.0.0.1",
            comment_content=content,
            comment_type="forum-post",
            comment_author=comment.author.display_name,
            # A retry may come long after posting; Akismet wants the original time then.
            comment_date_gmt=comment.created_at.astimezone(UTC).isoformat(),
            permalink=site_url(comment.thread.get_absolute_url()),  # the thread it was posted to
            blog_lang="en",
            blog_charset="UTF-8",
            **extra,
        )
    except akismet.AkismetError as error:
        # The library wraps every transport failure (refused, timed out, HTTP 5xx) in
        # akismet.RequestError, an odd answer in ProtocolError and a refused key in APIKeyError.
        logger.warning("Spam check for comment %s failed, will retry: %s", comment_id, error)
        return "error"
    # "Discard" is Akismet's word for blatant spam: held like any spam, never dropped.
    verdict = "ham" if result == akismet.CheckResponse.HAM else "spam"
    apply_spam_verdict(comment_id=comment_id, verdict=verdict, checked_body=comment.body)
    return verdict


@task()
def check_spam(comment_id: int) -> str:
    """Ask Akismet about a held comment. Any failure (down, slow, refused key) leaves it held,
    waiting, for `manage.py recheck_spam` to try again: never published unchecked, never lost."""
    if not _waiting_for_spam_service(comment_id).exists():
        return "skipped"  # settled before the task ran (a moderator, a deletion): no client needed
    with spam_service() as client:
        return ask_spam_service(comment_id, client)
