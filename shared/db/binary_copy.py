"""Rows encoded in PostgreSQL's binary COPY format here, for tables asyncpg encodes slowly.

asyncpg checks every element of a text array against two ABCs before encoding it; a search
row's ≈45 audience tokens made up most of the time its COPY took. The encoders below write the
same bytes asyncpg would (the server stores the same values) and cache encoded array elements,
which come from a small vocabulary (tokens, topics, languages, codes).
"""

from __future__ import annotations

import asyncio
import struct
import uuid
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)  # signature, flags, no extension
TRAILER = struct.pack(">h", -1)
NULL = struct.pack(">i", -1)
TEXT_OID = 25
# Flushed to the server in chunks about this size, so it works on the first rows meanwhile.
CHUNK_BYTES = 1 << 18

_LENGTH = struct.Struct(">i")
_FIELDS = struct.Struct(">h")
_INT2 = struct.Struct(">ih")
_INT8 = struct.Struct(">iq")
_FLOAT8 = struct.Struct(">id")
_ARRAY = struct.Struct(">iiiiii")  # length, dimensions, has-nulls, element type, size, lower bound
_EMPTY_TEXT_ARRAY = struct.pack(">iiii", 12, 0, 0, TEXT_OID)
_TRUE = _LENGTH.pack(1) + b"\x01"
_FALSE = _LENGTH.pack(1) + b"\x00"
_UUID_LENGTH = _LENGTH.pack(16)
_PG_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)

Encoder = Callable[[Any], bytes]


def uuid_field(value: uuid.UUID) -> bytes:
    return _UUID_LENGTH + value.bytes


def text_field(value: str) -> bytes:
    data = value.encode()
    return _LENGTH.pack(len(data)) + data


def int2_field(value: int) -> bytes:
    return _INT2.pack(2, value)


def int8_field(value: int) -> bytes:
    return _INT8.pack(8, value)


def float8_field(value: float) -> bytes:
    return _FLOAT8.pack(8, value)


def bool_field(value: bool) -> bytes:
    return _TRUE if value else _FALSE


def timestamptz_field(value: datetime) -> bytes:
    """Microseconds since 2000-01-01 UTC; `value` must be timezone-aware."""
    return _INT8.pack(8, (value - _PG_EPOCH) // _MICROSECOND)


def jsonb_field(value: str) -> bytes:
    data = value.encode()
    return _LENGTH.pack(len(data) + 1) + b"\x01" + data  # jsonb's binary form: version 1, the text


@lru_cache(maxsize=1 << 16)
def _text_element(value: str) -> bytes:
    return text_field(value)


def text_array_field(values: Sequence[str]) -> bytes:
    """A one-dimensional text[] without NULLs."""
    if not values:
        return _EMPTY_TEXT_ARRAY
    elements = b"".join([_text_element(v) for v in values])
    return _ARRAY.pack(20 + len(elements), 1, 0, TEXT_OID, len(values), 1) + elements


def row(encoders: Sequence[Encoder], values: Sequence[Any]) -> bytes:
    """One tuple; None is NULL in any column."""
    return _FIELDS.pack(len(encoders)) + b"".join(
        [NULL if v is None else encode(v) for encode, v in zip(encoders, values, strict=True)])


def copy_data(encoders: Sequence[Encoder], records: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """The whole COPY stream (header, tuples, trailer) in chunks of about CHUNK_BYTES."""
    chunk = [HEADER]
    size = 0
    for record in records:
        encoded = row(encoders, record)
        chunk.append(encoded)
        size += len(encoded)
        if size >= CHUNK_BYTES:
            yield b"".join(chunk)
            chunk, size = [], 0
    chunk.append(TRAILER)
    yield b"".join(chunk)


async def copy_source(encoders: Sequence[Encoder], records: Iterable[Sequence[Any]]) -> AsyncIterator[bytes]:
    """`copy_data` as asyncpg's copy_to_table reads it (bytes alone would be taken for a path).

    Each chunk is made in a worker thread: deriving and encoding rows is CPU work that would
    otherwise hold the event loop, and with it every other request of the process."""
    chunks = copy_data(encoders, records)
    while (chunk := await asyncio.to_thread(next, chunks, None)) is not None:
        yield chunk
