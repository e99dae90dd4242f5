from django.conf import settings
from django.db import models
from django.utils import timezone

from audit import actions


class AuditEntry(models.Model):
    """Who did what, to what, why and when. Written by services; never edited or deleted."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audit_entries"
    )
    action = models.CharField(max_length=32, choices=actions.choices)
    target_type = models.CharField(max_length=32)
    target_id = models.CharField(max_length=64)
    target_label = models.CharField(max_length=200, help_text="What the target was called then.")
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # The table it had when the forum kept the log: upgraded sites keep their rows in place.
        db_table = "forum_auditentry"
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["target_type", "target_id"], name="forum_audit_target")]

    def __str__(self) -> str:
        return f"{self.actor} {self.get_action_display().lower()}: {self.target_label}"
