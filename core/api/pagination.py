"""Cursor pages for the API, over the keyset pagination the web pages use: page 1,000 costs what
page 1 does, and new posts never shift a page under a reader."""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from django.conf import settings
from django.core.exceptions import BadRequest
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from core.pagination import KeysetPage

PAGE_PARAMETERS = [
    OpenApiParameter(
        "cursor",
        OpenApiTypes.STR,
        description="The `next` or `previous` cursor of an earlier page; leave out for the first.",
    ),
    OpenApiParameter(
        "page_size",
        {"type": "integer", "minimum": 1, "maximum": settings.API_MAX_PAGE_SIZE},
        description=f"Items on a page, 1 to {settings.API_MAX_PAGE_SIZE} (default "
        f"{settings.API_PAGE_SIZE}).",
    ),
]


def page_size(request) -> int:
    raw = request.query_params.get("page_size")
    if raw is None:
        return settings.API_PAGE_SIZE
    if not raw.isdigit() or not 1 <= int(raw) <= settings.API_MAX_PAGE_SIZE:
        raise ValidationError(
            {"page_size": [f"Must be a whole number from 1 to {settings.API_MAX_PAGE_SIZE}."]}
        )
    return int(raw)


def cursor(request) -> str | None:
    return request.query_params.get("cursor") or None


@contextmanager
def reading_cursor() -> Iterator[None]:
    """Around a selector's page: a cursor no page has is a 400 naming `cursor`, as a bad
    `page_size` names `page_size`, so the app knows to start again from the first page."""
    try:
        yield
    except BadRequest as error:
        raise ValidationError({"cursor": [str(error)]}) from error


def page_response(request, page: KeysetPage, serializer_class, context: dict | None = None):
    url = request.build_absolute_uri()

    def link(value: str | None) -> str | None:
        return replace_query_param(url, "cursor", value) if value else None

    items = serializer_class(page.items, many=True, context={"request": request, **(context or {})})
    return Response(
        {
            "results": items.data,
            "next": link(page.next_cursor),
            "previous": link(page.previous_cursor),
        }
    )


@cache
def paged(item_serializer: type[serializers.Serializer]) -> type[serializers.Serializer]:
    """The schema of a page of `item_serializer`s."""
    name = item_serializer.__name__.removesuffix("Serializer")
    return type(
        f"{name}Page",
        (serializers.Serializer,),
        {
            "results": item_serializer(many=True),
            "next": serializers.URLField(allow_null=True, help_text="The next page, if any."),
            "previous": serializers.URLField(
                allow_null=True, help_text="The previous page, if any."
            ),
        },
    )
