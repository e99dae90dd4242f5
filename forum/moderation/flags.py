"""Flags: a member reports a comment. Enough distinct flags hide it until a moderator decides;
a self-harm or crisis flag alerts every moderator at once and offers its author crisis support,
with the helplines of the resource directory (which registers them: crisis_helplines_from)."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django_tasks import task

from accounts.permissions import MODERATORS_GROUP
from core.errors import ensure
from core.http import site_url
from forum import permissions
from forum.models import Comment, CommentStatus, Flag, FlagReason, FlagResolution, NotificationKind
from forum.moderation import policy
from forum.services.locks import comment_for_update, refresh_thread
from notifications.services import notify

# Where the crisis message finds its helplines: the resource directory, above the forum,
# registers its selector here (resources/apps.py). Until it does, the fallback words are used.
_helplines: Callable[..., list] = lambda *, viewer: []  # noqa: E731


def crisis_helplines_from(source: Callable[..., list]) -> None:
    """Let `source(viewer=member)` (the directory's published helplines) fill crisis messages."""
    global _helplines
    _helplines = source


def crisis_helplines(*, viewer) -> list:
    return _helplines(viewer=viewer)


def flag_create(*, reporter, comment: Comment, reason: str, note: str = "") -> Flag:
    """Report a comment, once per member. Enough distinct flags hide it until a moderator
    decides; a self-harm or crisis flag alerts every moderator at once and offers its author
    crisis support."""
    ensure(permissions.flag_refusal(reporter, comment))
    if reason not in FlagReason.values:
        raise ValidationError({"reason": "Please choose a reason from the list."})
    note = (note or "").strip()
    if len(note) > 1000:
        raise ValidationError({"note": "Please keep the note under 1,000 characters."})
    try:
        with transaction.atomic():
            comment = comment_for_update(reporter, comment.pk, permissions.flag_refusal)
            flag = Flag.objects.create(comment=comment, reporter=reporter, reason=reason, note=note)
            open_flags = comment.flags.filter(resolution=FlagResolution.OPEN).count()
            if comment.status == CommentStatus.PUBLISHED and policy.hides_after_flags(open_flags):
                comment.status = CommentStatus.HIDDEN
                comment.hold_codes = [policy.HoldCode.FLAGS]
                comment.held_reason = policy.describe(comment.hold_codes)
                comment.save()
                refresh_thread(comment.thread_id)
            if reason == FlagReason.CRISIS:
                notify(
                    recipient=comment.author,
                    kind=NotificationKind.CRISIS_SUPPORT,
                    thread_id=comment.thread_id,
                    comment_id=comment.pk,
                    title=comment.thread.title,
                    # The helplines of the moment: fixed words, naming no member.
                    fixed_text=policy.crisis_support_message(
                        crisis_helplines(viewer=comment.author)
                    ),
                    url=comment.thread.get_absolute_url(),
                )
                transaction.on_commit(lambda: alert_moderators_of_crisis.enqueue(flag.pk))
    except IntegrityError:
        raise ValidationError("You have already flagged this comment. Thank you.") from None
    return flag


@task()
def alert_moderators_of_crisis(flag_id: int) -> None:
    """Email every moderator at once about a self-harm or crisis flag: one message each, over one
    connection, so no moderator sees another's address."""
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
