"""The two records a moderator's action leaves: the audit entry, and the member's notification."""

from django.db import transaction
from django.utils import timezone

from forum.models import AuditEntry, Notification


def audit(*, actor, action: str, target, reason: str = "") -> AuditEntry:
    """Write who did what to what, and why. Nothing in the app edits or deletes these."""
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        target_type=target._meta.model_name,
        target_id=str(target.pk),
        target_label=str(target)[:200],
        reason=reason,
    )


def notify(*, recipient, kind: str, message: str, url: str = "", email_subject: str = "") -> None:
    """Tell a member something on the site and, with a subject, by email once it is saved."""
    from forum import tasks

    notification = Notification.objects.create(
        recipient=recipient, kind=kind, message=message, url=url
    )
    if email_subject:
        transaction.on_commit(
            lambda: tasks.send_notification_email.enqueue(notification.pk, email_subject)
        )


def notifications_mark_read(*, member, notification: Notification | None = None) -> int:
    """Mark one of the member's notifications read, or all of them; returns how many changed.
    Only the member's own: another member's notification is never touched."""
    unread = Notification.objects.filter(recipient=member, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())
