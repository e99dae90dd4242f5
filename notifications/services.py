"""Telling members: notifications on the site and, by each member's own choice, by email (at
once, in a daily digest, or never). Every app tells through notify() or notify_each()."""

import logging
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from notifications import emails, kinds, tasks
from notifications.models import Notification
from notifications.preferences import EmailNotifications, emailed_at_once

logger = logging.getLogger(__name__)

# A digest reaches back this far at most: older news is stale, and a member who turns digests
# on after a spell of "never" is not sent the backlog.
DIGEST_REACH = timedelta(days=7)


def notify(*, recipient, kind: str, **about) -> Notification:
    """Tell a member something on the site and, by their choice, by email: at once (after the
    transaction commits, outside the request), in tomorrow's digest, or never. `about` holds
    Notification's fields: actor, thread_id, comment_id, title, reason, details, url (and
    fixed_text for a kind whose words are fixed when made)."""
    notification = Notification.objects.create(recipient=recipient, kind=kind, **about)
    email_promptly([notification], preferences={recipient.pk: recipient.email_notifications})
    return notification


def notify_each(recipients: Mapping[int, str], *, kind: str, **about) -> list[Notification]:
    """The same notification for many members in one insert; `recipients` maps each member's id
    to their email_notifications, so nothing more is read to decide who is emailed."""
    created = Notification.objects.bulk_create(
        Notification(recipient_id=member_id, kind=kind, **about) for member_id in recipients
    )
    email_promptly(created, preferences=recipients)
    return created


def email_promptly(notifications: Iterable[Notification], *, preferences: Mapping[int, str]) -> int:
    """Queue, once the transaction commits, an email for each of these saved notifications that
    goes out at once; `preferences` maps each recipient's id to their email_notifications.
    Returns how many are queued. The task looks again before sending, so a member who changed
    their mind in between is respected."""
    due = [
        notification.pk
        for notification in notifications
        if emailed_at_once(notification.kind, preferences[notification.recipient_id])
    ]
    if due:
        transaction.on_commit(lambda: [tasks.send_notification_email.enqueue(pk) for pk in due])
    return len(due)


def notifications_mark_read(*, member, notification: Notification | None = None) -> int:
    """Mark one of the member's notifications read, or all of them; returns how many changed.
    Only the member's own: another member's notification is never touched."""
    unread = Notification.objects.filter(recipient=member, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())


def email_notifications_set(*, member, choice: str):
    """Set how notifications reach the member by email: "immediately", "daily" or "never". From
    their settings page, or from an email's unsubscribe link (then without signing in)."""
    if choice not in EmailNotifications.values:
        raise ValidationError({"email_notifications": "Please choose one of the options."})
    if not member.is_active:
        raise PermissionDenied("This account is closed.")
    get_user_model().objects.filter(pk=member.pk).update(email_notifications=choice)
    member.email_notifications = choice
    return member


def _waiting_for_digest(since):
    return Notification.objects.filter(
        emailed_at__isnull=True,
        read_at__isnull=True,
        created_at__gte=since,
        recipient__is_active=True,
        recipient__email_notifications=EmailNotifications.DAILY,
    ).exclude(kind__in=kinds.values(emailed=kinds.Emailed.NEVER))


class DigestRun(NamedTuple):
    sent: int
    failed: int


def digests_send() -> DigestRun:
    """Email each active member who chose a daily digest the notifications they have not read
    and not yet been emailed (from the last week at most), in one email, and mark those emailed.
    Safe to run twice, or twice at once: each member's notifications are locked, marked and
    emailed in one transaction, and a second run finds nothing left. An email that cannot be
    sent leaves that member's notifications for the next run, and the others still go."""
    since = timezone.now() - DIGEST_REACH
    member_ids = (
        _waiting_for_digest(since)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = failed = 0
    for member_id in list(member_ids):
        try:
            with transaction.atomic():
                waiting = list(
                    _waiting_for_digest(since)
                    .filter(recipient_id=member_id)
                    .select_for_update(of=("self",))
                    .select_related("actor")
                    .order_by("created_at", "id")
                )
                if not waiting:
                    continue  # another run got there first
                Notification.objects.filter(pk__in=[item.pk for item in waiting]).update(
                    emailed_at=timezone.now()
                )
                emails.digest_email(get_user_model().objects.get(pk=member_id), waiting).send()
        except OSError:  # smtplib's errors included: the mail server refused or is away
            logger.exception("The digest for member %s could not be sent", member_id)
            failed += 1
            continue
        sent += 1
    return DigestRun(sent=sent, failed=failed)
