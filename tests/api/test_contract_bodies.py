"""The API's contract for request bodies it cannot use: malformed or non-strict JSON and bodies
that are not objects are 400 parse errors, wrong types and unknown fields are 400s naming the
fields, bodies over the limit are 413 and bodies that are not JSON are 415, all in the one error
shape, never a 500, and none of them saves anything."""

import json

import pytest
from django.conf import settings

from tests.api.conftest import assert_error

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
