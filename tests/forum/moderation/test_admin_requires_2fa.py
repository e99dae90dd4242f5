"""The admin opens only to moderators who use two-factor authentication (config/admin.py): an
authenticator app, and a session that proved it. Members, their pages and the API are unaffected."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.test import Client as PlainClient

from forum import services
from forum.models import CommentStatus
from tests.api.conftest import Api
from tests.conftest import PASSWORD, add_totp, totp_code, totp_code_for
from tests.forum.moderation.admin_actions import confirm

QUEUE = "/admin/forum/reviewitem/"
EXPLAINED = "/admin/two-factor/"
ACTIVATE = "/accounts/2fa/totp/activate/"


def sign_in_with_password(client, user):
    return client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})


def sign_in_with_password_and_code(client, user) -> None:
    assert sign_in_with_password(client, user)["Location"] == "/accounts/2fa/authenticate/"
    assert client.post("/accounts/2fa/authenticate/", {"code": totp_code(user)}).status_code == 302


@pytest.fixture
def moderator_without_app(make_moderator):
    return make_moderator("ola_volunteer", two_factor=False)


@pytest.fixture
def held_comment(moderation_policy, make_member, make_thread, moderator):
    thread = make_thread(moderator, title="Grip aids that actually help", body="Share yours.")
    comment = services.comment_create(
        author=make_member("newcomer_ann"), thread=thread, body="Hello, I'm new."
    )
    assert comment.status == CommentStatus.PENDING
    return comment


# -- Without two-factor authentication ------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/admin/", QUEUE, "/admin/audit/auditentry/", "/admin/accounts/user/", "/admin/forum/"]
)
def test_moderator_without_the_app_is_sent_to_the_explanation(client, moderator_without_app, url):
    sign_in_with_password(client, moderator_without_app)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{EXPLAINED}?next={url}"


def test_explanation_says_why_and_links_to_the_setup(client, moderator_without_app, page_of):
    sign_in_with_password(client, moderator_without_app)

    response = client.get(QUEUE, follow=True)

    assert response.redirect_chain[-1][0].startswith(EXPLAINED)
    page = page_of(response)
    assert "Moderators need two-factor authentication" in page.text
    assert "a password alone cannot open it" in page.text
    assert {"href": ACTIVATE, "text": "Set up two-factor authentication"} in [
        {"href": link["href"], "text": link["text"]} for link in page.links
    ]
    assert {"href": QUEUE, "text": "the admin"} in [
        {"href": link["href"], "text": link["text"]} for link in page.links
    ]
    assert "Skip to main content" in page.text, "the site's own layout"


def test_moderator_without_the_app_cannot_act_in_the_admin(
    client, moderator_without_app, held_comment
):
    sign_in_with_password(client, moderator_without_app)

    response = client.post(
        QUEUE,
        {
            "action": "approve_selected",
            "_selected_action": [str(held_comment.pk)],
            "confirm": "yes",
            "reason": "",
        },
    )

    assert response.status_code == 302
    assert response["Location"].startswith(EXPLAINED)
    held_comment.refresh_from_db()
    assert held_comment.status == CommentStatus.PENDING


def test_superuser_without_the_app_is_sent_to_the_explanation(client, make_member):
    owner = make_member("owner_wyn", is_staff=True, is_superuser=True, two_factor=False)
    sign_in_with_password(client, owner)

    response = client.get("/admin/accounts/user/")

    assert response.status_code == 302
    assert response["Location"].startswith(EXPLAINED)


# -- With it --------------------------------------------------------------------------------------


def test_moderator_who_signed_in_with_the_code_sees_the_queue(
    client, moderator_without_app, held_comment
):
    add_totp(moderator_without_app)
    sign_in_with_password_and_code(client, moderator_without_app)

    response = client.get(QUEUE)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [held_comment]
    response = confirm(client, QUEUE, "approve_selected", [held_comment])
    held_comment.refresh_from_db()
    assert held_comment.status == CommentStatus.PUBLISHED


def test_moderator_who_sets_up_the_app_now_goes_straight_in(
    client, moderator_without_app, django_capture_on_commit_callbacks
):
    sign_in_with_password(client, moderator_without_app)
    client.post(
        f"/accounts/reauthenticate/?next={ACTIVATE}", {"password": PASSWORD, "next": ACTIVATE}
    )
    client.get(ACTIVATE)
    secret = client.session[SECRET_SESSION_KEY]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ACTIVATE, {"code": totp_code_for(secret)})

    assert client.get(QUEUE).status_code == 200
    assert client.get(EXPLAINED)["Location"] == "/admin/", "nothing left to explain"


def test_moderator_whose_session_never_used_the_app_confirms_a_code(moderator_without_app, page_of):
    """The app was set up on another device after this session signed in (here: Django's own
    force_login, which records no sign-in steps)."""
    add_totp(moderator_without_app)
    client = PlainClient()
    client.force_login(moderator_without_app)

    response = client.get(QUEUE, follow=True)

    page = page_of(response)
    assert "has not been used since you signed in here" in page.text
    confirm_url = "/accounts/2fa/reauthenticate/?next=/admin/forum/reviewitem/"
    assert confirm_url in [link["href"] for link in page.links]
    response = client.post(confirm_url, {"code": totp_code(moderator_without_app), "next": QUEUE})
    assert response["Location"] == QUEUE
    assert client.get(QUEUE).status_code == 200


def test_turning_the_app_off_closes_the_admin_again(moderator_client, moderator):
    assert moderator_client.get(QUEUE).status_code == 200

    Authenticator.objects.filter(user=moderator).delete()

    response = moderator_client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"].startswith(EXPLAINED)


def test_moderator_is_warned_before_turning_the_app_off(
    client, moderator_without_app, page_of, django_capture_on_commit_callbacks
):
    add_totp(moderator_without_app)
    sign_in_with_password_and_code(client, moderator_without_app)
    client.post(
        "/accounts/reauthenticate/?next=/accounts/2fa/totp/deactivate/",
        {"password": PASSWORD, "next": "/accounts/2fa/totp/deactivate/"},
    )

    page = page_of(client.get("/accounts/2fa/totp/deactivate/"))

    assert "the admin stays closed to you until you set up an authenticator app again" in (
        page.text
    )


# -- The fixtures other admin tests rely on -------------------------------------------------------


def test_fixture_moderators_have_the_app_and_a_session_that_used_it(moderator, moderator_client):
    assert Authenticator.objects.filter(user=moderator, type=Authenticator.Type.TOTP).exists()
    methods = [
        record["method"] for record in moderator_client.session["account_authentication_methods"]
    ]
    assert methods == ["password", "mfa"]
    assert moderator_client.get("/admin/").status_code == 200


# -- The admin's own sign-in form, members, visitors ----------------------------------------------


def test_admin_sign_in_form_hands_visitors_to_the_sites_sign_in(client, db):
    response = client.get("/admin/login/?next=/admin/forum/reviewitem/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/forum/reviewitem/"


def test_admin_sign_in_form_takes_no_password_alone(client, moderator):
    """Django's admin form would sign a moderator in without the code."""
    response = client.post(
        "/admin/login/?next=/admin/", {"username": moderator.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_explanation_page_sends_visitors_to_sign_in_and_refuses_members(client, member):
    response = client.get(EXPLAINED)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")

    sign_in_with_password(client, member)
    assert client.get(EXPLAINED).status_code == 403


def test_explanation_page_links_back_only_into_the_admin(client, moderator_without_app, page_of):
    sign_in_with_password(client, moderator_without_app)

    page = page_of(client.get(f"{EXPLAINED}?next=https://evil.example/admin/"))

    hrefs = [link["href"] for link in page.links]
    assert "/admin/" in hrefs
    assert not [href for href in hrefs if "evil.example" in href]


@pytest.mark.parametrize("url", ["/admin/", QUEUE])
def test_member_is_still_sent_to_the_admin_sign_in_and_refused_there(client, member, url):
    sign_in_with_password(client, member)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get(response["Location"]).status_code == 403


def test_members_pages_and_api_need_no_second_factor(client, member, thread):
    sign_in_with_password(client, member)

    for url in ("/", thread.get_absolute_url(), "/accounts/email/", "/notifications/"):
        assert client.get(url).status_code == 200, url
    answer = Api().post(
        "/_allauth/app/v1/auth/login", {"email": member.email, "password": PASSWORD}
    )
    assert answer.status == 200
    assert Api(answer.json["meta"]["session_token"]).get("me/").status == 200


def test_moderator_without_the_app_still_uses_the_forum_and_api(
    client, moderator_without_app, thread
):
    sign_in_with_password(client, moderator_without_app)

    assert client.get(thread.get_absolute_url()).status_code == 200
    answer = Api().post(
        "/_allauth/app/v1/auth/login",
        {"email": moderator_without_app.email, "password": PASSWORD},
    )
    assert Api(answer.json["meta"]["session_token"]).get("me/").status == 200


def test_a_moderator_without_the_app_sees_no_held_words_on_the_site_or_through_the_api(
    client, make_moderator, member, thread
):
    from forum import services
    from tests.api.conftest import Api, session_token

    held = services.comment_create(
        author=member, thread=thread, body="Waiting words for review.", honeypot="robot"
    )
    assert held.status == "pending"
    unprotected = make_moderator("ruth_volunteer", two_factor=False)
    client.force_login(unprotected)

    assert "Waiting words for review." not in client.get(thread.get_absolute_url()).content.decode()
    assert Api(session_token(unprotected)).get(f"comments/{held.pk}/").status == 404
