"""Writing the audit log: the one way an entry is made."""

from audit.models import AuditEntry


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
