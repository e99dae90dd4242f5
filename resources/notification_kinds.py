"""What the directory tells members about their suggestions, in what words (apps.py registers)."""

from notifications.kinds import Kind
from resources.models import ResourceNotificationKind

KINDS = [
    Kind(
        ResourceNotificationKind.SUGGESTION_ACCEPTED,
        ResourceNotificationKind.SUGGESTION_ACCEPTED.label,
        text=lambda n: (
            f"Thank you: your suggestion \u201c{n.title}\u201d is now in the resource directory "
            f"as \u201c{n.details.get('entry', n.title)}\u201d."
        ),
        link_label="See it in the directory",
    ),
    Kind(
        ResourceNotificationKind.SUGGESTION_DECLINED,
        ResourceNotificationKind.SUGGESTION_DECLINED.label,
        text=lambda n: (
            f"Your suggestion \u201c{n.title}\u201d was not added to the resource directory. "
            f"The moderator's reason: {n.reason}"
        ),
        link_label="See your suggestions",
    ),
]
