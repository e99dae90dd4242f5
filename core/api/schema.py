"""The OpenAPI document's conventions, applied to every operation so none is forgotten: each
error an operation can answer, in the one error shape, with an example; the ETag and
304 Not Modified of every read; Retry-After on 429."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiExample, OpenApiResponse

from core.api.errors import error_body
from core.api.serializers import Error, StrictSerializer

ERRORS = {
    400: ("The request is not valid: see `fields`.", "invalid", "Please correct the fields below."),
    401: (
        "No session token, or one that no longer signs anyone in.",
        "not_authenticated",
        "Authentication credentials were not provided.",
    ),
    403: (
        "Not allowed: signed in but may not do this (e.g. suspended, not the author, thread "
        "locked), or a browser session without its CSRF token.",
        "permission_denied",
        "This thread is locked, so it takes no new replies.",
    ),
    404: ("No such item, or not one the caller may see.", "not_found", "Not found."),
    413: (
        "The body is larger than the API reads.",
        "payload_too_large",
        "The request body is larger than 262,144 bytes.",
    ),
    415: (
        "The body is not JSON.",
        "unsupported_media_type",
        'Unsupported media type "text/plain" in request.',
    ),
    429: (
        "Too many requests, or posting faster than the community allows; wait `Retry-After` "
        "seconds.",
        "throttled",
        "Too many requests. Please wait 30 seconds and try again.",
    ),
}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def _error(status: int) -> OpenApiResponse:
    description, code, message = ERRORS[status]
    fields = {"body": ["Please write something before posting."]} if status == 400 else None
    return OpenApiResponse(
        Error,
        description=description,
        examples=[
            OpenApiExample(
                code, value=error_body(code, message, fields), status_codes=[str(status)]
            )
        ],
    )


class AutoSchema(SpectacularAutoSchema):
    def get_auth(self) -> list[dict]:
        auths = super().get_auth()
        # drf-spectacular knows only AllowAny and IsAuthenticatedOrReadOnly as open to visitors;
        # our own permissions say so themselves (forum.api.SignedInToWrite).
        permissions = self.view.get_permissions()
        if (
            self.method == "GET"
            and {} not in auths
            and permissions
            and all(getattr(permission, "visitors_may_read", False) for permission in permissions)
        ):
            auths.append({})
        return auths

    def _error_statuses(self) -> list[int]:
        statuses = [400, 401, 429]
        if "{" in self.path:
            statuses.append(404)
        if self.method in WRITES or getattr(self.view, "may_refuse_reads", False):
            statuses.append(403)
        if self.method in {"POST", "PUT", "PATCH"} or (
            self.method == "DELETE" and getattr(self.view, "delete_has_body", False)
        ):
            statuses += [413, 415]
        return sorted(statuses)

    def _map_serializer(self, serializer, direction, bypass_extensions=False):
        schema = super()._map_serializer(serializer, direction, bypass_extensions)
        if direction == "request" and isinstance(serializer, StrictSerializer):
            schema["additionalProperties"] = False  # it answers 400 to any field it does not know
        return schema

    def _get_request_body(self, direction="request"):
        # drf-spectacular documents the bodies of POST, PUT and PATCH only; DELETE /me/ has one.
        if self.method == "DELETE" and getattr(self.view, "delete_has_body", False):
            self.method = "PUT"
            try:
                return super()._get_request_body(direction)
            finally:
                self.method = "DELETE"
        return super()._get_request_body(direction)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for status in self._error_statuses():
            responses.setdefault(
                str(status), self._get_response_for_code(_error(status), str(status))
            )
        if self.method == "GET":
            responses.setdefault(
                "304",
                {"description": "Not modified: the `ETag` sent in `If-None-Match` still matches."},
            )
        return responses

    def _get_response_headers_for_code(self, status_code, direction="response"):
        headers = super()._get_response_headers_for_code(status_code, direction)
        if self.method == "GET" and str(status_code) in {"200", "304"}:
            headers["ETag"] = {
                "schema": {"type": "string"},
                "description": "Send it back in `If-None-Match` to get 304 when nothing changed.",
            }
        if str(status_code) == "429":
            headers["Retry-After"] = {
                "schema": {"type": "integer"},
                "description": "Seconds to wait before trying again.",
            }
        return headers
