"""The API's contract for who may do what, and how often: members-only calls without a token, and
tokens that sign nobody in, are 401 with WWW-Authenticate telling the app to sign in again, a
browser session's write without its CSRF token is 403, members and visitors past their rate get
429 with Retry-After, no public read shows a member's email, and held comments are seen by nobody
but their author."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache

from forum import services
from forum.models import Comment, CommentStatus
from resources.models import Resource
from tests.api.conftest import Api, assert_error, session_token

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
