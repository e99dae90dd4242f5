"""What the site shows of a member's notifications."""

from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404

from core.pagination import KeysetPage, keyset_paginate
from notifications import kinds
from notifications.models import Notification

NOTIFICATION_ORDER = ("-created_at", "-id")


@dataclass(frozen=True)
class NotificationSummary:
    """For the header: how many notifications are unread, and the newest unread prominent
    message (its id) that is shown at the top of every page until its reader marks it read."""

    unread: int
    crisis_id: int | None


def notification_summary(member) -> NotificationSummary:
    """One query, whatever the number of notifications."""
    if not member.is_authenticated:
        return NotificationSummary(unread=0, crisis_id=None)
    totals = Notification.objects.filter(recipient=member, read_at__isnull=True).aggregate(
        unread=Count("id"),
        crisis_id=Max("id", filter=Q(kind__in=kinds.values(prominent=True))),
    )
    return NotificationSummary(unread=totals["unread"], crisis_id=totals["crisis_id"])


def member_notifications(*, member, cursor: str | None, size: int) -> KeysetPage:
    """A page of the member's own notifications, newest first, with the names they show."""
    notifications = Notification.objects.filter(recipient=member).select_related("actor")
    return keyset_paginate(notifications, keys=NOTIFICATION_ORDER, cursor=cursor, size=size)


def notification_for_member(*, pk: int, member) -> Notification:
    """One of the member's own notifications; 404 for anyone else's."""
    return get_object_or_404(Notification.objects.select_related("actor"), pk=pk, recipient=member)
