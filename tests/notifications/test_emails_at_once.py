"""Notification emails sent at once: a member who chose at once gets one email for each
notification, to them alone, only after what it tells of is saved, once however often the task runs,
with the kind's subject and one-click unsubscribe headers and link, and not if they changed their
mind or read it first; followers are emailed as each chose. A suspension is emailed at once whatever
the member chose, and crisis support is never emailed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import services as account_services
from forum import services
from forum.models import NotificationKind
from notifications import services as notification_services
from notifications import tasks
from notifications.models import Notification
from tests.notifications.conftest import SITE, choose, send_digests, tell, unsubscribe_path


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


# -- At once ---------------------------------------------------------------------------------------


def test_a_member_who_chose_at_once_gets_an_email_for_a_reply_after_it_is_saved(
    member, other_member, thread, make_reply, mailoutbox, django_capture_on_commit_callbacks
):
    choose(member, "immediately")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        reply = make_reply(other_member, thread, "Every four weeks for me.")
        assert mailoutbox == [], "nothing is sent before the reply is safely saved"

    assert callbacks
    [email] = mailoutbox
    assert email.to == [member.email]
    assert email.cc == [] and email.bcc == []
    assert email.subject == "[MMN Community] New reply in a thread you follow"
    assert f"carer_dave replied in \u201c{thread.title}\u201d" in email.body
    assert f"{SITE}/comments/{reply.pk}/" in email.body
    notification = Notification.objects.get(recipient=member)
    assert notification.emailed_at is not None


def test_every_notification_email_carries_one_click_unsubscribe_headers_and_link(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    choose(member, "immediately")

    with django_capture_on_commit_callbacks(execute=True):
        tell(member, "Your comment in \u201cPacing\u201d is now published.")

    [email] = mailoutbox
    path = unsubscribe_path(email)
    assert email.extra_headers["List-Unsubscribe"] == f"<{SITE}{path}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"{SITE}/settings/" in email.body


def test_the_email_subject_a_kind_gives_is_kept(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    choose(member, "immediately")

    with django_capture_on_commit_callbacks(execute=True):
        notification_services.notify(
            recipient=member,
            kind=NotificationKind.COMMENT_REJECTED,
            title="Grip aids",
            reason="Off topic.",
        )

    assert [email.subject for email in mailoutbox] == ["[MMN Community] Your comment was rejected"]


def test_a_member_who_changes_their_mind_before_the_email_goes_is_respected(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    choose(member, "immediately")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tell(member, "Your comment is now published.")

    choose(member, "never")
    for callback in callbacks:
        callback()

    assert mailoutbox == []
    assert Notification.objects.get(recipient=member).emailed_at is None


def test_a_notification_read_before_the_email_goes_is_not_emailed(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    choose(member, "immediately")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tell(member, "Your comment is now published.")

    notification_services.notifications_mark_read(member=member)
    for callback in callbacks:
        callback()

    assert mailoutbox == []


def test_the_email_task_sends_a_notification_once_however_often_it_runs(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    choose(member, "immediately")
    with django_capture_on_commit_callbacks(execute=True):
        tell(member, "Your comment is now published.")
    notification = Notification.objects.get(recipient=member)

    tasks.send_notification_email.call(notification.pk)

    assert len(mailoutbox) == 1


def test_followers_who_chose_at_once_are_emailed_and_the_others_are_not(
    make_member,
    member,
    thread,
    make_reply,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    at_once = [choose(make_member(f"quick_{n}"), "immediately") for n in range(3)]
    daily = [make_member(f"slow_{n}") for n in range(3)]
    never = [choose(make_member(f"quiet_{n}"), "never") for n in range(3)]
    for follower in at_once + daily + never:
        services.thread_follow(member=follower, thread=thread)

    with django_capture_on_commit_callbacks(execute=True):
        make_reply(member, thread, "Thank you all.")

    assert sorted(email.to[0] for email in mailoutbox) == sorted(m.email for m in at_once)
    assert Notification.objects.filter(kind=NotificationKind.REPLY).count() == 9


# -- Always, and never -----------------------------------------------------------------------------


@pytest.mark.parametrize("choice", ["never", "daily", "immediately"])
def test_a_suspension_is_emailed_at_once_whatever_the_member_chose(
    member, moderator, mailoutbox, django_capture_on_commit_callbacks, choice
):
    choose(member, choice)

    with django_capture_on_commit_callbacks(execute=True):
        account_services.member_suspend(
            moderator=moderator,
            member=member,
            until=timezone.now() + timedelta(days=7),
            reason="Repeated personal attacks.",
        )

    [email] = mailoutbox
    assert email.to == [member.email]
    assert email.subject == "[MMN Community] Your account is suspended"
    assert "Repeated personal attacks." in email.body
    assert "sent whatever your email settings say" in email.body
    assert send_digests().strip() == "Sent 0 digests.", "not repeated in a digest"


@pytest.mark.parametrize("choice", ["immediately", "daily"])
def test_crisis_support_is_never_emailed(
    member, mailoutbox, django_capture_on_commit_callbacks, choice
):
    choose(member, choice)

    with django_capture_on_commit_callbacks(execute=True):
        tell(member, "Support is available.", kind=NotificationKind.CRISIS_SUPPORT)
    send_digests()

    assert mailoutbox == []
    assert Notification.objects.filter(recipient=member).exists(), "shown on the site"
