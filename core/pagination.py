"""Keyset (cursor) pagination: page 1,000 costs what page 1 does, and new posts never shift a page.

A cursor is an opaque token naming the row a page starts after (or ends before). The ordering
must end in a unique key (the id), so every row has exactly one place. Cursors are signed: only
the site makes them, so the pages they name are the pages the site links to (visitors' pages
are cached by address, core.pagecache, and a made-up cursor would be a new address each time).
"""

import base64
import binascii
import datetime
import json
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.exceptions import BadRequest, ValidationError
from django.db.models import Q, QuerySet


@dataclass(frozen=True)
class KeysetPage:
    items: list
    next_cursor: str | None
    previous_cursor: str | None

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_cursor or self.previous_cursor)


def _encode(direction: str, row: Any, keys: tuple[str, ...]) -> str:
    values = [getattr(row, key.lstrip("-")) for key in keys]
    values = [v.isoformat() if hasattr(v, "isoformat") else v for v in values]
    payload = json.dumps([direction, values])
    return _SIGNER.sign(base64.urlsafe_b64encode(payload.encode()).decode().rstrip("="))


def cursor_after(row: Any, keys: tuple[str, ...]) -> str:
    """The cursor of the page that starts just after `row`."""
    return _encode("after", row, keys)


# A real cursor is well under this; a longer one is hand-made, and decoding it costs work.
MAX_CURSOR_LENGTH = 300
# "." is not in URL-safe base64, so it parts the payload from its signature.
_SIGNER = signing.Signer(salt="core.pagination.cursor", sep=".")


def _decode(cursor: str, queryset: QuerySet, keys: tuple[str, ...]) -> tuple[str, list]:
    try:
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError("cursor too long")
        payload = _SIGNER.unsign(cursor)
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        direction, values = json.loads(raw)
        if direction not in {"after", "before"} or len(values) != len(keys):
            raise ValueError
        fields = [queryset.model._meta.get_field(key.lstrip("-")) for key in keys]
        pairs = zip(fields, values, strict=True)
        return direction, [_key_value(field, value) for field, value in pairs]
    except (
        ValueError,
        TypeError,
        OverflowError,
        RecursionError,
        binascii.Error,
        UnicodeDecodeError,
        ValidationError,
        signing.BadSignature,
    ) as error:
        raise BadRequest("That page link is not valid. Go back to the first page.") from error


def _key_value(field, value: Any) -> Any:
    """One key of a cursor as the database will compare it. A value no page could have is refused
    here, so a hand-edited link (null, Infinity, year 0001 at +14:00) gets a 400, not a 500."""
    value = field.to_python(value)
    if value is None:
        raise ValueError("A cursor key is never empty.")
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise ValueError("Cursor times carry their offset.")
        value = value.astimezone(datetime.UTC)
    return value


def _beyond(keys: tuple[str, ...], values: list, forward: bool) -> Q:
    """Rows strictly after `values` in the ordering `keys` (or strictly before, if not forward)."""
    condition = Q(pk__in=[])
    for index, key in enumerate(keys):
        name = key.lstrip("-")
        descending = key.startswith("-")
        lookup = "lt" if descending == forward else "gt"
        equal_so_far = Q(**{keys[i].lstrip("-"): values[i] for i in range(index)})
        condition |= equal_so_far & Q(**{f"{name}__{lookup}": values[index]})
    return condition


def _reverse(keys: tuple[str, ...]) -> list[str]:
    return [key[1:] if key.startswith("-") else f"-{key}" for key in keys]


def keyset_paginate(
    queryset: QuerySet, *, keys: tuple[str, ...], cursor: str | None, size: int
) -> KeysetPage:
    """One page of `queryset` in the order `keys`, with cursors for its neighbours. One query."""
    if not cursor:
        rows = list(queryset.order_by(*keys)[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        return KeysetPage(
            items=rows,
            next_cursor=_encode("after", rows[-1], keys) if more else None,
            previous_cursor=None,
        )
    direction, values = _decode(cursor, queryset, keys)
    forward = direction == "after"
    window = queryset.filter(_beyond(keys, values, forward))
    window = window.order_by(*keys) if forward else window.order_by(*_reverse(keys))
    rows = list(window[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if not forward:
        rows.reverse()
    if not rows:
        return KeysetPage(items=[], next_cursor=None, previous_cursor=None)
    # Moving forward we came from a page, so there is one before; moving back, one after.
    next_cursor = _encode("after", rows[-1], keys) if (more or not forward) else None
    previous_cursor = _encode("before", rows[0], keys) if (forward or more) else None
    return KeysetPage(items=rows, next_cursor=next_cursor, previous_cursor=previous_cursor)
