"""The API's contract with the mobile app, through its public surface: one error shape for every
4xx, the right 4xx for every kind of bad request (never a 500), 401 that tells the app to sign in
again, throttles with Retry-After, ETags and 304s, no email in any public read, and held comments
seen by nobody but their author."""

import json

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache

from accounts.models import User
from forum import services
from forum.models import Comment, CommentStatus, Flag, Notification, NotificationKind
from resources.models import Resource, ResourceSuggestion
from tests.api.conftest import API, Api, session_token


def assert_error(answer, status: int, code: str, fields: set[str] | None = None) -> dict:
    """`answer` is `status` in the one error shape, with a message a member can read, and with
    `fields` naming exactly the fields that were wrong."""
    assert answer.status == status, answer
    assert answer.headers["Content-Type"] == "application/json", answer.headers
    assert set(answer.json) == {"error"}, answer.json
    error = answer.error
    assert set(error) == {"code", "message", "fields"}, error
    assert error["code"] == code, error
    assert isinstance(error["message"], str) and len(error["message"]) > 5, error
    assert set(error["fields"]) == (fields or set()), error
    for messages in error["fields"].values():
        assert messages and all(isinstance(m, str) and m for m in messages), error
    return error


@pytest.fixture
def comment(thread, make_reply, other_member) -> Comment:
    """A published reply by `other_member` in `member`'s thread."""
    return make_reply(other_member, thread)


@pytest.fixture
def own_comment(thread) -> Comment:
    """`member`'s opening comment of their own thread."""
    return thread.comments.get(is_opening=True)


@pytest.fixture
def saved_state(forum_state, member):
    """Everything a refused write could have touched, as plain values."""

    def state() -> dict:
        return {
            **forum_state(),
            "flags": list(Flag.objects.order_by("pk").values()),
            "suggestions": list(ResourceSuggestion.objects.order_by("pk").values()),
            "member": list(User.objects.filter(pk=member.pk).values()),
        }

    return state


# Every write a member can make, with a body that is right in all but what a test changes.
WRITES = [
    ("post", "threads/", {"category": "treatment", "title": "Grip after IVIg", "body": "Hello"}),
    ("post", "threads/{thread}/comments/", {"body": "Same here."}),
    ("patch", "comments/{own_comment}/", {"body": "Edited words."}),
    ("post", "comments/{comment}/flags/", {"reason": "spam", "note": ""}),
    ("patch", "me/", {"bio": "Diagnosed in 2019."}),
    (
        "post",
        "resource-suggestions/",
        {"name": "Grip aids", "url": "https://grip.example.org/", "note": "Good jar openers."},
    ),
]
WRITE_IDS = [f"{method} {path}" for method, path, _ in WRITES]


@pytest.fixture
def address(thread, comment, own_comment):
    def fill(path: str) -> str:
        return path.format(thread=thread.pk, comment=comment.pk, own_comment=own_comment.pk)

    return fill


# -- Bodies the API cannot read --------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "body"), WRITES, ids=WRITE_IDS)
def test_malformed_json_is_400_parse_error_and_saves_nothing(
    member_api, address, saved_state, method, path, body
):
    before = saved_state()
    answer = member_api.call(method, address(path), raw=json.dumps(body)[:-1])
    error = assert_error(answer, 400, "parse_error")
    assert "JSON" in error["message"]
    assert saved_state() == before


@pytest.mark.parametrize(
    "raw",
    ['{"body": NaN}', '{"body": Infinity}', "\xff\xfe", ""],
    ids=["NaN", "Infinity", "not-utf8", "empty"],
)
def test_json_that_is_not_strict_json_is_400(member_api, address, saved_state, raw):
    before = saved_state()
    answer = member_api.post(address("threads/{thread}/comments/"), raw=raw.encode("latin-1"))
    if raw:
        assert_error(answer, 400, "parse_error")
    else:  # no body at all: the comment's body is missing
        assert_error(answer, 400, "invalid", {"body"})
    assert saved_state() == before


