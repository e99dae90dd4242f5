from django.conf import settings
from django.db import models
from django.utils import timezone

from notifications import kinds
from notifications.preferences import EmailNotifications

__all__ = ["EmailNotifications", "Notification"]


class Notification(models.Model):
    """Something a member should know. It stores what happened, not words: `text` makes them
    from the kind (notifications.kinds) when shown, with the actor's name as it is now."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32, choices=kinds.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The member who did it, when the words name them (a reply, a mention).",
    )
    # Ids, not keys: the apps above this one own threads and comments.
    thread_id = models.PositiveBigIntegerField(null=True, blank=True)
    comment_id = models.PositiveBigIntegerField(null=True, blank=True)
    title = models.CharField(
        max_length=300, blank=True, help_text="What it is about, as it was called then."
    )
    reason = models.TextField(blank=True, help_text="A moderator's reason, when one was given.")
    details = models.JSONField(default=dict, blank=True, help_text="What else its kind says.")
    fixed_text = models.TextField(
        blank=True,
        # The column the words had when notifications stored words: old rows keep theirs.
        db_column="message",
        help_text="Words fixed when it was made, for a kind whose words are not made when shown "
        "(crisis support, and notifications saved before they were stored as structure).",
    )
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was emailed, on its own or in a daily digest."
    )

    class Meta:
        # The table it had when the forum kept notifications: upgraded sites keep their rows.
        db_table = "forum_notification"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="forum_notification_unread")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient_id}"

    @property
    def kind_info(self) -> kinds.Kind:
        return kinds.get(self.kind)

    @property
    def actor_name(self) -> str:
        """The actor's name now: an erased member's is "Former member N" everywhere at once."""
        return self.actor.display_name if self.actor_id else "A former member"

    @property
    def text(self) -> str:
        """The words the member reads, on the site, in the API and in emails."""
        make = self.kind_info.text
        if self.fixed_text or make is None:
            return self.fixed_text
        return make(self)

    @property
    def link_label(self) -> str:
        return self.kind_info.link_label
