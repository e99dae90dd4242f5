"""What members are told about their own account, and in what words (registered in apps.py)."""

from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime

from accounts.models import AccountNotificationKind
from notifications.kinds import Emailed, Kind


def _suspended(notification) -> str:
    until = parse_datetime(notification.details.get("until", ""))
    until_text = formats.date_format(timezone.localtime(until), "j F Y") if until else "later"
    return (
        f"Your account is suspended until {until_text}: you can read but not post. "
        f"Reason: {notification.reason}"
    )


KINDS = [
    # Whatever a member chose, a suspension is emailed at once: it changes what they can do, and
    # a member who reads by email (or only signs in to post) would otherwise learn of it by being
    # refused, with no reason. It is one rare message, sent by a person, never marketing.
    Kind(
        AccountNotificationKind.SUSPENDED,
        AccountNotificationKind.SUSPENDED.label,
        text=_suspended,
        email_subject="Your account is suspended",
        emailed=Emailed.ALWAYS,
    ),
]
