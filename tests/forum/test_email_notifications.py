"""Notifications by email, as each member chose: at once, in a daily digest, or never. Every
email goes to one member, outside the request, with a one-click unsubscribe link."""

import io
import re
from datetime import timedelta

import pytest
from django.core import signing
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from accounts import services as account_services
from accounts.models import User
from forum import services
from forum.models import Notification, NotificationKind
from forum.services.records import email_notifications_set
from tests.conftest import Page

SITE = "https://mmn.example.org"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


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
    services.notify(recipient=member, kind=kind, message=message, url=url)


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


def test_the_email_subject_a_service_gives_is_kept(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    choose(member, "immediately")

    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            recipient=member,
            kind=NotificationKind.COMMENT_REJECTED,
            message="A moderator rejected your comment.",
            email_subject="Your comment was rejected",
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

    services.notifications_mark_read(member=member)
    for callback in callbacks:
        callback()

    assert mailoutbox == []


def test_the_email_task_sends_a_notification_once_however_often_it_runs(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    from forum import tasks

    choose(member, "immediately")
    with django_capture_on_commit_callbacks(execute=True):
        tell(member, "Your comment is now published.")
    notification = Notification.objects.get(recipient=member)

    tasks.send_notification_email.call(notification.pk, "Again")

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
    services.notifications_mark_read(member=member)
    tell(member, "Old news.")
    Notification.objects.filter(message="Old news.").update(
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


# -- Always, and never -----------------------------------------------------------------------------


@pytest.mark.parametrize("choice", ["never", "daily", "immediately"])
def test_a_suspension_is_emailed_at_once_whatever_the_member_chose(
    member, moderator, mailoutbox, django_capture_on_commit_callbacks, choice
):
    choose(member, choice)

    with django_capture_on_commit_callbacks(execute=True):
        services.member_suspend(
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


# -- Unsubscribing ---------------------------------------------------------------------------------


@pytest.fixture
def unsubscribe_link(member, mailoutbox) -> str:
    tell(member, "Something to digest.")
    send_digests()
    return unsubscribe_path(mailoutbox[-1])


def test_the_unsubscribe_link_shows_one_button_and_changes_nothing_by_itself(
    client, member, unsubscribe_link, page_of
):
    response = client.get(unsubscribe_link)

    assert response.status_code == 200
    page = page_of(response)
    assert "Stop notification emails" in page.text
    html = response.content.decode()
    main = Page(html[html.index("<main") : html.index("</main>")])
    assert [tag for tag, _ in main.tags if tag in {"form", "button", "input"}] == [
        "form",
        "button",
    ], "one button, nothing to fill in"
    assert User.objects.get(pk=member.pk).email_notifications == "daily"
    assert member.email not in response.content.decode()


def test_pressing_the_button_stops_emails_without_signing_in(
    member, unsubscribe_link, page_of, mailoutbox
):
    client = Client(enforce_csrf_checks=True)

    response = client.post(unsubscribe_link)

    assert response.status_code == 200
    assert "Notification emails stopped" in page_of(response).text
    assert User.objects.get(pk=member.pk).email_notifications == "never"
    tell(member, "After unsubscribing.")
    mailoutbox.clear()
    assert send_digests().strip() == "Sent 0 digests."


def test_a_mail_programs_one_click_post_works_without_a_csrf_token(member, unsubscribe_link):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        unsubscribe_link,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert User.objects.get(pk=member.pk).email_notifications == "never"


@pytest.mark.parametrize(
    "make_token",
    [
        lambda member: "garbage",
        lambda member: "MQ:tampered-signature",
        lambda member: signing.dumps(member.pk),  # signed, but not for unsubscribing
        lambda member: signing.dumps(member.pk, salt="forum.emails.unsubscribe")[:-1],
        lambda member: signing.dumps(str(member.pk), salt="forum.emails.unsubscribe"),
    ],
)
def test_a_damaged_or_forged_link_answers_400_and_changes_nothing(
    client, member, page_of, make_token
):
    token = make_token(member)
    for method in (client.get, client.post):
        response = method(f"/notifications/unsubscribe/{token}/")
        assert response.status_code == 400
        assert "This unsubscribe link is damaged" in page_of(response).text
    assert User.objects.get(pk=member.pk).email_notifications == "daily"


def test_another_members_link_changes_only_their_choice(
    client, member, other_member, unsubscribe_link
):
    client.post(unsubscribe_link)

    assert User.objects.get(pk=member.pk).email_notifications == "never"
    assert User.objects.get(pk=other_member.pk).email_notifications == "daily"


def test_the_link_of_a_closed_account_says_so_and_does_nothing(
    client, member, unsubscribe_link, page_of, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        account_services.member_erase(member=member, keep_comments=True)

    assert "This account is closed" in page_of(client.get(unsubscribe_link)).text
    assert client.post(unsubscribe_link).status_code == 200
