"""Site-wide middleware: requests no view should ever see, and answers every interface shares.

- `RequestSafetyMiddleware` turns away, before anything parses them, addresses with a NUL byte
  (PostgreSQL refuses NUL in a query, so a lookup by such a name was a 500) and JSON bodies nested
  deeper than any of our clients sends (Python's parser recurses, so 100,000 brackets were a 500),
  and drops cookies that carry a NUL.
- `HeadlessLoginLimitMiddleware` gives the mobile sign-in's "too many attempts" the status and
  `Retry-After` header every other limit of the API answers with.
- `CommonMiddleware` never redirects an API address to add its slash.
- `ResolvedUserMiddleware` puts the member (or AnonymousUser) itself in `request.user`.
"""

import json
import re
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.common import CommonMiddleware as DjangoCommonMiddleware
from django.utils.functional import LazyObject, empty

from config import views
from core.api.errors import error_body

# Deeper than any body our API or allauth's headless API reads (theirs are 3 levels at most), far
# below the depth at which Python's JSON parser runs out of stack.
MAX_JSON_DEPTH = 32

JSON_API_PREFIXES = ("/api/", "/_allauth/")
HEADLESS_PREFIX = "/_allauth/"

# A JSON string (skipped whole, so brackets inside text do not count; its closing quote is
# optional, so an unterminated string is consumed once instead of being tried again from every
# later quote, which made a body of 256 KiB of quotes take minutes) or one bracket.
_JSON_TOKENS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]')


def json_depth_exceeds(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when `body` opens more than `limit` arrays or objects inside each other. Linear in
    the body's length and never recursive, so it is safe on any input; malformed JSON that is
    not too deep is left for the parser to describe."""
    depth = 0
    for token in _JSON_TOKENS.finditer(body):
        bracket = token.group()
        if bracket in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        elif bracket in (b"]", b"}"):
            depth -= 1
    return False


NUL_MESSAGE = "A NUL character is not allowed here."


def _query_has_nul(request: HttpRequest) -> bool:
    query = request.META.get("QUERY_STRING", "")
    return bool(query) and b"\x00" in unquote_to_bytes(query.replace("+", " "))


def _nul_fields(request: HttpRequest) -> dict[str, list[str]]:
    """The query parameters that hold a NUL, named as the API names a field in error."""
    fields = {}
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            fields[name.replace("\x00", "\ufffd")] = [NUL_MESSAGE]
    return fields


class RequestSafetyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Django decodes octal escapes in cookies, so a cookie can carry a NUL to the session
        # lookup: such a cookie is dropped, as if it had not been sent.
        if any("\x00" in name + value for name, value in request.COOKIES.items()):
            request.COOKIES = {
                name: value for name, value in request.COOKIES.items() if "\x00" not in name + value
            }
        if "\x00" in request.path:
            return views.page_not_found(request, None)
        if _query_has_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    error_body("invalid", NUL_MESSAGE, _nul_fields(request)), status=400
                )
            return views.bad_request(request, None)
        if self._too_deep(request):
            message = (
                f"The body is not valid JSON: it nests more than {MAX_JSON_DEPTH} arrays or "
                "objects inside each other."
            )
            return views.machine_answer(request, 400, "parse_error", message)
        return self.get_response(request)

    @staticmethod
    def _too_deep(request: HttpRequest) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS") or not request.path.startswith(
            JSON_API_PREFIXES
        ):
            return False
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return False
        # Every body a parser will read is scanned; a longer one is refused by its owner before
        # parsing: the API's parser answers 413 over API_MAX_BODY_BYTES, and Django refuses
        # allauth's request.body over DATA_UPLOAD_MAX_MEMORY_SIZE.
        read_at_most = (
            settings.API_MAX_BODY_BYTES
            if request.path.startswith("/api/")
            else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        )
        if not 0 < length <= read_at_most:
            return False
        return json_depth_exceeds(request.body)


class HeadlessLoginLimitMiddleware:
    """allauth's headless login answers 400 `too_many_login_attempts` when an account has had
    too many wrong passwords; the app treats every other limit as 429 with Retry-After, so this
    one is too. The wait is the window of allauth's per-account limit, after which the failures
    that tripped it have all expired."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code != 400
            or not request.path.startswith(HEADLESS_PREFIX)
            or not response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        body = json.loads(response.content)
        if not any(e.get("code") == "too_many_login_attempts" for e in body.get("errors", [])):
            return response
        body["status"] = 429
        limited = JsonResponse(body, status=429)
        limited["Retry-After"] = str(settings.LOGIN_FAILED_WINDOW_SECONDS)
        for name, value in response.items():
            if name.lower() not in ("content-type", "content-length"):
                limited.setdefault(name, value)
        limited.cookies = response.cookies
        return limited


class CommonMiddleware(DjangoCommonMiddleware):
    """Django's CommonMiddleware, except that it never redirects an API address to add its
    slash: a client following that redirect would turn a POST into a GET and lose what it sent.
    The API answers such an address with a JSON 404 that names the right one (config.views)."""

    def should_redirect_with_slash(self, request) -> bool:
        if request.path_info.startswith("/api/"):
            return False
        return super().should_redirect_with_slash(request)


class ResolvedUserMiddleware:
    """`request.user` as the object it stands for, asked once, right after authentication.

    Django's stand-in is lazy, so that a request that never asks who is there pays nothing;
    but every page here asks (the header, the permissions), and every attribute read through
    the stand-in goes through a proxy: a thread page made about 460 such reads, 0.3-1 ms of
    its 8-10. Asking costs nothing more for a request without a session cookie (it is a
    visitor), and one session read for one with it, which the page would make anyway."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if isinstance(user, LazyObject):
            if user._wrapped is empty:
                user._setup()
            request.user = user._wrapped
        return self.get_response(request)
