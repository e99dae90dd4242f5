"""A permission matrix: anonymous, member, another member, suspended member, moderator, against
every write endpoint, asserting the exact status each gets.

"member" owns the thread, the comment and the notification under test; "other" and "suspended"
are two other members, the second suspended by a moderator; "member, suspended" is the owner
themself, suspended, for what a suspension leaves a member with their own things. Moderators have
no extra powers in the API: they moderate in the admin. Every case starts from fresh objects, and
a refused call must change nothing at all.
"""

import json
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts import services as account_services
from accounts.models import User
from forum.models import Comment, CommentRevision, Flag, Follow, NotificationKind, Thread
from notifications.models import Notification
from resources.models import ResourceSuggestion
from tests.api.conftest import API, Answer

ACTORS = ("anonymous", "member", "other", "suspended", "moderator", "member, suspended")

# The status each actor gets, in the order of ACTORS.
MATRIX = {
    #                                 anon member other susp.  mod.  member,suspended
    "POST threads/":                  (401, 201, 201, 403, 201, 403),
    "POST threads/{id}/comments/":    (401, 201, 201, 403, 201, 403),
    "PATCH comments/{id}/":           (401, 200, 403, 403, 403, 403),
    # Deleting one's own words is not posting: a suspended member may still take them down.
    "DELETE comments/{id}/":          (401, 204, 403, 403, 403, 204),
    # Nobody flags their own comment. A suspension does not stop flagging: flag_refusal in
    # forum/permissions.py does not ask about it.
    "POST comments/{id}/flags/":      (401, 403, 201, 201, 201, 403),
    "PUT threads/{id}/follow/":       (401, 200, 200, 200, 200, 200),
    "DELETE threads/{id}/follow/":    (401, 200, 200, 200, 200, 200),
    "POST resource-suggestions/":     (401, 201, 201, 403, 201, 403),
    "PATCH me/":                      (401, 200, 200, 200, 200, 200),
    "DELETE me/":                     (401, 204, 204, 204, 204, 204),
    # Someone else's notification is not theirs to see: 404, not 403.
    "POST notifications/{id}/read/":  (401, 200, 404, 404, 404, 200),
    "POST notifications/read/":       (401, 200, 200, 200, 200, 200),
}  # fmt: skip

ERROR_CODES = {401: "not_authenticated", 403: "permission_denied", 404: "not_found"}


@dataclass
class World:
    member: User
    other: User
    suspended: User
    moderator: User
    thread: Thread
    comment: Comment
    notification: Notification

    def user(self, actor: str) -> User | None:
        return {
            "anonymous": None,
            "member": self.member,
            "other": self.other,
            "suspended": self.suspended,
            "moderator": self.moderator,
            "member, suspended": self.member,
        }[actor]


def suspend(member: User, moderator: User) -> None:
    account_services.member_suspend(
        moderator=moderator,
        member=member,
        until=timezone.now() + timedelta(days=7),
        reason="Repeated advertising.",
    )


@pytest.fixture
def world(
    member,
    other_member,
    make_member,
    moderator,
    make_thread,
    make_reply,
    django_capture_on_commit_callbacks,
) -> World:
    """The member's published thread and reply, and the notification of another member's answer
    (the member follows the thread they started)."""
    suspended = make_member("suspended_sue", role="mmn", region="eu")
    suspend(suspended, moderator)
    thread = make_thread(member, title="Night splints: which ones help?", body="Mine pinch.")
    comment = make_reply(member, thread, body="Update: a softer strap helped.")
    with django_capture_on_commit_callbacks(execute=True):
        make_reply(other_member, thread, body="Glad the strap helped!")
    notification = Notification.objects.get(recipient=member, kind=NotificationKind.REPLY)
    return World(
        member=member,
        other=other_member,
        suspended=suspended,
        moderator=moderator,
        thread=thread,
        comment=comment,
        notification=notification,
    )


def request_for(endpoint: str, world: World) -> tuple[str, str, dict | None]:
    """(method, path, body) of a valid call to `endpoint` about the world's objects."""
    thread, comment, notification = world.thread.pk, world.comment.pk, world.notification.pk
    return {
        "POST threads/": (
            "POST",
            "threads/",
            {"category": "treatment", "title": "Grip aids for pens", "body": "Any tips?"},
        ),
        "POST threads/{id}/comments/": (
            "POST",
            f"threads/{thread}/comments/",
            {"body": "A foam tube round the pen works for me."},
        ),
        "PATCH comments/{id}/": ("PATCH", f"comments/{comment}/", {"body": "A softer strap."}),
        "DELETE comments/{id}/": ("DELETE", f"comments/{comment}/", None),
        "POST comments/{id}/flags/": ("POST", f"comments/{comment}/flags/", {"reason": "spam"}),
        "PUT threads/{id}/follow/": ("PUT", f"threads/{thread}/follow/", None),
        "DELETE threads/{id}/follow/": ("DELETE", f"threads/{thread}/follow/", None),
        "POST resource-suggestions/": (
            "POST",
            "resource-suggestions/",
            {
                "name": "Grip Aids Library",
                "url": "https://grip-aids.example.org/",
                "note": "Lends kitchen aids to try before buying.",
            },
        ),
        "PATCH me/": ("PATCH", "me/", {"bio": "Diagnosed in 2019."}),
        "DELETE me/": ("DELETE", "me/", {"comments": "keep"}),
        "POST notifications/{id}/read/": ("POST", f"notifications/{notification}/read/", None),
        "POST notifications/read/": ("POST", "notifications/read/", None),
    }[endpoint]


