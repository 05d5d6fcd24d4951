"""Whole columns encoded in PostgreSQL's binary COPY format at once, with numpy.

Encoding rows one at a time (asyncpg's encoder, or `binary_copy.row`) costs microseconds per
field, which dominates an import of millions of narrow rows. Here each column is a numpy array
and a batch is encoded a few array operations per column: rows that share a layout (the same
columns NULL, the same value of each categorical column) are one numpy structured array whose
bytes are the rows' COPY tuples. Rows come out grouped by layout: COPY does not care about order.

`Tuples` encodes a stream a chunk of rows at a time as it is sent: the server parses one chunk
while the next is encoded, and a batch is never held encoded whole.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from shared.db.binary_copy import HEADER, TRAILER, text_array_field

PG_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
PG_EPOCH_DATE = date(2000, 1, 1)
# The payload of each fixed-size kind, as the server reads it (big-endian).
_PAYLOADS = {"uuid": "V16", "int8": ">i8", "int2": ">i2", "float8": ">f8", "timestamptz": ">i8",
             "date": ">i4", "bool": "u1"}


@dataclass(frozen=True)
class Column:
    """One column of a batch: `values` (uuid: n×16 uint8 bytes; timestamptz: microseconds since
    2000-01-01 UTC; date: days since 2000-01-01; the others as their numpy kind), or for `text`
    and `text[]` the index of each row's value in `categories`. `null` marks NULLs."""

    kind: str
    values: npt.NDArray[Any]
    null: npt.NDArray[np.bool_] | None = None
    categories: Sequence[bytes] | None = None  # categorical kinds: each value's encoded payload


def text_column(codes: npt.NDArray[Any], values: Sequence[str]) -> Column:
    return Column("text", codes, None, [v.encode() for v in values])


def text_array_column(codes: npt.NDArray[Any], values: Sequence[Sequence[str]]) -> Column:
    return Column("text[]", codes, None, [text_array_field(v)[4:] for v in values])


def uuid_bytes(ids: Sequence[Any]) -> npt.NDArray[np.uint8]:
    """n×16 bytes of UUIDs (uuid.UUID or asyncpg's), for a `uuid` column."""
    return np.frombuffer(b"".join(i.bytes for i in ids), dtype=np.uint8).reshape(len(ids), 16)


# Rows encoded per chunk of a `Tuples` stream (~1.4 MB of post_metrics_daily's tuples): the socket
# holds about that much, so the server has a chunk to parse while the next one is encoded. On
# bench/tracking.py's million rows, 16,384 took ~7.6 s and 1,024 ~8.1 s (per-chunk costs), 4,096 6.3–7.6 s.
CHUNK_ROWS = 4_096


@dataclass(frozen=True)
class Tuples:
    """A COPY stream of `count` tuples, encoded chunk by chunk as it is read."""

    columns: Sequence[Column]
    count: int

    def chunks(self) -> Iterator[bytes]:
        """Header, tuples and trailer, a chunk of rows of one layout at a time."""
        yield HEADER
        if self.count:
            layouts = _layout_keys(self.columns, self.count)
            order = np.argsort(layouts, kind="stable")
            bounds = np.flatnonzero(np.diff(layouts[order])) + 1
            for rows in np.split(order, bounds):
                for start in range(0, len(rows), CHUNK_ROWS):
                    yield _encode_group(self.columns, rows[start:start + CHUNK_ROWS])
        yield TRAILER

    async def stream(self) -> AsyncIterator[bytes]:
        """`chunks` for asyncpg's COPY, which sends each before asking for the next."""
        for chunk in self.chunks():
            yield chunk


def encode(columns: Sequence[Column], count: int) -> bytes:
    """The whole COPY stream (header, `count` tuples, trailer)."""
    return b"".join(Tuples(columns, count).chunks())


def _layout_keys(columns: Sequence[Column], count: int) -> npt.NDArray[np.int64]:
    keys = np.zeros(count, dtype=np.int64)
    radix = 1
    for column in columns:
        if column.null is not None:
            keys += column.null.astype(np.int64) * radix
            radix *= 2
        if column.categories is not None:
            keys += column.values.astype(np.int64) * radix
            radix *= max(1, len(column.categories))
    return keys


def _encode_group(columns: Sequence[Column], rows: npt.NDArray[np.intp]) -> bytes:
    """Rows of one layout: one structured array, whose bytes are their tuples."""
    first = rows[0]
    fields: list[tuple[str, str]] = [("n", ">i2")]
    sizes: list[int | None] = []  # payload size of each column in this layout; None = NULL
    for i, column in enumerate(columns):
        fields.append((f"l{i}", ">i4"))
        if column.null is not None and column.null[first]:
            sizes.append(None)
            continue
        if column.categories is not None:
            size = len(column.categories[int(column.values[first])])
            if size:
                fields.append((f"v{i}", f"V{size}"))
        else:
            size = np.dtype(_PAYLOADS[column.kind]).itemsize
            fields.append((f"v{i}", _PAYLOADS[column.kind]))
        sizes.append(size)
    tuples = np.empty(len(rows), dtype=np.dtype(fields))
    tuples["n"] = len(columns)
    for i, (column, payload) in enumerate(zip(columns, sizes, strict=True)):
        tuples[f"l{i}"] = -1 if payload is None else payload
        if not payload:
            continue
        if column.categories is not None:
            tuples[f"v{i}"] = np.void(column.categories[int(column.values[first])])
        elif column.kind == "uuid":
            tuples[f"v{i}"] = column.values[rows].view("V16").ravel()
        else:
            tuples[f"v{i}"] = column.values[rows]
    return tuples.tobytes()
