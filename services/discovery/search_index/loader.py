"""Reads rows of `account_search` into a segment (rows.py says how)."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
import numpy as np

from services.discovery.search_index import rows as sql
from services.discovery.search_index.binary import array, copy_rows
from services.discovery.search_index.grouped import Grouped, from_groups
from services.discovery.search_index.labels import Labels
from services.discovery.search_index.labels import from_groups as labels_from
from services.discovery.search_index.segment import Segment, assemble

FIGURES = [("account_high", ">u8"), ("account_low", ">u8"), ("influencer_high", ">u8"),
           ("influencer_low", ">u8"), ("followers", ">i8"), ("engagement_rate", ">f8"),
           ("growth_30d", ">f8"), ("authenticity", ">f8"), ("last_posted_at", ">f8"),
           ("has_contact", "u1"), ("written_by", ">i8"), ("trigram_count", ">i4")]
LABELS = ("platform", "tier", "country", "account_type", "city")
LISTS = ("topics", "languages", "causes", "flags", "brands", "lexemes", "trigrams")
ENTRIES = ("audience", "prices", "prices_by_currency")


def _fields() -> list[tuple[str, str]]:
    """COPY sends a uuid as one 16-byte field: read it as two halves of one field."""
    fields: list[tuple[str, str]] = []
    for name, kind in FIGURES:
        if name.endswith("_low"):
            continue
        fields.append((name, "V16" if name.endswith("_high") else kind))
    return fields


async def _figures(connection: asyncpg.Connection, rows: str, args: tuple[Any, ...]) -> dict[str, Any]:
    chunks: list[bytes] = []

    async def collect(chunk: bytes) -> None:
        chunks.append(chunk)

    await connection.copy_from_query(sql.figures(rows), *args, output=collect, format="binary")
    table = copy_rows(b"".join(chunks), _fields())
    columns: dict[str, Any] = {}
    for name, kind in FIGURES:
        if name.endswith("_high"):
            pairs = np.frombuffer(table[name].tobytes(), dtype=">u8").reshape(-1, 2).astype(np.uint64)
            columns[name], columns[name.replace("_high", "_low")] = pairs[:, 0].copy(), pairs[:, 1].copy()
        elif not name.endswith("_low"):
            columns[name] = table[name].astype(np.dtype(kind).newbyteorder("="))
    return columns


async def _labels(connection: asyncpg.Connection, name: str, rows: str, args: tuple[Any, ...],
                  size: int) -> Labels:
    found = await connection.fetch(sql.grouped(name, rows), *args)
    return labels_from(size, ((label, array(positions, ">i4")) for label, positions in found))


async def _list(connection: asyncpg.Connection, name: str, rows: str, args: tuple[Any, ...]) -> Grouped:
    found = await connection.fetch(sql.grouped(name, rows), *args)
    return from_groups([(value, array(positions, ">i4"), None) for value, positions in found])


async def _entries(connection: asyncpg.Connection, name: str, rows: str, args: tuple[Any, ...]) -> Grouped:
    found = await connection.fetch(sql.grouped_entries(name, rows), *args)
    return from_groups([(value, array(positions, ">i4"), array(numbers, ">f8"))
                   for value, positions, numbers in found])


async def load(connection: asyncpg.Connection, workspace_id: uuid.UUID, since: int | None = None) -> Segment:
    """The workspace's rows, or those written at or past `since`; the caller holds one
    snapshot (REPEATABLE READ) across the queries, so their row numbers agree."""
    rows, args = (sql.ALL, (workspace_id,)) if since is None else (sql.WRITTEN_SINCE, (workspace_id, since))
    columns = await _figures(connection, rows, args)
    size = len(columns["followers"])
    labels = {name: await _labels(connection, name, rows, args, size) for name in LABELS}
    groups = {name: await _list(connection, name, rows, args) for name in LISTS}
    groups |= {name: await _entries(connection, name, rows, args) for name in ENTRIES}
    return assemble(size, columns, labels, groups)