@pytest.mark.parametrize("body", [[], "text", 7, None], ids=["list", "string", "number", "null"])
def test_a_body_that_is_not_an_object_is_400(member_api, address, saved_state, body):
    before = saved_state()
    answer = member_api.post(address("threads/{thread}/comments/"), raw=json.dumps(body))
    assert_error(answer, 400, "invalid")
    assert saved_state() == before


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("post", "threads/", {"category": "treatment", "title": 0, "body": "Hello"}, "title"),
        ("post", "threads/", {"category": 3, "title": "Grip", "body": "Hello"}, "category"),
        ("post", "threads/{thread}/comments/", {"body": 12}, "body"),
        ("post", "threads/{thread}/comments/", {"body": ["Hello"]}, "body"),
        (
            "post",
            "threads/{thread}/comments/",
            {"body": "Hello", "confirm_personal_data": "yes"},
            "confirm_personal_data",
        ),
        ("patch", "comments/{own_comment}/", {"body": None}, "body"),
        ("post", "comments/{comment}/flags/", {"reason": 1}, "reason"),
        ("post", "comments/{comment}/flags/", {"reason": "spam", "note": False}, "note"),
        ("patch", "me/", {"display_name": 5}, "display_name"),
        ("patch", "me/", {"role": "astronaut"}, "role"),
        ("post", "resource-suggestions/", {"name": "Aids", "url": 1, "note": "x"}, "url"),
    ],
    ids=lambda value: value if isinstance(value, str) and "/" not in value else None,
)
def test_wrong_types_are_400_naming_the_field_and_save_nothing(
    member_api, address, saved_state, method, path, body, field
):
    before = saved_state()
    answer = member_api.call(method, address(path), body)
    assert_error(answer, 400, "invalid", {field})
    assert saved_state() == before


@pytest.mark.parametrize(("method", "path", "body"), WRITES, ids=WRITE_IDS)
def test_unknown_fields_are_400_naming_them_and_save_nothing(
    member_api, address, saved_state, method, path, body
):
    before = saved_state()
    answer = member_api.call(method, address(path), {**body, "is_pinned": True, "autor": "x"})
    error = assert_error(answer, 400, "invalid", {"is_pinned", "autor"})
    assert error["fields"]["autor"] == ["Unknown field."]
    assert saved_state() == before


@pytest.mark.parametrize(("method", "path", "body"), WRITES, ids=WRITE_IDS)
def test_a_body_over_the_limit_is_413_and_saves_nothing(
    member_api, address, saved_state, method, path, body
):
    before = saved_state()
    padding = "x" * (settings.API_MAX_BODY_BYTES + 1)
    answer = member_api.call(method, address(path), {**body, "note": padding})
    error = assert_error(answer, 413, "payload_too_large")
    assert f"{settings.API_MAX_BODY_BYTES:,}" in error["message"]
    assert saved_state() == before


def test_a_body_over_djangos_own_upload_limit_is_413_too(member_api, address, saved_state):
    before = saved_state()
    padding = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    answer = member_api.post(address("threads/{thread}/comments/"), {"body": padding})
    assert_error(answer, 413, "payload_too_large")
    assert saved_state() == before


@pytest.mark.parametrize(
    ("content_type", "raw"),
    [
        ("text/plain", "body=Hello"),
        ("application/x-www-form-urlencoded", "body=Hello"),
        (
            "multipart/form-data; boundary=BoUnDaRy",
            '--BoUnDaRy\r\nContent-Disposition: form-data; name="body"\r\n\r\n'
            "Hello\r\n--BoUnDaRy--\r\n",
        ),
        ("application/xml", "<body>Hello</body>"),
    ],
    ids=["text", "form", "multipart", "xml"],
)
@pytest.mark.parametrize(("method", "path", "body"), WRITES, ids=WRITE_IDS)
def test_a_body_that_is_not_json_is_415_and_saves_nothing(
    member_api, address, saved_state, method, path, body, content_type, raw
):
    before = saved_state()
    answer = member_api.call(method, address(path), raw=raw, content_type=content_type)
    error = assert_error(answer, 415, "unsupported_media_type")
    assert content_type.split(";")[0] in error["message"]
    assert saved_state() == before


# -- Pages -----------------------------------------------------------------------------------------


@pytest.fixture
def notification(member) -> Notification:
    return Notification.objects.create(
        recipient=member, kind=NotificationKind.REPLY, message="carer_dave replied.", url="/"
    )


PAGED = ["threads/", "threads/{thread}/comments/", "notifications/"]


