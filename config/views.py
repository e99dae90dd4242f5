"""Site-wide views: the liveness check and error pages that explain themselves."""

from django.core.exceptions import BadRequest
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from config.api.errors import error_response


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _error_page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(
        request, "error.html", {"title": title, "message": message, "status": status}, status=status
    )


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return error_response(400, "bad_request", str(exception) or "The request is not valid.")
    # Our own BadRequest errors (a garbled page link, say) carry a message meant for the member.
    if isinstance(exception, BadRequest) and str(exception):
        return _error_page(request, 400, "That link does not work", str(exception))
    return _error_page(request, 400, "Bad request", "The request could not be understood.")


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return error_response(403, "permission_denied", str(exception) or "You may not do that.")
    message = str(exception) if exception and str(exception) else "You may not do that."
    return _error_page(request, 403, "Not allowed", message)


def _resolves(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        message = "There is no such address in the API."
        if not request.path.endswith("/") and _resolves(f"{request.path}/"):
            message += f" Did you mean {request.path}/ (API addresses end with a slash)?"
        return error_response(404, "not_found", message)
    return _error_page(
        request, 404, "Page not found", "We could not find that page. It may have been moved."
    )


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return error_response(500, "server_error", "Something went wrong on our side. Try again.")
    return render(request, "500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error_page(
        request,
        403,
        "Your form expired",
        "The form was sent without its security token, so nothing was saved. "
        "Go back, reload the page and send it again; your text may still be in the form.",
    )
