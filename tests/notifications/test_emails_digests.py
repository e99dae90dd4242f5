"""Daily digest emails: a member who chose daily gets nothing at once and one digest listing each
new notification, oldest first, with one-click unsubscribe; a digest is sent once, leaves out what
was read, emailed or is over a week old, goes to nobody who chose never or at once nor to closed
accounts, lists fifty and counts the rest, and one that cannot be sent is tried again next time."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from accounts import services as account_services
from accounts.models import User
from notifications import services as notification_services
from notifications.models import Notification
from tests.notifications.conftest import SITE, choose, send_digests, tell, unsubscribe_path


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


# -- Daily digests ---------------------------------------------------------------------------------


def test_a_daily_member_gets_nothing_at_once_and_one_digest_listing_each_notification(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tell(member, "Your comment in \u201cPacing\u201d is now published.", url="/t/1/pacing/")
        tell(member, "Your comment in \u201cGrip aids\u201d is now published.", url="/t/2/grip/")
    assert mailoutbox == []

    output = send_digests()

    assert output.strip() == "Sent 1 digest."
    [email] = mailoutbox
    assert email.to == [member.email]
    assert email.subject == "[MMN Community] Your daily digest: 2 new notifications"
    body = email.body
    assert body.index("\u201cPacing\u201d") < body.index("\u201cGrip aids\u201d"), "oldest first"
    assert f"{SITE}/t/1/pacing/" in body
    assert f"{SITE}/t/2/grip/" in body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_path(email)
    assert not Notification.objects.filter(recipient=member, emailed_at__isnull=True).exists()


def test_sending_digests_twice_sends_nothing_new_the_second_time(member, other_member, mailoutbox):
    tell(member, "One for Hannah.")
    tell(other_member, "One for Dave.")

    assert send_digests().strip() == "Sent 2 digests."
    assert send_digests().strip() == "Sent 0 digests."
    assert sorted(email.to[0] for email in mailoutbox) == sorted([member.email, other_member.email])

    tell(member, "A new one.")
    assert send_digests().strip() == "Sent 1 digest."
    assert "A new one." in mailoutbox[-1].body
    assert "One for Hannah." not in mailoutbox[-1].body


def test_digests_leave_out_what_was_read_emailed_or_is_over_a_week_old(member, mailoutbox):
    tell(member, "Read on the site already.")
    notification_services.notifications_mark_read(member=member)
    tell(member, "Old news.")
    Notification.objects.filter(fixed_text="Old news.").update(
        created_at=timezone.now() - timedelta(days=8)
    )
    tell(member, "Fresh news.")

    send_digests()

    [email] = mailoutbox
    assert "Fresh news." in email.body
    assert "Read on the site already." not in email.body
    assert "Old news." not in email.body


def test_no_digest_for_members_who_chose_never_or_at_once_nor_for_closed_accounts(
    member, other_member, make_member, mailoutbox, django_capture_on_commit_callbacks
):
    choose(member, "never")
    choose(other_member, "immediately")
    leaving = make_member("leaving_lou")
    tell(member, "For a member who chose never.")
    tell(leaving, "For a member about to leave.")
    with django_capture_on_commit_callbacks(execute=True):
        account_services.member_erase(member=leaving, keep_comments=True)
    closed = make_member("closed_cal")
    tell(closed, "For a deactivated member.")
    User.objects.filter(pk=closed.pk).update(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        tell(other_member, "Emailed at once already.")
    mailoutbox.clear()

    assert send_digests().strip() == "Sent 0 digests."
    assert mailoutbox == []


def test_a_digest_of_many_notifications_lists_fifty_and_counts_the_rest(member, mailoutbox):
    for number in range(55):
        tell(member, f"Notice number {number}.")

    send_digests()

    [email] = mailoutbox
    assert "Notice number 49." in email.body
    assert "Notice number 50." not in email.body
    assert "... and 5 more on the site." in email.body
    assert "55 new notifications" in email.subject


def test_a_digest_that_cannot_be_sent_is_tried_again_next_time(member, other_member, monkeypatch):
    from django.core.mail import EmailMessage

    tell(member, "For Hannah.")
    tell(other_member, "For Dave.")
    real_send = EmailMessage.send

    def send(message, *args, **kwargs):
        if member.email in message.to:
            raise ConnectionRefusedError("mail server away")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", send)
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 could not be sent"):
        call_command("send_digests", stdout=out)
    assert out.getvalue().strip() == "Sent 1 digest."
    assert Notification.objects.get(recipient=member).emailed_at is None

    monkeypatch.setattr(EmailMessage, "send", real_send)
    assert send_digests().strip() == "Sent 1 digest."
