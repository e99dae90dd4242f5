"""What the notification email tests share: the site's address in the emails, choosing how a member
is emailed, sending the daily digests, finding the unsubscribe link in an email, and notifying."""

import io
import re

from django.core.management import call_command

from accounts.models import User
from forum.models import NotificationKind
from notifications import services as notification_services
from notifications.services import email_notifications_set

SITE = "https://mmn.example.org"


def choose(member, choice: str) -> User:
    email_notifications_set(member=member, choice=choice)
    return member


def send_digests() -> str:
    out = io.StringIO()
    call_command("send_digests", stdout=out)
    return out.getvalue()


def unsubscribe_path(email) -> str:
    [url] = re.findall(rf"{SITE}(/notifications/unsubscribe/[^/\s]+/)", email.body)
    return url


def tell(member, message: str, *, kind=NotificationKind.COMMENT_APPROVED, url="/t/1/pacing/"):
    notification_services.notify(recipient=member, kind=kind, fixed_text=message, url=url)
