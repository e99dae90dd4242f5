"""Site-wide views: the health check and error pages that explain themselves."""

import sys

from django.core.cache import cache
from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core.api.errors import error_response, headless_error_response

# What a database or a cache that is unavailable for a while looks like: a connection refused,
# lost or timed out, a statement cancelled by the timeout, a read-only or full SQLite file. Other
# database errors (an integrity error, bad data) are bugs, answered as such with a 500.
UNAVAILABLE = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)

# Seconds a client is asked to wait before trying again after a 503.
RETRY_AFTER_UNAVAILABLE = 30


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except UNAVAILABLE:
        return False
    return True


def _cache_ok() -> bool:
    # A read proves the cache answers, and writes nothing each time a monitor asks.
    try:
        cache.get("healthz")
    except UNAVAILABLE:
        return False
    return True


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the cache answer; 503 naming each part that does not."""
    parts = {
        "database": "ok" if _database_ok() else "unavailable",
        "cache": "ok" if _cache_ok() else "unavailable",
    }
    healthy = all(state == "ok" for state in parts.values())
    response = JsonResponse({"status": "ok" if healthy else "error", **parts})
    if not healthy:
        response.status_code = 503
        response["Retry-After"] = str(RETRY_AFTER_UNAVAILABLE)
    return response


def machine_answer(request: HttpRequest, status: int, code: str, message: str):
    """The error in the shape the client of that address reads: the API's under /api/,
    allauth's headless shape under /_allauth/ (the mobile sign-in); None for a web page."""
    if request.path.startswith("/api/"):
        return error_response(status, code, message)
    if request.path.startswith("/_allauth/"):
        return headless_error_response(status, code, message)
    return None


def _error_page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(
        request, "error.html", {"title": title, "message": message, "status": status}, status=status
    )


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    answer = machine_answer(
        request, 400, "bad_request", str(exception) or "The request is not valid."
    )
    if answer is not None:
        return answer
    # Our own BadRequest errors (a garbled page link, say) carry a message meant for the member.
    if isinstance(exception, BadRequest) and str(exception):
        return _error_page(request, 400, "That link does not work", str(exception))
    return _error_page(request, 400, "Bad request", "The request could not be understood.")


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    answer = machine_answer(
        request, 403, "permission_denied", str(exception) or "You may not do that."
    )
    if answer is not None:
        return answer
    message = str(exception) if exception and str(exception) else "You may not do that."
    return _error_page(request, 403, "Not allowed", message)


def _resolves(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        message = "There is no such address in the API."
        if not request.path.endswith("/") and _resolves(f"{request.path}/"):
            message += f" Did you mean {request.path}/ (API addresses end with a slash)?"
        return error_response(404, "not_found", message)
    answer = machine_answer(request, 404, "not_found", "There is no such address.")
    if answer is not None:
        return answer
    return _error_page(
        request, 404, "Page not found", "We could not find that page. It may have been moved."
    )


def unavailable(request: HttpRequest) -> HttpResponse:
    """503: the database or the cache did not answer in time. Made without touching either
    (no session, no member, no header counts), so it can always be shown."""
    response = machine_answer(
        request,
        503,
        "unavailable",
        "The service is unavailable for a moment. Try again in a minute.",
    ) or HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_UNAVAILABLE)
    return response


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while it handles the exception, from any view or middleware: a database
    # or cache that did not answer is a 503 with its own page, whatever raised it.
    if isinstance(sys.exc_info()[1], UNAVAILABLE):
        return unavailable(request)
    answer = machine_answer(
        request, 500, "server_error", "Something went wrong on our side. Try again."
    )
    return answer or render(request, "500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error_page(
        request,
        403,
        "Your form expired",
        "The form was sent without its security token, so nothing was saved. "
        "Go back, reload the page and send it again; your text may still be in the form.",
    )
