"""Rows COPY'd through our binary encoders are stored as asyncpg's own encoding stores them."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import asyncpg
import numpy as np

from shared.db import binary_copy as b
from shared.db import columnar_copy as c

COLUMNS = {"u": "uuid", "t": "text", "i8": "bigint", "f8": "float8", "i2": "smallint",
           "ts": "timestamptz", "flag": "boolean", "a": "text[]", "j": "jsonb"}
ENCODERS = (b.uuid_field, b.text_field, b.int8_field, b.float8_field, b.int2_field,
            b.timestamptz_field, b.bool_field, b.text_array_field, b.jsonb_field)
RECORDS: list[tuple[Any, ...]] = [
    (uuid.uuid4(), "ana", 0, 0.0, 0, datetime(2025, 6, 1, 12, 30, tzinfo=UTC), False, [], "{}"),
    (uuid.uuid4(), "Zoë 🎬 ünïcode", 2**62, 1e-300, -32768,
     datetime(1999, 12, 31, 23, 59, 59, 999_999, tzinfo=timezone(timedelta(hours=-5))), True,
     ["country:DE:0", "country:DE:10", "city:münchen:0", ""], '{"prices": [{"a": 1.5, "ü": null}]}'),
    (uuid.uuid4(), "", -1, -2.5, 32767, datetime(1970, 1, 1, tzinfo=UTC), True, ["x"] * 300,
     '["deep", {"k": [1, 2, {"z": true}]}]'),
    (uuid.uuid4(), None, None, None, None, None, None, None, None),
]


async def _stored(conn: asyncpg.Connection, table: str) -> list[tuple[Any, ...]]:
    rows = await conn.fetch(f"SELECT {', '.join(COLUMNS)} FROM {table} ORDER BY u")
    return [tuple(r.values()) for r in rows]


async def test_binary_copy_stores_what_asyncpg_stores(database_url: str) -> None:
    conn = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        definition = ", ".join(f"{name} {kind}" for name, kind in COLUMNS.items())
        for table in ("by_asyncpg", "by_us"):
            await conn.execute(f"CREATE TEMP TABLE {table} ({definition})")
        await conn.copy_records_to_table("by_asyncpg", records=RECORDS, columns=list(COLUMNS))
        await conn.copy_to_table("by_us", source=b.copy_source(ENCODERS, RECORDS), columns=list(COLUMNS),
                                 format="binary")
        assert await _stored(conn, "by_us") == await _stored(conn, "by_asyncpg")
        assert len(await _stored(conn, "by_us")) == len(RECORDS)
    finally:
        await conn.close()


def test_rows_are_flushed_in_chunks_that_together_form_one_copy_stream() -> None:
    records = [RECORDS[2]] * 200  # 300 elements of 5 bytes each: ≈1.5 kB per row
    chunks = list(b.copy_data(ENCODERS, records))
    assert len(chunks) > 1
    whole = b"".join(chunks)
    assert whole.startswith(b.HEADER) and whole.endswith(b.TRAILER)
    assert whole == b.HEADER + b"".join(b.row(ENCODERS, r) for r in records) + b.TRAILER


async def test_columns_encoded_at_once_store_what_asyncpg_stores(database_url: str) -> None:
    ids = [uuid.uuid4() for _ in range(5)]
    moments = [datetime(2026, 5, 1, tzinfo=UTC) + timedelta(hours=h) for h in (0, 1, 2, 3, 4)]
    counts = [5, None, 2**62, 0, None]
    floats = [0.5, None, -1e-300, None, 2.0]
    labels = ["imported", "connector", "imported", "", "imported"]
    flags: list[list[str]] = [[], ["likes"], [], ["views", "shares"], []]
    days = [date(2026, 5, 1), date(1999, 12, 31), date(2026, 5, 2), date(2026, 5, 3), date(2000, 1, 1)]
    records = list(zip(ids, moments, counts, floats, labels, flags, days, strict=True))
    table = {"u": "uuid", "ts": "timestamptz", "i8": "bigint", "f8": "float8", "t": "text",
             "a": "text[]", "d": "date"}
    label_values, flag_values = sorted(set(labels)), [[], ["likes"], ["views", "shares"]]
    columns = [
        c.Column("uuid", c.uuid_bytes(ids)),
        c.Column("timestamptz", np.array([(m - c.PG_EPOCH) // timedelta(microseconds=1) for m in moments])),
        c.Column("int8", np.array([v or 0 for v in counts]), np.array([v is None for v in counts])),
        c.Column("float8", np.array([v or 0.0 for v in floats]), np.array([v is None for v in floats])),
        c.text_column(np.array([label_values.index(v) for v in labels]), label_values),
        c.text_array_column(np.array([flag_values.index(v) for v in flags]), flag_values),
        c.Column("date", np.array([(d - c.PG_EPOCH_DATE).days for d in days], dtype=np.int32)),
    ]
    conn = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        definition = ", ".join(f"{name} {kind}" for name, kind in table.items())
        for name in ("by_asyncpg", "by_columns"):
            await conn.execute(f"CREATE TEMP TABLE {name} ({definition})")
        await conn.copy_records_to_table("by_asyncpg", records=records, columns=list(table))
        await conn.copy_to_table("by_columns", source=io.BytesIO(c.encode(columns, len(ids))),
                                 columns=list(table), format="binary")
        query = "SELECT {} FROM {} ORDER BY u"
        stored = [await conn.fetch(query.format(", ".join(table), name))
                  for name in ("by_asyncpg", "by_columns")]
        assert [tuple(r.values()) for r in stored[1]] == [tuple(r.values()) for r in stored[0]]
        assert len(stored[1]) == 5
    finally:
        await conn.close()
