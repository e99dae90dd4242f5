"""One error shape for every 4xx answer of the API:

    {"error": {"code": "invalid", "message": "Please correct the fields below.",
               "fields": {"body": ["Please write something before posting."]}}}

Services raise Django's PermissionDenied and ValidationError (and the moderation policy's
RateLimited and PersonalDataWarning); this turns each into its status and that shape, so the API
says exactly what the web pages say.
"""

from django.core.exceptions import BadRequest, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from core.api.exceptions import PayloadTooLarge, PersonalData, PostingTooFast
from core.errors import PersonalDataWarning, RateLimited


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def error_response(status_code: int, code: str, message: str) -> JsonResponse:
    """For answers made outside DRF's views: an unknown /api/ address, a server error."""
    return JsonResponse(error_body(code, message), status=status_code)


def headless_error_response(status_code: int, code: str, message: str) -> JsonResponse:
    """allauth's headless error shape, which the mobile sign-in reads for every other error."""
    return JsonResponse(
        {"status": status_code, "errors": [{"message": message, "code": code}]},
        status=status_code,
    )


def _from_django(exc: Exception) -> Exception:
    """Django's and the services' exceptions as DRF's, so DRF sets status and headers."""
    if isinstance(exc, Http404):
        return exceptions.NotFound(str(exc) or "Not found.")
    if isinstance(exc, RateLimited):
        posting = PostingTooFast(wait=exc.retry_after)
        posting.detail = str(exc)
        return posting
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or "You may not do that.")
    if isinstance(exc, PersonalDataWarning):
        return PersonalData(_validation_detail(exc))
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(_validation_detail(exc))
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge()
    if isinstance(exc, BadRequest):
        # Our own BadRequest: a page cursor that no page has, say.
        return exceptions.ValidationError(
            {"non_field_errors": [str(exc) or "The request could not be understood."]}
        )
    return exc


def _validation_detail(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in exc.message_dict.items()
        }
    return {"non_field_errors": exc.messages}


def _flatten(detail) -> list[str]:
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _flatten(value)]
    if isinstance(detail, list):
        return [message for value in detail for message in _flatten(value)]
    return [str(detail)]


def _fields(detail: dict) -> dict[str, list[str]]:
    """Each field's messages, nested fields named with dots ("regions.0")."""
    fields = {}
    for name, value in detail.items():
        if isinstance(value, dict):
            for inner, messages in _fields(value).items():
                fields[f"{name}.{inner}"] = messages
        else:
            fields[str(name)] = _flatten(value)
    return fields


def exception_handler(exc, context):
    exc = _from_django(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real failure: Django's 500 handler answers, in JSON under /api/
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        general = _flatten(detail.pop("non_field_errors", []))
        fields = _fields(detail)
        message = " ".join(general) or "Please correct the fields below."
        code = exc.default_code if isinstance(exc, PersonalData) else "invalid"
        if code == "personal_data":
            message += ' Send it again with "confirm_personal_data": true to post it anyway.'
        response.data = error_body(code, message, fields)
        return response
    code = getattr(exc.detail, "code", None) or exc.default_code
    message = str(exc.detail)
    if isinstance(exc, exceptions.Throttled) and not isinstance(exc, PostingTooFast):
        message = f"Too many requests. Please wait {exc.wait:.0f} seconds and try again."
    response.data = error_body(code, message)
    return response
