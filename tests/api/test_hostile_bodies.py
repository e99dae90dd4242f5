"""Bodies no client of ours sends, sent to every write of the API and of the mobile sign-in:
they are turned away with a clear 400 before any parser reads them, never a 500."""

import json
import time

import pytest
from django.test import Client

from tests.api.conftest import API

# About 200 KB, under the API's 256 KiB limit: Python's JSON parser recurses once a bracket and
# ran out of stack on it.
NESTED = "[" * 100_000 + "]" * 100_000


def _api_writes(client: Client) -> list[tuple[str, str]]:
    """Every (method, path) of the API document that takes a body or changes something, with
    each path parameter filled in."""
    schema = json.loads(client.get(f"{API}/schema/", {"format": "json"}).content)
    writes = []
    for path, operations in schema["paths"].items():
        for method in operations:
            if method in {"post", "put", "patch", "delete"}:
                filled = path.replace("{id}", "1").replace("{slug}", "x")
                writes.append((method.upper(), filled))
    return writes


def _headless_posts(client: Client) -> list[str]:
    """Every POST of allauth's headless API for the app client, from its own specification."""
    spec = json.loads(client.get("/_allauth/openapi.json").content)
    return [
        path.replace("{client}", "app")
        for path, operations in spec["paths"].items()
        if "post" in operations
    ]


def test_every_api_write_refuses_deeply_nested_json_with_the_error_shape(member_api):
    writes = _api_writes(member_api.client)
    assert len(writes) >= 10, writes

    for method, path in writes:
        answer = member_api.call(method, path, raw=NESTED)
        assert answer.status == 400, (method, path, answer)
        assert answer.error["code"] == "parse_error"
        assert "nests more than" in answer.error["message"]


def test_every_headless_sign_in_step_refuses_deeply_nested_json_in_its_own_shape(db):
    client = Client()
    paths = _headless_posts(client)
    assert "/_allauth/app/v1/auth/login" in paths

    for path in paths:
        response = client.post(path, NESTED, content_type="application/json")
        assert response.status_code == 400, path
        body = response.json()
        assert body["status"] == 400
        assert "nests more than" in body["errors"][0]["message"]


def test_brackets_inside_text_are_words_not_nesting(member_api, thread):
    body = "My infusion days: " + "[" * 200 + " ]" * 200

    answer = member_api.post(f"threads/{thread.pk}/comments/", {"body": body})

    assert answer.status == 201, answer
    assert answer.json["body"] == body


def test_json_nested_a_few_levels_still_reaches_the_api_s_own_validation(member_api, thread):
    answer = member_api.post(f"threads/{thread.pk}/comments/", {"body": [[["deep"]]]})

    assert answer.status == 400
    assert answer.error["code"] == "invalid"
    assert "body" in answer.error["fields"]


@pytest.mark.parametrize("depth", [32, 33])
def test_the_depth_limit_is_exact(member_api, thread, depth):
    answer = member_api.post(f"threads/{thread.pk}/comments/", raw="[" * depth + "]" * depth)

    assert answer.status == 400
    assert answer.error["code"] == ("parse_error" if depth > 32 else "invalid")


# Quotes that never close: a scan that tried again from every quote took minutes on 256 KiB.
UNCLOSED_STRINGS = '"\\"' * 80_000


def test_a_body_of_unclosed_strings_is_answered_at_once(member_api, thread):
    started = time.monotonic()
    api_answer = member_api.post(f"threads/{thread.pk}/comments/", raw=UNCLOSED_STRINGS)
    headless = Client().post(
        "/_allauth/app/v1/auth/login", UNCLOSED_STRINGS, content_type="application/json"
    )

    assert api_answer.status == 400
    assert api_answer.error["code"] == "parse_error"
    assert headless.status_code == 400
    # Orders of magnitude apart: 0.05 s when linear, minutes when not.
    assert time.monotonic() - started < 5


def test_the_sign_in_refuses_deep_nesting_in_a_body_longer_than_the_api_reads(db, settings):
    body = "[" * 150_000 + "]" * 150_000
    assert settings.API_MAX_BODY_BYTES < len(body) < settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    response = Client().post("/_allauth/app/v1/auth/login", body, content_type="application/json")

    assert response.status_code == 400
    assert "nests more than" in response.json()["errors"][0]["message"]
