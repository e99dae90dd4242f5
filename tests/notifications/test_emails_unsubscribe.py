"""The one-click unsubscribe link in every notification email: it shows one button and changes
nothing by itself, pressing it (or a mail program's one-click POST, without a CSRF token) stops the
emails without signing in, a damaged or forged link answers 400, a link changes only its own
member's choice, and a closed account's link says so and does nothing."""

import pytest
from django.core import signing
from django.test import Client

from accounts import services as account_services
from accounts.models import User
from tests.conftest import Page
from tests.notifications.conftest import SITE, send_digests, tell, unsubscribe_path


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


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
