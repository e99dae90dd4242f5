"""The API's own exceptions, apart from the handler (core/api/errors.py): DRF's settings import
the parser, which raises one of these, while DRF's views are still being imported."""

from rest_framework import exceptions, status


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "payload_too_large"


class PostingTooFast(exceptions.Throttled):
    default_code = "rate_limited"


class PersonalData(exceptions.ValidationError):
    default_code = "personal_data"
