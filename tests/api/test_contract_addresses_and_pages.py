"""The API's contract for where a request goes and which page it asks for: bad cursors, page sizes
and filters are 400s naming the field, unknown addresses and items are JSON 404s (an address
without its slash names the right one, never redirects), wrong methods are JSON 405s naming the
allowed ones, and reads carry ETags that answer 304 until something changes."""

import pytest

from forum.models import NotificationKind
from notifications.models import Notification
from resources.models import Resource
from tests.api.conftest import API, assert_error

# -- Pages -----------------------------------------------------------------------------------------


@pytest.fixture
def notification(member) -> Notification:
    return Notification.objects.create(
        recipient=member, kind=NotificationKind.REPLY, fixed_text="carer_dave replied.", url="/"
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


def test_a_category_filter_that_is_not_a_slug_is_a_field_error_on_every_database(anonymous_api):
    answer = anonymous_api.get("threads/", {"category": "treat\x00ment"})

    assert answer.status == 400
    assert answer.error["fields"] == {"category": ["A NUL character is not allowed here."]}


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


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_an_api_address_without_its_slash_is_a_json_404_naming_the_right_one(member_api, method):
    answer = member_api.call(method, "/api/v1/threads", {"title": "x"})

    assert answer.status == 404, "never a redirect that would turn a POST into a GET"
    assert answer.error["code"] == "not_found"
    assert "Did you mean /api/v1/threads/" in answer.error["message"]


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
