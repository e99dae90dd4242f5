"""The mobile client's view of the site: JSON calls with an allauth session token."""

import json
from collections.abc import Callable

import pytest
from django.test import Client

from accounts.models import User
from forum.models import Comment, Flag
from resources.models import ResourceSuggestion

API = "/api/v1"

# Generous enough that only the throttling tests meet the throttles.
RELAXED_RATES = {"member": "100000/min", "anonymous": "100000/min"}


@pytest.fixture(autouse=True)
def _relaxed_throttles(request, settings):
    if "throttle_policy" not in request.fixturenames:
        settings.API_THROTTLE_RATES = RELAXED_RATES


@pytest.fixture
def throttle_policy(settings):
    """Tight rates, for the tests of throttling itself."""
    settings.API_THROTTLE_RATES = {"member": "5/min", "anonymous": "3/min"}
    return settings.API_THROTTLE_RATES


class Answer:
    """A response, with its JSON body (None when it has none)."""

    def __init__(self, response):
        self.response = response
        self.status = response.status_code
        self.headers = response.headers
        content = response.content
        self.json = (
            json.loads(content) if content and "json" in response.get("Content-Type", "") else None
        )

    @property
    def error(self) -> dict:
        assert self.json and "error" in self.json, f"not an error answer: {self.status} {self.json}"
        return self.json["error"]

    def __repr__(self) -> str:
        return f"<Answer {self.status} {self.json}>"


class Api:
    """Calls /api/v1 as the app does: JSON bodies, and the session token in X-Session-Token."""

    def __init__(self, token: str | None = None):
        self.client = Client(enforce_csrf_checks=True)
        self.token = token

    def call(
        self,
        method: str,
        path: str,
        data=None,
        *,
        headers: dict | None = None,
        raw=None,
        content_type: str = "application/json",
    ) -> Answer:
        headers = dict(headers or {})
        if self.token:
            headers.setdefault("X-Session-Token", self.token)
        url = path if path.startswith(("/", "http")) else f"{API}/{path}"
        body = raw if raw is not None else (json.dumps(data) if data is not None else "")
        response = self.client.generic(
            method.upper(), url, body, content_type=content_type, headers=headers
        )
        return Answer(response)

    def get(self, path, params: dict | None = None, **kwargs) -> Answer:
        if params:
            from urllib.parse import urlencode

            path = f"{path}?{urlencode(params, doseq=True)}"
        return self.call("GET", path, **kwargs)

    def post(self, path, data=None, **kwargs) -> Answer:
        return self.call("POST", path, data, **kwargs)

    def patch(self, path, data=None, **kwargs) -> Answer:
        return self.call("PATCH", path, data, **kwargs)

    def put(self, path, data=None, **kwargs) -> Answer:
        return self.call("PUT", path, data, **kwargs)

    def delete(self, path, data=None, **kwargs) -> Answer:
        return self.call("DELETE", path, data, **kwargs)


def session_token(user) -> str:
    """A session token for `user`, as allauth's headless sign-in hands one out: the key of a
    signed-in session."""
    client = Client()
    client.force_login(user)
    return client.session.session_key


@pytest.fixture
def api_as() -> Callable[..., Api]:
    def make(user=None) -> Api:
        return Api(session_token(user) if user is not None else None)

    return make


@pytest.fixture
def anonymous_api(db) -> Api:
    return Api()


@pytest.fixture
def member_api(api_as, member) -> Api:
    return api_as(member)


@pytest.fixture
def other_api(api_as, other_member) -> Api:
    return api_as(other_member)


@pytest.fixture
def moderator_api(api_as, moderator) -> Api:
    return api_as(moderator)


# -- What the contract tests share -----------------------------------------------------------------


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


@pytest.fixture
def address(thread, comment, own_comment):
    def fill(path: str) -> str:
        return path.format(thread=thread.pk, comment=comment.pk, own_comment=own_comment.pk)

    return fill
