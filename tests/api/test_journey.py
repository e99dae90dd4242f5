"""A scripted mobile journey with the API alone: sign up, read the verification code from the sent
email, verify, list categories, start a thread, see it awaiting review, a moderator approves it,
see it published, reply, follow, get a notification, flag a comment, export, delete the account.

Sign-in is allauth's headless API for the "app" client (/_allauth/app/v1/); everything else is
/api/v1/ with the session token in X-Session-Token. The moderator works where moderators work: in
the admin's review queue. The real moderation policy is on, so a newcomer's first posts are held.
"""

import re

import pytest
from django.core.cache import cache

from accounts.models import User
from forum.models import Comment
from tests.api.conftest import Answer, Api
from tests.conftest import PASSWORD
from tests.forum.moderation.admin_actions import confirm, messages_of

pytestmark = pytest.mark.journey

AUTH = "/_allauth/app/v1/auth"
QUEUE = "/admin/forum/reviewitem/"
EMAIL = "sam@example.org"
NEW_PASSWORD = "button-hook-zip-pull-77"


def sign_up(app: Api, **overrides) -> Answer:
    """allauth's headless sign-up, with the details and consents our sign-up form asks for."""
    data = {
        "email": EMAIL,
        "password": PASSWORD,
        "display_name": "sam_k",
        "role": "carer",
        "region": "uk",
        "accept_terms": True,
        "consent_health_data": True,
    }
    data.update(overrides)
    return app.post(
        f"{AUTH}/signup", {key: value for key, value in data.items() if value is not None}
    )


def emailed_code(message) -> str:
    """The short code allauth emails (e.g. "BKLR-XCXV"), on a line of its own."""
    return re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.MULTILINE).group(1)


def pending_flows(answer: Answer) -> list[str]:
    return [flow["id"] for flow in answer.json["data"]["flows"] if flow.get("is_pending")]


def take_token(app: Api, answer: Answer) -> None:
    """The token rotates on verify and on sign-in: the app always keeps the latest one."""
    app.token = answer.json["meta"]["session_token"]


@pytest.fixture
def verified_app(db, mailoutbox) -> Api:
    """The app after sign-up and verification, holding the latest session token."""
    app = Api()
    take_token(app, sign_up(app))
    verified = app.post(f"{AUTH}/email/verify", {"key": emailed_code(mailoutbox[-1])})
    assert verified.status == 200, verified
    take_token(app, verified)
    return app


@pytest.fixture
def kitchen_thread(make_thread, moderator):
    """A published thread the newcomer will follow: a moderator's posts are never held."""
    return make_thread(
        moderator,
        title="Kitchen gadgets that help with a weak grip",
        body="Share what works for you: jar openers, lever taps, big-handled cutlery.",
    )


def approve_in_admin(moderator_client, *comment_ids: int) -> None:
    """The moderator ticks the comments in the review queue and confirms "Approve"."""
    comments = list(Comment.objects.filter(pk__in=comment_ids))
    response = confirm(moderator_client, QUEUE, "approve_selected", comments)
    assert response.status_code == 200
    noun = "comment" if len(comments) == 1 else "comments"
    assert messages_of(response) == [f"Approved {len(comments)} {noun}."]