@pytest.mark.parametrize("path", PAGED)
@pytest.mark.parametrize(
    "bad_cursor",
    [
        "not-a-cursor",
        "eyJ4IjogMX0",  # {"x": 1}
        "WyJhZnRlciIsIFtudWxsXV0",  # ["after", [null]]
        "WyJzaWRld2F5cyIsIFsxXV0",  # ["sideways", [1]]
        "x" * 400,
        "%00",
    ],
)
def test_a_bad_cursor_is_400_naming_the_cursor(member_api, address, notification, path, bad_cursor):
    answer = member_api.get(address(path), {"cursor": bad_cursor})
    error = assert_error(answer, 400, "invalid", {"cursor"})
    assert "page link" in error["fields"]["cursor"][0]


@pytest.mark.parametrize("path", PAGED)
@pytest.mark.parametrize("size", ["0", "101", "ten", "-1", "5.0", ""])
def test_a_bad_page_size_is_400_naming_it(member_api, address, notification, path, size):
    answer = member_api.get(address(path), {"page_size": size})
    assert_error(answer, 400, "invalid", {"page_size"})


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("threads/", {"category": "no-such-category"}, "category"),
        ("threads/", {"q": "grip " * 30}, "q"),
        ("resources/", {"region": "mars"}, "region"),
        ("resources/", {"kind": "spaceship"}, "kind"),
        ("resources/", {"topic": "astronomy"}, "topic"),
    ],
    ids=["category", "q", "region", "kind", "topic"],
)
def test_a_filter_the_api_does_not_know_is_400_naming_it(anonymous_api, path, params, field):
    assert_error(anonymous_api.get(path, params), 400, "invalid", {field})


def test_a_new_thread_in_an_unknown_category_is_400_and_saves_nothing(member_api, saved_state):
    before = saved_state()
    answer = member_api.post(
        "threads/", {"category": "no-such-category", "title": "Grip", "body": "Hello"}
    )
    assert_error(answer, 400, "invalid", {"category"})
    assert saved_state() == before


# -- Signing in ------------------------------------------------------------------------------------

MEMBERS_ONLY = [
    ("get", "me/"),
    ("patch", "me/"),
    ("delete", "me/"),
    ("get", "me/export/"),
    ("get", "notifications/"),
    ("post", "notifications/read/"),
    ("get", "resource-suggestions/"),
    ("post", "resource-suggestions/"),
    ("post", "threads/"),
    ("post", "threads/{thread}/comments/"),
    ("put", "threads/{thread}/follow/"),
    ("patch", "comments/{comment}/"),
    ("delete", "comments/{comment}/"),
    ("post", "comments/{comment}/flags/"),
]


@pytest.mark.parametrize(("method", "path"), MEMBERS_ONLY, ids=[" ".join(m) for m in MEMBERS_ONLY])
def test_without_a_token_members_only_calls_are_401_with_www_authenticate(
    anonymous_api, address, saved_state, method, path
):
    before = saved_state()
    answer = anonymous_api.call(method, address(path), {})
    assert_error(answer, 401, "not_authenticated")
    assert answer.headers["WWW-Authenticate"] == "X-Session-Token"
    assert saved_state() == before


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "threads/"), ("get", "categories/"), *MEMBERS_ONLY[:3]],
    ids=lambda value: value,
)
def test_a_token_that_signs_nobody_in_is_401_even_for_public_reads(
    address, saved_state, method, path
):
    before = saved_state()
    answer = Api("no-such-session-token").call(method, address(path), {})
    error = assert_error(answer, 401, "session_expired")
    assert "sign in again" in error["message"]
    assert answer.headers["WWW-Authenticate"] == "X-Session-Token"
    assert saved_state() == before


def test_a_token_of_a_signed_out_session_is_401(member):
    api = Api(session_token(member))
    assert api.get("me/").status == 200
    Session.objects.all().delete()
    cache.clear()  # a cached-db session store would still remember it
    answer = api.get("me/")
    assert_error(answer, 401, "session_expired")
    assert answer.headers["WWW-Authenticate"] == "X-Session-Token"


def test_a_token_of_a_closed_account_is_401(member):
    api = Api(session_token(member))
    assert api.delete("me/", {"comments": "keep"}).status == 204
    assert_error(api.get("me/"), 401, "session_expired")


def test_a_browser_session_write_without_its_csrf_token_is_403_and_saves_nothing(
    member, thread, saved_state
):
    browser = Api()
    browser.client.force_login(member)
    assert browser.get("me/").status == 200  # the session signs the browser in
    before = saved_state()
    answer = browser.post(f"threads/{thread.pk}/comments/", {"body": "From the browser."})
    error = assert_error(answer, 403, "permission_denied")
    assert "CSRF" in error["message"]
    assert saved_state() == before