def everything() -> dict:
    """Every row a write endpoint could touch, as plain values: equal before and after a refused
    call, or something was saved that should not have been."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (
            Thread,
            Comment,
            CommentRevision,
            Flag,
            Follow,
            Notification,
            ResourceSuggestion,
            User,
        )
    }


CASES = [
    pytest.param(endpoint, actor, status, id=f"{endpoint} as {actor} -> {status}")
    for endpoint, statuses in MATRIX.items()
    for actor, status in zip(ACTORS, statuses, strict=True)
]


def test_the_matrix_covers_every_write_endpoint_once():
    assert sorted(MATRIX) == sorted(
        [
            "POST threads/",
            "POST threads/{id}/comments/",
            "PATCH comments/{id}/",
            "DELETE comments/{id}/",
            "POST comments/{id}/flags/",
            "PUT threads/{id}/follow/",
            "DELETE threads/{id}/follow/",
            "POST resource-suggestions/",
            "PATCH me/",
            "DELETE me/",
            "POST notifications/{id}/read/",
            "POST notifications/read/",
        ]
    )


@pytest.mark.parametrize(("endpoint", "actor", "expected"), CASES)
def test_write_endpoint_answers_each_actor_with_its_status(
    world, api_as, endpoint, actor, expected
):
    if actor == "member, suspended":
        suspend(world.member, world.moderator)
    method, path, body = request_for(endpoint, world)
    api = api_as(world.user(actor))
    before = everything()

    answer = api.call(method, path, body)

    assert answer.status == expected, answer
    if expected >= 400:
        assert answer.error["code"] == ERROR_CODES[expected]
        assert answer.error["message"]
        assert everything() == before, "a refused call saved something"


@pytest.mark.parametrize(
    ("endpoint", "message"),
    [
        ("POST threads/", "Your account is suspended until"),
        ("POST threads/{id}/comments/", "Your account is suspended until"),
        ("POST resource-suggestions/", "Your account is suspended until"),
        ("PATCH comments/{id}/", "You can only change your own comments."),
        ("DELETE comments/{id}/", "You can only change your own comments."),
    ],
)
def test_a_suspended_member_is_told_why(world, api_as, endpoint, message):
    method, path, body = request_for(endpoint, world)

    answer = api_as(world.suspended).call(method, path, body)

    assert answer.status == 403
    assert message in answer.error["message"]


def test_anonymous_writes_are_told_how_to_sign_in(world, anonymous_api):
    answer = anonymous_api.post(f"threads/{world.thread.pk}/comments/", {"body": "Hello."})

    assert answer.status == 401
    assert answer.headers["WWW-Authenticate"] == "X-Session-Token"


def test_marking_all_read_touches_only_the_callers_notifications(world, other_api):
    answer = other_api.post("notifications/read/")

    assert answer.status == 200
    world.notification.refresh_from_db()
    assert world.notification.read_at is None


# -- What the comment says about itself matches what the endpoints allow ---------------------------


@pytest.mark.parametrize(
    ("actor", "can_edit", "can_delete", "can_flag"),
    [
        ("anonymous", False, False, False),
        ("member", True, True, False),
        ("other", False, False, True),
        ("suspended", False, False, True),
        ("moderator", False, False, True),
        ("member, suspended", False, True, False),
    ],
)
def test_a_comments_can_fields_match_the_matrix(
    world, api_as, actor, can_edit, can_delete, can_flag
):
    if actor == "member, suspended":
        suspend(world.member, world.moderator)

    answer = api_as(world.user(actor)).get(f"comments/{world.comment.pk}/")

    assert answer.status == 200
    fields = (answer.json["can_edit"], answer.json["can_delete"], answer.json["can_flag"])
    assert fields == (can_edit, can_delete, can_flag)


def test_a_comment_the_caller_has_flagged_is_no_longer_flaggable_in_any_answer(world, other_api):
    assert other_api.post(f"comments/{world.comment.pk}/flags/", {"reason": "spam"}).status == 201

    listed = other_api.get(f"threads/{world.thread.pk}/comments/").json["results"]
    detail = other_api.get(f"comments/{world.comment.pk}/").json

    assert [c["can_flag"] for c in listed if c["id"] == world.comment.pk] == [False]
    assert detail["can_flag"] is False, "GET comments/{id}/ still offers a second flag"
    again = other_api.post(f"comments/{world.comment.pk}/flags/", {"reason": "spam"})
    assert again.status == 400


# -- A browser session calling the API -----------------------------------------------------------


@pytest.fixture
def browser_client(member) -> Client:
    """A signed-in browser: the session cookie, no token, and CSRF checks as in production."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    return client


def browser_post(client: Client, path: str, data: dict, **headers) -> Answer:
    response = client.post(
        f"{API}/{path}", json.dumps(data), content_type="application/json", headers=headers
    )
    return Answer(response)


NEW_THREAD = {"category": "treatment", "title": "Typing with weak fingers", "body": "Tips?"}


def test_a_browser_session_may_read_the_api(browser_client):
    answer = Answer(browser_client.get(f"{API}/me/"))

    assert answer.status == 200
    assert answer.json["display_name"] == "hannah_mmn"


def test_a_browser_write_without_the_csrf_token_is_refused_and_saves_nothing(browser_client, db):
    answer = browser_post(browser_client, "threads/", NEW_THREAD)

    assert answer.status == 403
    assert answer.error["code"] == "permission_denied"
    assert "CSRF" in answer.error["message"]
    assert not Thread.objects.exists()


def test_a_browser_write_with_the_csrf_token_succeeds(browser_client, thread):
    browser_client.get(thread.get_absolute_url())  # any page sets the CSRF cookie
    token = browser_client.cookies["csrftoken"].value

    answer = browser_post(browser_client, "threads/", NEW_THREAD, **{"X-CSRFToken": token})

    assert answer.status == 201
    assert answer.json["title"] == "Typing with weak fingers"
