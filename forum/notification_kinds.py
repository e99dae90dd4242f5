"""What the forum tells members, and in what words (registered in apps.py). The words are made
when a notification is shown, from what it stores: the actor's name as it is now, the thread's
title as it was, the moderator's reason."""

from forum.models import NotificationKind
from notifications.kinds import Emailed, Kind


def _thread_kind(kind: NotificationKind, **options) -> Kind:
    """A kind of the forum's: about a thread, which its link opens."""
    return Kind(kind, kind.label, link_label="Go to the thread", **options)


def _taken_down(verb: str):
    def text(notification) -> str:
        return (
            f"A moderator {verb} your comment in \u201c{notification.title}\u201d. "
            f"Reason: {notification.reason} If you think this is a mistake, you can appeal once."
        )

    return text


def _appeal_decided(notification) -> str:
    outcome = "is published again" if notification.details.get("overturned") else "stays as it was"
    return f"Your appeal was decided: your comment {outcome}. Reason: {notification.reason}"


KINDS = [
    _thread_kind(
        NotificationKind.COMMENT_APPROVED,
        text=lambda n: f"Your comment in \u201c{n.title}\u201d is now published.",
    ),
    _thread_kind(
        NotificationKind.COMMENT_REJECTED,
        text=_taken_down("rejected"),
        email_subject="Your comment was rejected",
    ),
    _thread_kind(
        NotificationKind.COMMENT_HIDDEN,
        text=_taken_down("hid"),
        email_subject="Your comment was hidden",
    ),
    _thread_kind(
        NotificationKind.COMMENT_RESTORED,
        text=lambda n: f"Your comment in \u201c{n.title}\u201d is visible again.",
    ),
    _thread_kind(
        NotificationKind.APPEAL_DECIDED,
        text=_appeal_decided,
        email_subject="Your appeal was decided",
    ),
    # Its words (the helplines of the moment) are fixed when it is made. Never emailed: crisis
    # support is offered after someone worried about the member's words. An email about it can
    # be read by whoever shares the inbox or sees the phone's lock screen, and arrive when nobody
    # is there; on the site it is shown prominently, to the member only.
    _thread_kind(
        NotificationKind.CRISIS_SUPPORT,
        emailed=Emailed.NEVER,
        prominent=True,
    ),
    _thread_kind(
        NotificationKind.MENTION,
        text=lambda n: f"{n.actor_name} mentioned you in \u201c{n.title}\u201d",
    ),
    _thread_kind(
        NotificationKind.REPLY,
        text=lambda n: f"{n.actor_name} replied in \u201c{n.title}\u201d",
    ),
]
