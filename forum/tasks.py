"""Work that runs outside the request: email, and the spam service.

Django's tasks API (the django-tasks backport): the immediate backend runs these at once in
development and tests; in production the database backend queues them for `manage.py db_worker`.
Every task takes ids, not objects, and reads fresh rows, so a retry sees the current state.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC

import akismet
import httpx
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from forum.emails import notification_email, site_url
from forum.models import Comment, CommentStatus, Flag, Notification, SpamCheck

logger = logging.getLogger(__name__)


@task()
def send_notification_email(notification_id: int, subject: str) -> None:
    """Email one notification to its recipient, once, if it is still due: not yet emailed, not
    yet read on the site, and the member (still active) still wants it at once. Marked emailed
    in the same transaction, so a second run of the task, or a digest, never sends it again;
    an email that fails leaves it unmarked."""
    from forum.services.records import emailed_at_once

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True, read_at__isnull=True)
            .first()
        )
        if notification is None:
            return
        recipient = notification.recipient
        if not recipient.is_active or not emailed_at_once(
            notification.kind, recipient.email_notifications
        ):
            return
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
        notification_email(notification, subject=subject).send()


@task()
def alert_moderators_of_crisis(flag_id: int) -> None:
    """Email every moderator at once about a self-harm or crisis flag: one message each, over one
    connection, so no moderator sees another's address."""
    from forum.permissions import MODERATORS_GROUP

    flag = Flag.objects.select_related("comment__thread").filter(pk=flag_id).first()
    if flag is None:
        return
    moderators = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name=MODERATORS_GROUP)
        .values_list("email", flat=True)
    )
    url = site_url(f"{flag.comment.thread.get_absolute_url()}#comment-{flag.comment_id}")
    subject = f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Urgent: a comment was flagged as crisis"
    message = (
        "A member flagged a comment as self-harm or crisis. Please look at it now.\n\n"
        f"Thread: {flag.comment.thread.title}\n{url}\n\n"
        f"Note from the member who flagged it: {flag.note or '(none)'}\n\n"
        "The comment's author has been shown crisis helplines."
    )
    send_mass_mail(
        [(subject, message, None, [address]) for address in moderators if address],
        fail_silently=False,
    )


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
    from forum.services import apply_spam_verdict

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
