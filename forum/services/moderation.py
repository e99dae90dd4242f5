"""What moderators (and the spam service) do to comments, threads and members.

Every function here that a moderator calls checks forum.permissions, writes an AuditEntry with
the reason, and tells the member concerned. The admin's actions call these, and so will the API.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone

from audit.services import audit
from core.forms import REASON_MAX_LENGTH
from forum import moderation, permissions
from forum.models import (
    Appeal,
    AppealOutcome,
    AuditAction,
    Category,
    Comment,
    CommentStatus,
    Flag,
    FlagReason,
    FlagResolution,
    NotificationKind,
    SpamCheck,
    Thread,
)
from forum.services.comments import comment_for_update, mark_published, refresh_thread
from forum.services.follows import announce_first_publication
from forum.services.records import notify
from resources import selectors as resource_selectors


def _require_moderator(user) -> None:
    permissions.ensure(permissions.moderation_refusal(user))


def clean_reason(reason: str, action: str, *, required: bool = True) -> str:
    """A moderator's reason, stripped; refused when missing (if required) or too long."""
    reason = (reason or "").strip()
    if required and not reason:
        raise ValidationError(f"Please give a reason to {action}: the member will read it.")
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(f"Please keep the reason under {REASON_MAX_LENGTH} characters.")
    return reason


def _resolve_flags(comment: Comment, moderator, resolution: str) -> int:
    return comment.flags.filter(resolution=FlagResolution.OPEN).update(
        resolution=resolution, resolved_at=timezone.now(), resolved_by=moderator
    )


def _decide(comment: Comment, moderator, status: str, reason: str) -> None:
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


def comment_approve(*, moderator, comment: Comment, reason: str = "") -> Comment:
    """Publish a held comment, or keep a flagged or marked one as it is (its flags dismissed).
    An approved comment counts towards its author's trust."""
    _require_moderator(moderator)
    with transaction.atomic():
        comment = comment_for_update(moderator, comment.pk, permissions.moderation_refusal)
        if comment.status not in {CommentStatus.PENDING, CommentStatus.PUBLISHED}:
            raise ValidationError(
                f"This comment is {comment.get_status_display().lower()}; use restore instead."
            )
        was_held = comment.status == CommentStatus.PENDING
        _decide(comment, moderator, CommentStatus.PUBLISHED, reason)
        _resolve_flags(comment, moderator, FlagResolution.DISMISSED)
        audit(actor=moderator, action=AuditAction.APPROVE, target=comment, reason=reason)
        if was_held:
            notify(
                recipient=comment.author,
                kind=NotificationKind.COMMENT_APPROVED,
                message=f"Your comment in \u201c{comment.thread.title}\u201d is now published.",
                url=comment.thread.get_absolute_url(),
            )
    return comment