# -- Addresses and methods -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [f"{API}/nowhere/", f"{API}/threads/abc/", "/api/v2/threads/", "/api/", f"{API}/me/export/x/"],
)
@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_an_unknown_api_address_is_a_json_404(anonymous_api, url, method):
    assert_error(anonymous_api.call(method, url), 404, "not_found")


@pytest.mark.parametrize(
    "path",
    [
        "threads/999999/",
        "threads/999999/comments/",
        "comments/999999/",
        "categories/no-such-category/",
        "resources/no-such-resource/",
    ],
)
def test_an_unknown_item_is_a_json_404(member_api, path):
    assert_error(member_api.get(path), 404, "not_found")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("delete", "categories/"),
        ("post", "categories/treatment/"),
        ("put", "threads/"),
        ("delete", "threads/{thread}/"),
        ("get", "threads/{thread}/follow/"),
        ("post", "me/export/"),
        ("get", "notifications/read/"),
        ("patch", "resources/"),
    ],
    ids=lambda value: value,
)
def test_a_wrong_method_is_a_json_405_naming_the_allowed_ones(
    member_api, address, saved_state, method, path
):
    before = saved_state()
    answer = member_api.call(method, address(path), {})
    error = assert_error(answer, 405, "method_not_allowed")
    assert method.upper() in error["message"]
    assert answer.headers["Allow"]
    assert method.upper() not in answer.headers["Allow"]
    assert saved_state() == before


# -- Throttles -------------------------------------------------------------------------------------


def test_a_member_past_their_rate_gets_429_with_retry_after(
    throttle_policy, member_api, api_as, other_member
):
    for _ in range(5):
        assert member_api.get("categories/").status == 200
    answer = member_api.get("categories/")
    error = assert_error(answer, 429, "throttled")
    assert 0 < int(answer.headers["Retry-After"]) <= 60
    assert "wait" in error["message"]
    # Per member: another member is not slowed down by the first.
    assert api_as(other_member).get("categories/").status == 200


def test_the_member_rate_counts_writes_too(throttle_policy, member_api, address, saved_state):
    for _ in range(5):
        assert member_api.get("categories/").status == 200
    before = saved_state()
    answer = member_api.post(address("threads/{thread}/comments/"), {"body": "One too many."})
    assert_error(answer, 429, "throttled")
    assert int(answer.headers["Retry-After"]) > 0
    assert saved_state() == before


def test_a_visitor_past_their_rate_gets_429_with_retry_after(throttle_policy, anonymous_api):
    for _ in range(3):
        assert anonymous_api.get("threads/").status == 200
    answer = anonymous_api.get("threads/")
    assert_error(answer, 429, "throttled")
    assert 0 < int(answer.headers["Retry-After"]) <= 60
    # Per client: a visitor at another address is not.
    elsewhere = Api()
    elsewhere.client.defaults["REMOTE_ADDR"] = "203.0.113.9"
    assert elsewhere.get("threads/").status == 200


def test_a_visitor_cannot_escape_the_rate_with_a_made_up_forwarded_address(
    throttle_policy, anonymous_api
):
    answers = [
        anonymous_api.get("threads/", headers={"X-Forwarded-For": f"198.51.100.{number}"})
        for number in range(4)
    ]
    assert [answer.status for answer in answers] == [200, 200, 200, 429]


# -- ETags -----------------------------------------------------------------------------------------

READS = [
    "categories/",
    "categories/treatment/",
    "threads/",
    "threads/{thread}/",
    "threads/{thread}/comments/",
    "comments/{comment}/",
    "notifications/",
    "resources/",
    "resources/{resource}/",
    "resource-suggestions/",
    "me/",
]


@pytest.fixture
def read_address(address, notification):
    resource = Resource.objects.filter(is_published=True).first()
    return lambda path: address(path.replace("{resource}", resource.slug))


@pytest.mark.parametrize("path", READS)
def test_reads_carry_an_etag_and_answer_304_when_nothing_changed(member_api, read_address, path):
    first = member_api.get(read_address(path))
    assert first.status == 200
    etag = first.headers["ETag"]
    again = member_api.get(read_address(path), headers={"If-None-Match": etag})
    assert again.status == 304
    assert again.response.content == b""
    assert again.headers["ETag"] == etag


