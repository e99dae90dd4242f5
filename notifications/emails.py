"""The notification emails: one notification as it happens, or a day's in one digest.

Every one goes to one member only, and carries a one-click unsubscribe link, in its text and in
the `List-Unsubscribe` headers mail programs show as a button (RFC 2369, RFC 8058). The link's
signed token names the member; it is the only authority the unsubscribe page needs, so it works
from any device without signing in.
"""

from collections.abc import Sequence

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from core.http import site_url
from notifications import kinds
from notifications.models import Notification

# A salt of its own, so no other signed value of the site can pass for an unsubscribe token.
# (Named for the module that first made these tokens: old emails' links must keep working.)
UNSUBSCRIBE_SALT = "forum.emails.unsubscribe"
# A digest lists this many notifications; the rest are counted, with a link to the site.
DIGEST_MAX_LISTED = 50


def unsubscribe_token(member) -> str:
    """A token naming the member, signed with the site's secret key. It does not expire: an
    old email's link must still work (all it can do is turn notification emails off)."""
    return signing.dumps(member.pk, salt=UNSUBSCRIBE_SALT)


def member_id_from_unsubscribe_token(token: str) -> int | None:
    """The member a token was made for, or None for a damaged or forged one."""
    try:
        member_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return member_id if isinstance(member_id, int) and not isinstance(member_id, bool) else None


def unsubscribe_url(member) -> str:
    return site_url(
        reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(member)})
    )


def _email(member, *, subject: str, template: str, context: dict) -> EmailMessage:
    unsubscribe = unsubscribe_url(member)
    body = render_to_string(
        template,
        {
            **context,
            "member": member,
            "unsubscribe_url": unsubscribe,
            "settings_url": site_url(reverse("accounts:settings")),
            "notifications_url": site_url(reverse("notifications:list")),
        },
    )
    return EmailMessage(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=body,
        to=[member.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def notification_email(notification: Notification) -> EmailMessage:
    """One notification, to its recipient."""
    kind = notification.kind_info
    return _email(
        notification.recipient,
        subject=kind.email_subject or kind.label,
        template="notifications/email/notification.txt",
        context={
            "message": notification.text,
            "link": site_url(notification.url) if notification.url else "",
            # Sent whatever the member chose: the footer says so.
            "always_sent": kind.emailed == kinds.Emailed.ALWAYS,
        },
    )


def digest_email(member, notifications: Sequence[Notification]) -> EmailMessage:
    """A member's notifications not yet emailed, oldest first, in one email."""
    listed = [
        {"message": item.text, "link": site_url(item.url) if item.url else ""}
        for item in notifications[:DIGEST_MAX_LISTED]
    ]
    count = len(notifications)
    return _email(
        member,
        subject=f"Your daily digest: {count} new notification{'' if count == 1 else 's'}",
        template="notifications/email/digest.txt",
        context={"listed": listed, "count": count, "more": count - len(listed)},
    )