def test_a_newcomer_joins_posts_is_moderated_follows_flags_exports_and_leaves_with_the_api_alone(
    db,  # before mailoutbox: setting up the database starts a fresh outbox
    moderation_policy,
    mailoutbox,
    moderator_client,
    other_api,
    kitchen_thread,
    django_capture_on_commit_callbacks,
):
    app = Api()
    anonymous = Api()

    # Sign up: allauth asks for the emailed code before anything else.
    signed_up = sign_up(app)
    assert signed_up.status == 401
    assert pending_flows(signed_up) == ["verify_email"]
    take_token(app, signed_up)
    assert [message.to for message in mailoutbox] == [[EMAIL]]

    # Read the code from the email and verify: signed in, with a new token.
    verified = app.post(f"{AUTH}/email/verify", {"key": emailed_code(mailoutbox[0])})
    assert verified.status == 200
    assert verified.json["meta"]["is_authenticated"] is True
    assert verified.json["meta"]["session_token"] != app.token
    take_token(app, verified)
    me = app.get("me/")
    assert me.status == 200
    assert (me.json["email"], me.json["display_name"], me.json["role"]) == (
        EMAIL,
        "sam_k",
        "carer",
    )
    member_id = me.json["id"]

    # List categories, and start a thread: the first post of a newcomer is held.
    categories = app.get("categories/")
    assert categories.status == 200
    assert "treatment" in [category["slug"] for category in categories.json]
    started = app.post(
        "threads/",
        {
            "category": "treatment",
            "title": "How long after IVIg did your grip improve?",
            "body": "I had my third infusion last week and I am still dropping cups.",
        },
    )
    assert started.status == 201
    thread_id = started.json["id"]
    assert (started.json["status"], started.json["author"]["display_name"]) == (
        "pending",
        "sam_k",
    )

    # See it awaiting review: the author sees it so; nobody else sees it at all.
    mine = app.get(f"threads/{thread_id}/")
    assert (mine.status, mine.json["status"]) == (200, "pending")
    opening = app.get(f"threads/{thread_id}/comments/").json["results"][0]
    assert opening["status"] == "pending"
    assert "One of the member's first comments." in opening["held_reason"]
    assert anonymous.get(f"threads/{thread_id}/").status == 404
    assert thread_id not in [thread["id"] for thread in anonymous.get("threads/").json["results"]]

    # A moderator approves it in the admin's review queue.
    with django_capture_on_commit_callbacks(execute=True):
        approve_in_admin(moderator_client, opening["id"])

    # See it published, to everyone.
    assert app.get(f"threads/{thread_id}/").json["status"] == "published"
    public = anonymous.get(f"threads/{thread_id}/")
    assert (public.status, public.json["status"]) == (200, "published")
    assert thread_id in [thread["id"] for thread in anonymous.get("threads/").json["results"]]

    # Reply: still among the newcomer's first posts, so held too, and said so.
    reply = app.post(
        f"threads/{thread_id}/comments/",
        {"body": "Update: two weeks on, I can hold a mug again."},
    )
    assert reply.status == 201
    assert (reply.json["status"], reply.json["can_edit"]) == ("pending", True)

    # Follow someone else's thread.
    followed = app.put(f"threads/{kitchen_thread.pk}/follow/")
    assert (followed.status, followed.json) == (200, {"following": True})
    assert app.get(f"threads/{kitchen_thread.pk}/").json["following"] is True

    # Another member replies there; once a moderator approves it, the follower is told.
    dave_reply = other_api.post(
        f"threads/{kitchen_thread.pk}/comments/",
        {"body": "A rubber jar opener from the pound shop changed my mornings."},
    )
    assert (dave_reply.status, dave_reply.json["status"]) == (201, "pending")
    assert app.get("notifications/").json["results"][0]["kind"] != "reply"
    with django_capture_on_commit_callbacks(execute=True):
        approve_in_admin(moderator_client, dave_reply.json["id"])

    notifications = app.get("notifications/")
    assert notifications.status == 200
    assert [n["kind"] for n in notifications.json["results"]] == ["reply", "comment_approved"]
    notice = notifications.json["results"][0]
    assert notice["message"] == (
        "carer_dave replied in \u201cKitchen gadgets that help with a weak grip\u201d"
    )
    assert (notice["url"], notice["is_read"]) == (f"/comments/{dave_reply.json['id']}/", False)
    read = app.post(f"notifications/{notice['id']}/read/")
    assert (read.status, read.json["is_read"]) == (200, True)
    assert app.get("notifications/").json["results"][0]["is_read"] is True

    # Flag a comment.
    flagged = app.post(
        f"comments/{dave_reply.json['id']}/flags/",
        {"reason": "promotion", "note": "It names a shop."},
    )
    assert flagged.status == 201
    assert flagged.json["message"] == (
        "Thank you for flagging this comment. A moderator will look at it."
    )
    replies = app.get(f"threads/{kitchen_thread.pk}/comments/").json["results"]
    assert [(c["id"], c["can_flag"]) for c in replies if not c["is_opening"]] == [
        (dave_reply.json["id"], False)
    ]

    # Export everything given to the community.
    export = app.get("me/export/")
    assert export.status == 200
    data = export.json
    assert data["profile"]["email"] == EMAIL
    assert data["profile"]["consents"]["terms_version"] == "2026-11"
    assert data["profile"]["consents"]["health_data_consent_version"] == "2026-11"
    assert [thread["id"] for thread in data["threads"]] == [thread_id]
    assert [comment["status"] for comment in data["comments"]] == ["published", "pending"]
    assert [(flag["comment_id"], flag["reason"]) for flag in data["flags"]] == [
        (dave_reply.json["id"], "promotion")
    ]
    assert sorted(follow["thread"]["id"] for follow in data["follows"]) == sorted(
        [thread_id, kitchen_thread.pk]
    )

    # Delete the account, keeping the comments anonymised.
    with django_capture_on_commit_callbacks(execute=True):
        deleted = app.delete("me/", {"comments": "keep"})
    assert deleted.status == 204
    assert app.get("me/").status == 401
    assert app.get("notifications/").status == 401
    thread = anonymous.get(f"threads/{thread_id}/")
    assert thread.status == 200
    assert thread.json["author"]["display_name"] == f"Former member {member_id}"
    assert "sam_k" not in str(anonymous.get(f"threads/{thread_id}/comments/").json)

    # The same email (and the freed display name) can join again, a little later: allauth sends
    # one code per address every 10 seconds, and keeps that count in the cache.
    cache.clear()
    mailoutbox.clear()
    again = sign_up(Api())
    assert again.status == 401
    assert pending_flows(again) == ["verify_email"]
    assert [message.to for message in mailoutbox] == [[EMAIL]]
    rejoined = User.objects.get(email=EMAIL)
    assert (rejoined.pk != member_id, rejoined.display_name) == (True, "sam_k")


