"""What moderators decide about comments and threads: approve, reject, hide, restore; lock,
pin, move. Each checks forum.permissions, takes the comment through the one lock helper
(forum.services.locks.comment_for_update), writes an AuditEntry with the reason, and tells the
member concerned. The admin's actions call these, and so will the API."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import audit
from core.errors import ensure
from core.forms import clean_reason
from forum import permissions
from forum.models import (
    Appeal,
    AppealOutcome,
    AuditAction,
    Category,
    Comment,
    CommentStatus,
    FlagResolution,
    NotificationKind,
    SpamCheck,
    Thread,
)
from forum.moderation import policy
from forum.services.locks import (
    comment_for_update,
    refresh_categories,
    refresh_thread,
    thread_for_update,
)
from forum.services.publication import announce_first_publication, mark_published
from notifications.services import notify


def require_moderator(user) -> None:
    ensure(permissions.moderation_refusal(user))


def resolve_flags(comment: Comment, moderator, resolution: str) -> int:
    return comment.flags.filter(resolution=FlagResolution.OPEN).update(
        resolution=resolution, resolved_at=timezone.now(), resolved_by=moderator
    )


def decide(comment: Comment, moderator, status: str, reason: str) -> None:
    now = timezone.now()
    comment.status = status
    first_publication = status == CommentStatus.PUBLISHED and mark_published(comment, now)
    comment.hold_codes = []
    comment.held_reason = reason if status in {CommentStatus.REJECTED, CommentStatus.HIDDEN} else ""
    comment.reviewed_at = now
    comment.reviewed_by = moderator
    if comment.spam_check == SpamCheck.WAITING:
        # The moderator's decision settles it: no later answer from the spam service overrides it.
        comment.spam_check = SpamCheck.NOT_NEEDED
        comment.spam_check_ip = None
    comment.save()
    refresh_thread(comment.thread_id)
    if first_publication:
        announce_first_publication(comment)


def tell_author(comment: Comment, kind: str, *, reason: str = "", **details) -> None:
    """Tell a comment's author what a moderator decided about it (its words are in
    forum/notification_kinds.py)."""
    notify(
        recipient=comment.author,
        kind=kind,
        thread_id=comment.thread_id,
        comment_id=comment.pk,
        title=comment.thread.title,
        reason=reason,
        details=details,
        url=comment.thread.get_absolute_url(),
    )


def comment_approve(*, moderator, comment: Comment, reason: str = "") -> Comment:
    """Publish a held comment, or keep a flagged or marked one as it is (its flags dismissed).
    An approved comment counts towards its author's trust."""
    require_moderator(moderator)
    with transaction.atomic():
        comment = comment_for_update(moderator, comment.pk, permissions.moderation_refusal)
        if comment.status not in {CommentStatus.PENDING, CommentStatus.PUBLISHED}:
            raise ValidationError(
                f"This comment is {comment.get_status_display().lower()}; use restore instead."
            )
        was_held = comment.status == CommentStatus.PENDING
        decide(comment, moderator, CommentStatus.PUBLISHED, reason)
        resolve_flags(comment, moderator, FlagResolution.DISMISSED)
        audit(actor=moderator, action=AuditAction.APPROVE, target=comment, reason=reason)
        if was_held:
            tell_author(comment, NotificationKind.COMMENT_APPROVED)
    return comment


