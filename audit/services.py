"""Writing the audit log: the one way an entry is made, and the one way a name in it changes."""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType

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


def audit_relabel(model, pks: list[int], label: str) -> None:
    """Records name their target as it was called then; an erased name or title must not
    outlive what it named. What happened, and why, stays. Django's own admin log too."""
    if not pks:
        return
    ids = [str(pk) for pk in pks]
    AuditEntry.objects.filter(target_type=model._meta.model_name, target_id__in=ids).update(
        target_label=label
    )
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=ids
    ).update(object_repr=label)