# -- Joining through the headless API ------------------------------------------------------------


def test_headless_sign_up_records_the_details_and_the_consented_versions(verified_app, settings):
    member = User.objects.get(email=EMAIL)

    assert (member.display_name, member.role, member.region) == ("sam_k", "carer", "uk")
    assert member.terms_version == settings.TERMS_VERSION
    assert member.health_data_consent_version == settings.HEALTH_DATA_CONSENT_VERSION
    assert member.terms_accepted_at is not None
    assert member.health_data_consent_at is not None
    assert verified_app.get("me/").json["display_name"] == "sam_k"


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("accept_terms", "Please agree to the community guidelines to join."),
        (
            "consent_health_data",
            "We can only hold health-related posts with your explicit consent.",
        ),
        ("display_name", "This field is required."),
    ],
)
def test_headless_sign_up_without_a_detail_or_consent_is_refused_with_its_reason(
    db, mailoutbox, missing, message
):
    answer = sign_up(Api(), **{missing: None})

    assert answer.status == 400
    assert {"param": missing, "message": message, "code": "required"} in answer.json["errors"]
    assert not User.objects.filter(email=EMAIL).exists()
    assert mailoutbox == []


def test_headless_sign_up_with_a_consent_refused_is_refused(db, mailoutbox):
    answer = sign_up(Api(), consent_health_data=False)

    assert answer.status == 400
    assert [error["param"] for error in answer.json["errors"]] == ["consent_health_data"]
    assert not User.objects.filter(email=EMAIL).exists()


def test_token_of_an_unverified_sign_up_cannot_use_the_api(db, mailoutbox):
    app = Api()
    take_token(app, sign_up(app))

    answer = app.get("me/")

    assert answer.status == 401
    assert answer.error["code"] == "session_expired"


def test_a_wrong_code_does_not_verify(db, mailoutbox):
    app = Api()
    take_token(app, sign_up(app))
    wrong = "AAAA-AAAA" if emailed_code(mailoutbox[0]) != "AAAA-AAAA" else "BBBB-BBBB"

    answer = app.post(f"{AUTH}/email/verify", {"key": wrong})

    assert answer.status == 400
    assert app.get("me/").status == 401


# -- Signing in and out, and a forgotten password ------------------------------------------------


def test_signing_in_with_the_password_gives_a_new_token_that_works(verified_app):
    app = Api()

    answer = app.post(f"{AUTH}/login", {"email": EMAIL, "password": PASSWORD})

    assert answer.status == 200
    assert answer.json["meta"]["is_authenticated"] is True
    take_token(app, answer)
    assert app.token != verified_app.token
    assert app.get("me/").json["email"] == EMAIL


def test_a_wrong_password_signs_nobody_in(verified_app):
    answer = Api().post(f"{AUTH}/login", {"email": EMAIL, "password": "not-the-password-1"})

    assert answer.status == 400
    assert "session_token" not in answer.json.get("meta", {})


def test_signing_out_ends_that_token_only(verified_app):
    app = Api()
    take_token(app, app.post(f"{AUTH}/login", {"email": EMAIL, "password": PASSWORD}))

    signed_out = app.delete(f"{AUTH}/session")

    assert signed_out.status == 401
    assert signed_out.json["meta"]["is_authenticated"] is False
    answer = app.get("me/")
    assert answer.status == 401
    assert answer.error["code"] == "session_expired"
    assert verified_app.get("me/").status == 200, "the other device stays signed in"


def test_a_password_reset_by_emailed_code_lets_the_member_in_with_the_new_password(
    verified_app, mailoutbox
):
    mailoutbox.clear()
    app = Api()

    requested = app.post(f"{AUTH}/password/request", {"email": EMAIL})
    assert requested.status == 401
    assert pending_flows(requested) == ["password_reset_by_code"]
    take_token(app, requested)
    assert [message.to for message in mailoutbox] == [[EMAIL]]
    reset = app.post(
        f"{AUTH}/password/reset",
        {"key": emailed_code(mailoutbox[0]), "password": NEW_PASSWORD},
    )

    # Not signed in by the reset itself (ACCOUNT_LOGIN_ON_PASSWORD_RESET is off): sign in again.
    assert reset.status == 401
    old = Api().post(f"{AUTH}/login", {"email": EMAIL, "password": PASSWORD})
    assert old.status == 400
    new = Api().post(f"{AUTH}/login", {"email": EMAIL, "password": NEW_PASSWORD})
    assert new.status == 200
    signed_in = Api(new.json["meta"]["session_token"])
    assert signed_in.get("me/").json["email"] == EMAIL
    assert verified_app.get("me/").status == 401, "a new password signs every other device out"