def test_a_changed_thread_gets_a_new_etag(member_api, thread, other_member, make_reply):
    first = member_api.get(f"threads/{thread.pk}/comments/")
    make_reply(other_member, thread, "A new reply.")
    again = member_api.get(
        f"threads/{thread.pk}/comments/", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status == 200
    assert again.headers["ETag"] != first.headers["ETag"]


# -- Privacy ---------------------------------------------------------------------------------------


def test_a_members_email_appears_only_in_their_own_me(
    make_member, make_thread, make_reply, api_as, anonymous_api, other_member
):
    author = make_member("grip_writer", email="grip.writer.private@example.org")
    thread = make_thread(author, title="Jar openers that work", body="Mine is magnetic.")
    reply = make_reply(author, thread, "And a rubber mat helps.")
    category = thread.category.slug
    resource = Resource.objects.filter(is_published=True).first().slug
    public = [
        "categories/",
        f"categories/{category}/",
        "threads/",
        f"threads/?category={category}",
        "threads/?q=magnetic",
        f"threads/{thread.pk}/",
        f"threads/{thread.pk}/comments/",
        f"comments/{reply.pk}/",
        "resources/",
        f"resources/{resource}/",
    ]
    for api in (anonymous_api, api_as(other_member)):
        for path in public:
            answer = api.get(path)
            assert answer.status == 200, (path, answer)
            assert "grip.writer.private" not in answer.response.content.decode(), path
    # Another member's own account shows their email, not the author's.
    others_me = api_as(other_member).get("me/").response.content.decode()
    assert "grip.writer.private" not in others_me
    assert api_as(author).get("me/").json["email"] == "grip.writer.private@example.org"


def test_a_held_comment_is_seen_only_by_its_author(
    moderation_policy, make_thread, moderator, member_api, other_api, anonymous_api, member
):
    thread = make_thread(moderator, title="Infusion day tips", body="What helps on the day?")
    answer = member_api.post(f"threads/{thread.pk}/comments/", {"body": "A warm blanket."})
    assert answer.status == 201, answer
    held = answer.json
    assert held["status"] == CommentStatus.PENDING
    assert held["held_reason"]
    assert Comment.objects.get(pk=held["id"]).status == CommentStatus.PENDING

    for api in (other_api, anonymous_api):
        assert_error(api.get(f"comments/{held['id']}/"), 404, "not_found")
        listed = api.get(f"threads/{thread.pk}/comments/")
        assert listed.status == 200
        assert held["id"] not in [c["id"] for c in listed.json["results"]]
        assert "A warm blanket" not in listed.response.content.decode()

    mine = member_api.get(f"comments/{held['id']}/")
    assert mine.status == 200
    assert mine.json["status"] == "pending"
    assert mine.json["held_reason"] == held["held_reason"]
    listed = member_api.get(f"threads/{thread.pk}/comments/").json["results"]
    assert [c["status"] for c in listed if c["id"] == held["id"]] == ["pending"]


def test_a_held_comment_cannot_be_flagged_or_edited_by_others(
    moderation_policy, make_thread, moderator, member, other_api, saved_state
):
    thread = make_thread(moderator, title="Infusion day tips", body="What helps on the day?")
    held = services.comment_create(author=member, thread=thread, body="A warm blanket.")
    assert held.status == CommentStatus.PENDING
    before = saved_state()
    assert_error(other_api.post(f"comments/{held.pk}/flags/", {"reason": "spam"}), 404, "not_found")
    assert_error(other_api.patch(f"comments/{held.pk}/", {"body": "Mine now."}), 404, "not_found")
    assert_error(other_api.delete(f"comments/{held.pk}/"), 404, "not_found")
    assert saved_state() == before


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_an_api_address_without_its_slash_is_a_json_404_naming_the_right_one(member_api, method):
    answer = member_api.call(method, "/api/v1/threads", {"title": "x"})

    assert answer.status == 404, "never a redirect that would turn a POST into a GET"
    assert answer.error["code"] == "not_found"
    assert "Did you mean /api/v1/threads/" in answer.error["message"]


def test_a_category_filter_that_is_not_a_slug_is_a_field_error_on_every_database(anonymous_api):
    answer = anonymous_api.get("threads/", {"category": "treat\x00ment"})

    assert answer.status == 400
    assert answer.error["fields"] == {"category": ["A NUL character is not allowed here."]}
