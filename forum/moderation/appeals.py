"""Appeals: a member asks, once, for a rejected or hidden comment to be looked at again, and a
moderator other than the one who acted decides."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.services import audit
from core.errors import ensure
from core.forms import clean_reason
from forum import permissions
from forum.models import (
    Appeal,
    AppealOutcome,
    AuditAction,
    Comment,
    CommentStatus,
    FlagResolution,
    NotificationKind,
)
from forum.moderation.decisions import (
    decide,
    require_moderator,
    resolve_flags,
    tell_author,
)
from forum.services.locks import comment_for_update


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
    require_moderator(moderator)
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
        ensure(permissions.moderation_refusal(moderator, comment))
        if overturn:
            comment = comment_for_update(moderator, comment.pk, permissions.moderation_refusal)
            decide(comment, moderator, CommentStatus.PUBLISHED, reason)
            resolve_flags(comment, moderator, FlagResolution.DISMISSED)
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
        tell_author(comment, NotificationKind.APPEAL_DECIDED, reason=reason, overturned=overturn)
    return appeal
