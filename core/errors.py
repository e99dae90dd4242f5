"""The domain's errors: what a service raises when it refuses, for every interface to answer in
its own way (a form error on the web: core.forms.apply_service; a 4xx in the API:
core.api.errors; a message in the admin: `moderator_message`).

A refusal is Django's PermissionDenied (the member may not do this; its text says why) and a
mistake in what was sent is Django's ValidationError (by field where it has one). Two kinds say
more, so each interface can offer the way on:
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError

__all__ = [
    "PermissionDenied",
    "PersonalDataWarning",
    "RateLimited",
    "ValidationError",
    "ensure",
    "moderator_message",
]


def ensure(refusal: str | None) -> None:
    """Raise PermissionDenied with the refusal's words, if there is one: how a service applies
    a `*_refusal` rule (forum.permissions, accounts.permissions, resources.permissions)."""
    if refusal:
        raise PermissionDenied(refusal)


class RateLimited(PermissionDenied):
    """Posting too fast. Nothing was saved; `retry_after` says how many seconds to wait."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class PersonalDataWarning(ValidationError):
    """The text looks like it holds an email address or phone number; the author may confirm
    and send it again."""


def moderator_message(error: Exception) -> str:
    """What the admin tells a moderator when a service refused their action."""
    if isinstance(error, ObjectDoesNotExist):
        return "It no longer exists."
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or "You may not do that."