def _take_down(*, moderator, comment: Comment, reason: str, status: str) -> Comment:
    action = "reject" if status == CommentStatus.REJECTED else "hide"
    _require_moderator(moderator)
    reason = clean_reason(reason, f"{action} a comment")
    with transaction.atomic():
        comment = comment_for_update(moderator, comment.pk, permissions.moderation_refusal)
        if Appeal.objects.filter(comment=comment, outcome=AppealOutcome.WAITING).exists():
            raise ValidationError(
                "The member has appealed the decision on this comment; decide the appeal instead."
            )
        allowed = {CommentStatus.PENDING, CommentStatus.PUBLISHED, CommentStatus.HIDDEN}
        hidden_by_flags = (
            comment.status == CommentStatus.HIDDEN
            and moderation.HoldCode.FLAGS in comment.hold_codes
        )
        # A comment the flags hid is waiting for exactly this decision: a moderator may confirm
        # the hide (with their reason) as well as reject or restore it.
        if comment.status not in allowed or (comment.status == status and not hidden_by_flags):
            raise ValidationError(
                f"This comment is {comment.get_status_display().lower()}, so it cannot be "
                f"{'rejected' if action == 'reject' else 'hidden'}."
            )
        _decide(comment, moderator, status, reason)
        _resolve_flags(comment, moderator, FlagResolution.UPHELD)
        audit(
            actor=moderator,
            action=AuditAction.REJECT if action == "reject" else AuditAction.HIDE,
            target=comment,
            reason=reason,
        )
        verb = "rejected" if action == "reject" else "hidden"
        notify(
            recipient=comment.author,
            kind=(
                NotificationKind.COMMENT_REJECTED
                if action == "reject"
                else NotificationKind.COMMENT_HIDDEN
            ),
            message=(
                f"A moderator {'rejected' if action == 'reject' else 'hid'} your comment in "
                f"\u201c{comment.thread.title}\u201d. "
                f"Reason: {reason} If you think this is a mistake, you can appeal once."
            ),
            url=comment.thread.get_absolute_url(),
            email_subject=f"Your comment was {verb}",
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
    _require_moderator(moderator)
    with transaction.atomic():
        comment = comment_for_update(moderator, comment.pk, permissions.moderation_refusal)
        if comment.status not in {CommentStatus.HIDDEN, CommentStatus.REJECTED}:
            raise ValidationError("Only a hidden or rejected comment can be restored.")
        _decide(comment, moderator, CommentStatus.PUBLISHED, reason)
        _resolve_flags(comment, moderator, FlagResolution.DISMISSED)
        # Restoring gives the member what an appeal asks for, so a waiting one is settled.
        Appeal.objects.filter(comment=comment, outcome=AppealOutcome.WAITING).update(
            outcome=AppealOutcome.OVERTURNED,
            decided_at=timezone.now(),
            decided_by=moderator,
            decision_reason=reason or "Restored by a moderator.",
        )
        audit(actor=moderator, action=AuditAction.RESTORE, target=comment, reason=reason)
        notify(
            recipient=comment.author,
            kind=NotificationKind.COMMENT_RESTORED,
            message=f"Your comment in \u201c{comment.thread.title}\u201d is visible again.",
            url=comment.thread.get_absolute_url(),
        )
    return comment


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
        codes = [c for c in comment.hold_codes if c != moderation.HoldCode.SPAM_CHECK]
        if verdict == "spam":
            comment.spam_check = SpamCheck.SPAM
            codes.append(moderation.HoldCode.SPAM_SERVICE)
        elif verdict == "ham":
            comment.spam_check = SpamCheck.PASSED
        else:
            return comment
        comment.hold_codes = codes
        comment.held_reason = moderation.describe(codes)
        comment.spam_check_ip = None  # answered: the address is no longer needed
        first_publication = False
        if not codes and comment.status == CommentStatus.PENDING:
            first_publication = mark_published(comment, timezone.now())
        comment.save()
        refresh_thread(comment.thread_id)
        if first_publication:
            announce_first_publication(comment)
    return comment


def flag_create(*, reporter, comment: Comment, reason: str, note: str = "") -> Flag:
    """Report a comment, once per member. Enough distinct flags hide it until a moderator
    decides; a self-harm or crisis flag alerts every moderator at once and offers its author
    crisis support."""
    from forum import tasks

    permissions.ensure(permissions.flag_refusal(reporter, comment))
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
            if comment.status == CommentStatus.PUBLISHED and moderation.hides_after_flags(
                open_flags
            ):
                comment.status = CommentStatus.HIDDEN
                comment.hold_codes = [moderation.HoldCode.FLAGS]
                comment.held_reason = moderation.describe(comment.hold_codes)
                comment.save()
                refresh_thread(comment.thread_id)
            if reason == FlagReason.CRISIS:
                notify(
                    recipient=comment.author,
                    kind=NotificationKind.CRISIS_SUPPORT,
                    message=moderation.crisis_support_message(
                        resource_selectors.helplines(viewer=comment.author)
                    ),
                    url=comment.thread.get_absolute_url(),
                )
                transaction.on_commit(lambda: tasks.alert_moderators_of_crisis.enqueue(flag.pk))
    except IntegrityError:
        raise ValidationError("You have already flagged this comment. Thank you.") from None
    return flag


def appeal_create(*, author, comment: Comment, note: str) -> Appeal:
    """Ask, once, for a rejected or hidden comment to be looked at again."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Please say why the decision should be looked at again."})
    if len(note) > 2000:
        raise ValidationError({"note": "Please keep the appeal under 2,000 characters."})
    try:
        with transaction.atomic():
            comment = comment_for_update(author, comment.pk, permissions.appeal_refusal)
            return Appeal.objects.create(
                comment=comment, note=note, appealed_decision_by_id=comment.reviewed_by_id
            )
    except IntegrityError:
        raise ValidationError("You have already appealed this decision.") from None


def appeal_decide(*, moderator, appeal: Appeal, overturn: bool, reason: str) -> Appeal:
    """Decide an appeal. Only a moderator other than the one who acted may decide it."""
    _require_moderator(moderator)
    reason = clean_reason(reason, "decide an appeal")
    with transaction.atomic():
        appeal = (
            Appeal.objects.select_for_update().select_related("comment__thread").get(pk=appeal.pk)
        )
        if appeal.outcome != AppealOutcome.WAITING:
            raise ValidationError("This appeal has already been decided.")
        comment = appeal.comment
        if appeal.appealed_decision_by_id == moderator.pk:
            raise PermissionDenied(
                "You made the decision under appeal; another moderator must decide the appeal."
            )
        permissions.ensure(permissions.moderation_refusal(moderator, comment))
        if overturn:
            comment = comment_for_update(moderator, comment.pk, permissions.moderation_refusal)
            _decide(comment, moderator, CommentStatus.PUBLISHED, reason)
            _resolve_flags(comment, moderator, FlagResolution.DISMISSED)
        appeal.outcome = AppealOutcome.OVERTURNED if overturn else AppealOutcome.UPHELD
        appeal.decided_at = timezone.now()
        appeal.decided_by = moderator
        appeal.decision_reason = reason
        appeal.save()
        audit(
            actor=moderator,
            action=AuditAction.APPEAL_OVERTURN if overturn else AuditAction.APPEAL_UPHOLD,
            target=comment,
            reason=reason,
        )
        outcome = "is published again" if overturn else "stays as it was"
        notify(
            recipient=comment.author,
            kind=NotificationKind.APPEAL_DECIDED,
            message=f"Your appeal was decided: your comment {outcome}. Reason: {reason}",
            url=comment.thread.get_absolute_url(),
            email_subject="Your appeal was decided",
        )
    return appeal


_THREAD_TOOLS = {
    AuditAction.LOCK: ("is_locked", True),
    AuditAction.UNLOCK: ("is_locked", False),
    AuditAction.PIN: ("is_pinned", True),
    AuditAction.UNPIN: ("is_pinned", False),
}


def thread_set(*, moderator, thread: Thread, action: str, reason: str = "") -> Thread:
    """Lock, unlock, pin or unpin a thread (action is an AuditAction)."""
    _require_moderator(moderator)
    field, value = _THREAD_TOOLS[action]
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=thread.pk)
        if getattr(thread, field) == value:
            return thread
        setattr(thread, field, value)
        thread.save(update_fields=[field])
        audit(actor=moderator, action=action, target=thread, reason=reason)
    return thread


def thread_move(*, moderator, thread: Thread, category: Category, reason: str = "") -> Thread:
    _require_moderator(moderator)
    with transaction.atomic():
        thread = Thread.objects.select_for_update().select_related("category").get(pk=thread.pk)
        if thread.category_id == category.pk:
            return thread
        origin = thread.category.name
        thread.category = category
        thread.save(update_fields=["category"])
        note = f"From {origin} to {category.name}." + (f" {reason}" if reason else "")
        audit(actor=moderator, action=AuditAction.MOVE, target=thread, reason=note)
    return thread


def member_suspend(*, moderator, member, until, reason: str):
    """Stop a member posting until `until`; they can still read. A reason is required."""
    _require_moderator(moderator)
    reason = clean_reason(reason, "suspend a member")
    if until <= timezone.now():
        raise ValidationError({"until": "The end of a suspension must be in the future."})
    if member.pk == moderator.pk or member.is_staff or member.is_superuser:
        raise PermissionDenied("Moderators and staff cannot be suspended here.")
    with transaction.atomic():
        member = get_user_model().objects.select_for_update().get(pk=member.pk)
        member.suspended_until = until
        member.suspension_reason = reason
        member.save(update_fields=["suspended_until", "suspension_reason"])
        audit(actor=moderator, action=AuditAction.SUSPEND, target=member, reason=reason)
        until_text = formats.date_format(timezone.localtime(until), "j F Y")
        notify(
            recipient=member,
            kind=NotificationKind.SUSPENDED,
            message=(
                f"Your account is suspended until {until_text}: you can read but not post. "
                f"Reason: {reason}"
            ),
            email_subject="Your account is suspended",
        )
    return member


def member_unsuspend(*, moderator, member, reason: str = ""):
    _require_moderator(moderator)
    with transaction.atomic():
        member = get_user_model().objects.select_for_update().get(pk=member.pk)
        if member.suspended_until is None:
            return member
        member.suspended_until = None
        member.suspension_reason = ""
        member.save(update_fields=["suspended_until", "suspension_reason"])
        audit(actor=moderator, action=AuditAction.UNSUSPEND, target=member, reason=reason)
    return member
