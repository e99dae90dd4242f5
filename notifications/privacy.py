"""What notifications hold of a member, for their rights: registered with accounts.privacy by
accounts (which sits above this app), called in INSTALLED_APPS order like every app's."""

from core.export import when
from notifications.models import Notification


def export_member(member) -> dict:
    """The member's own notifications, in the words they read, in one query."""
    return {
        "notifications": [
            {
                "kind": notification.kind,
                "message": notification.text,
                "url": notification.url,
                "created_at": when(notification.created_at),
                "read_at": when(notification.read_at),
            }
            for notification in Notification.objects.filter(recipient=member)
            .select_related("actor")
            .order_by("id")
        ]
    }


def erase_member(member, *, keep_comments: bool, new_name: str) -> None:
    """The member's own notifications go. Other members' notifications name them through the
    account, so the new name shows there without changing them."""
    Notification.objects.filter(recipient=member).delete()
