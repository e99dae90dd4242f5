"""Every domain error a service raises, through each of the three interfaces that answer it: the
web form (core.forms.apply_service), the API (core.api.errors) and the admin
(core.errors.moderator_message). Each says the same words, with the status that fits."""

import pytest
from django.http import HttpRequest
from rest_framework.views import APIView

from core.api.errors import exception_handler
from core.errors import (
    PermissionDenied,
    PersonalDataWarning,
    RateLimited,
    ValidationError,
    moderator_message,
)
from core.forms import apply_service
from forum.forms import CommentForm

WORDS = "This thread is locked, so it takes no new replies."
BODY_WORDS = "It looks like your text holds an email address."

# (error, API status, API code, the words every interface shows)
ERRORS = {
    "refusal": (PermissionDenied(WORDS), 403, "permission_denied", WORDS),
    "too-fast": (RateLimited(WORDS, retry_after=42), 429, "rate_limited", WORDS),
    "field-mistake": (
        ValidationError({"body": ["Please write something before posting."]}),
        400,
        "invalid",
        "Please write something before posting.",
    ),
    "general-mistake": (ValidationError(WORDS), 400, "invalid", WORDS),
    "personal-data": (
        PersonalDataWarning({"body": [BODY_WORDS]}),
        400,
        "personal_data",
        BODY_WORDS,
    ),
}


def _raise(error):
    def call():
        raise error

    return call


@pytest.mark.parametrize(("error", "status", "code", "words"), ERRORS.values(), ids=ERRORS)
def test_the_web_form_shows_the_error_and_keeps_what_was_typed(error, status, code, words):
    form = CommentForm({"body": "What I typed with care."})
    assert form.is_valid()

    assert apply_service(form, _raise(error)) is None

    assert words in " ".join(message for messages in form.errors.values() for message in messages)
    assert form.data["body"] == "What I typed with care."
    # What core.forms.render_form answers with: 429 after a rate limit, 403 after a refusal.
    refused = getattr(form, "refused", False)
    answered = 429 if getattr(form, "retry_after", None) else 403 if refused else 400
    assert answered == status
    if isinstance(error, RateLimited):
        assert form.retry_after == 42


@pytest.mark.parametrize(("error", "status", "code", "words"), ERRORS.values(), ids=ERRORS)
def test_the_api_answers_the_error_in_its_shape(error, status, code, words):
    response = exception_handler(error, {"view": APIView(), "request": HttpRequest()})

    assert response.status_code == status
    assert response.data["error"]["code"] == code
    body = response.data["error"]
    assert words in body["message"] + " ".join(
        message for messages in body["fields"].values() for message in messages
    )
    if isinstance(error, RateLimited):
        assert response["Retry-After"] == "42"


@pytest.mark.parametrize(("error", "status", "code", "words"), ERRORS.values(), ids=ERRORS)
def test_the_admin_tells_the_moderator_the_same_words(error, status, code, words):
    assert words in moderator_message(error)