def _take_down(*, moderator, comment: Comment, reason: str, status: str) -> Comment:
    action = "reject" if status == CommentStatus.REJECTED else "hide"
    require_moderator(moderator)
    reason = clean_reason(reason, f"{action} a comment")
    with transaction.atomic():
        comment = comment_for_update(moderator, comment.pk, permissions.moderation_refusal)
        if Appeal.objects.filter(comment=comment, outcome=AppealOutcome.WAITING).exists():
            raise ValidationError(
                "The member has appealed the decision on this comment; decide the appeal instead."
            )
        allowed = {CommentStatus.PENDING, CommentStatus.PUBLISHED, CommentStatus.HIDDEN}
        hidden_by_flags = (
            comment.status == CommentStatus.HIDDEN and policy.HoldCode.FLAGS in comment.hold_codes
        )
        # A comment the flags hid is waiting for exactly this decision: a moderator may confirm
        # the hide (with their reason) as well as reject or restore it.
        if comment.status not in allowed or (comment.status == status and not hidden_by_flags):
            raise ValidationError(
                f"This comment is {comment.get_status_display().lower()}, so it cannot be "
                f"{'rejected' if action == 'reject' else 'hidden'}."
            )
        decide(comment, moderator, status, reason)
        resolve_flags(comment, moderator, FlagResolution.UPHELD)
        audit(
            actor=moderator,
            action=AuditAction.REJECT if action == "reject" else AuditAction.HIDE,
            target=comment,
            reason=reason,
        )
        tell_author(
            comment,
            NotificationKind.COMMENT_REJECTED
            if action == "reject"
            else NotificationKind.COMMENT_HIDDEN,
            reason=reason,
        )
    return comment


def comment_reject(*, moderator, comment: Comment, reason: str) -> Comment:
    """Refuse a comment for good (its author may appeal once). A reason is required."""
    return _take_down(
        moderator=moderator, comment=comment, reason=reason, status=CommentStatus.REJECTED
    )


def comment_hide(*, moderator, comment: Comment, reason: str) -> Comment:
    """Take a comment out of view, leaving a placeholder. A reason is required."""
    return _take_down(
        moderator=moderator, comment=comment, reason=reason, status=CommentStatus.HIDDEN
    )


def comment_restore(*, moderator, comment: Comment, reason: str = "") -> Comment:
    """Publish again a hidden or rejected comment; its open flags are dismissed."""
    require_moderator(moderator)
    with transaction.atomic():
        comment = comment_for_update(moderator, comment.pk, permissions.moderation_refusal)
        if comment.status not in {CommentStatus.HIDDEN, CommentStatus.REJECTED}:
            raise ValidationError("Only a hidden or rejected comment can be restored.")
        decide(comment, moderator, CommentStatus.PUBLISHED, reason)
        resolve_flags(comment, moderator, FlagResolution.DISMISSED)
        # Restoring gives the member what an appeal asks for, so a waiting one is settled.
        Appeal.objects.filter(comment=comment, outcome=AppealOutcome.WAITING).update(
            outcome=AppealOutcome.OVERTURNED,
            decided_at=timezone.now(),
            decided_by=moderator,
            decision_reason=reason or "Restored by a moderator.",
        )
        audit(actor=moderator, action=AuditAction.RESTORE, target=comment, reason=reason)
        tell_author(comment, NotificationKind.COMMENT_RESTORED)
    return comment


_THREAD_TOOLS = {
    AuditAction.LOCK: ("is_locked", True),
    AuditAction.UNLOCK: ("is_locked", False),
    AuditAction.PIN: ("is_pinned", True),
    AuditAction.UNPIN: ("is_pinned", False),
}


def thread_set(*, moderator, thread: Thread, action: str, reason: str = "") -> Thread:
    """Lock, unlock, pin or unpin a thread (action is an AuditAction)."""
    require_moderator(moderator)
    field, value = _THREAD_TOOLS[action]
    with transaction.atomic():
        thread = thread_for_update(moderator, thread.pk, permissions.thread_tools_refusal)
        if getattr(thread, field) == value:
            return thread
        setattr(thread, field, value)
        thread.save(update_fields=[field])
        audit(actor=moderator, action=action, target=thread, reason=reason)
    return thread


def thread_move(*, moderator, thread: Thread, category: Category, reason: str = "") -> Thread:
    require_moderator(moderator)
    with transaction.atomic():
        thread = thread_for_update(moderator, thread.pk, permissions.thread_tools_refusal)
        if thread.category_id == category.pk:
            return thread
        origin, origin_id = thread.category.name, thread.category_id
        thread.category = category
        thread.save(update_fields=["category"])
        refresh_categories([origin_id, category.pk])
        note = f"From {origin} to {category.name}." + (f" {reason}" if reason else "")
        audit(actor=moderator, action=AuditAction.MOVE, target=thread, reason=note)
    return thread
