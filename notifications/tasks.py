"""Notification emails, sent outside the request (Django's tasks API: settings.TASKS)."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from notifications import emails
from notifications.models import Notification
from notifications.preferences import emailed_at_once


@task()
def send_notification_email(notification_id: int, subject: str = "") -> None:
    """Email one notification to its recipient, once, if it is still due: not yet emailed, not
    yet read on the site, and the member (still active) still wants it at once. Marked emailed
    in the same transaction, so a second run of the task, or a digest, never sends it again;
    an email that fails leaves it unmarked. (`subject` is what tasks queued before kinds named
    their subjects carry; the kind's subject is used now.)"""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient", "actor")
            .filter(pk=notification_id, emailed_at__isnull=True, read_at__isnull=True)
            .first()
        )
        if notification is None:
            return
        recipient = notification.recipient
        if not recipient.is_active or not emailed_at_once(
            notification.kind, recipient.email_notifications
        ):
            return
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
        emails.notification_email(notification).send()
