"""Keyset pagination: opaque cursors, `limit` ≤ 200, stable order, `next_cursor`."""

from __future__ import annotations

import base64
import binascii
import uuid
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

import orjson
from fastapi import Query
from pydantic import BaseModel, Field

from shared.http.problems import ProblemError

T = TypeVar("T")
MAX_LIMIT = 200


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` for the next page; null on the last page"
    )


class PageParams(BaseModel):
    limit: int
    after: list[Any] | None


def encode_cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(values, default=str)).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = orjson.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, orjson.JSONDecodeError, ValueError) as exc:
        raise _bad_cursor() from exc
    if not isinstance(values, list):
        raise _bad_cursor()
    return values


def _bad_cursor() -> ProblemError:
    return ProblemError(400, "Invalid cursor", "the cursor is not one this API issued",
                        "invalid-cursor")


def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size")] = 50,
    cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page")] = None,
) -> PageParams:
    return PageParams(limit=limit, after=decode_cursor(cursor) if cursor else None)


def make_page(rows: list[T], limit: int, key: Any) -> Page[T]:
    """`rows` holds up to limit + 1 items; the extra one only says another page exists."""
    has_more = len(rows) > limit
    items = rows[:limit]
    next_cursor = encode_cursor(key(items[-1])) if has_more and items else None
    return Page[T](items=items, next_cursor=next_cursor)


def uuid_after(page: PageParams) -> uuid.UUID | None:
    """The id after which a page keyed by a single UUID starts."""
    if page.after is None:
        return None
    try:
        (value,) = page.after
        return uuid.UUID(str(value))
    except (ValueError, TypeError) as exc:
        raise _bad_cursor() from exc


def text_after(page: PageParams) -> str | None:
    """The value after which a page keyed by a single string starts."""
    if page.after is None:
        return None
    if len(page.after) != 1 or not isinstance(page.after[0], str):
        raise _bad_cursor()
    return page.after[0]


def int_after(page: PageParams) -> int | None:
    """The value after which a page keyed by a single integer starts."""
    if page.after is None:
        return None
    if len(page.after) != 1 or type(page.after[0]) is not int:
        raise _bad_cursor()
    return page.after[0]


def timestamp_text_after(page: PageParams) -> tuple[datetime, str] | None:
    """The (timestamp, string) after which a page keyed by both starts."""
    if page.after is None:
        return None
    try:
        moment, value = page.after
        parsed = datetime.fromisoformat(moment)
    except (ValueError, TypeError) as exc:
        raise _bad_cursor() from exc
    if parsed.tzinfo is None or not isinstance(value, str):
        raise _bad_cursor()
    return parsed, value
