"""Reads rows of `account_search` into a segment (rows.py says how)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import asyncpg
import numpy as np
import numpy.typing as npt

from services.discovery.search.index import rows as sql
from services.discovery.search.index.binary import arrays, copy_rows
from services.discovery.search.index.grouped import NO_ROWS, Rows, from_groups
from services.discovery.search.index.labels import from_groups as labels_from
from services.discovery.search.index.segment import Segment, assemble

FIGURES = [("account_high", ">u8"), ("account_low", ">u8"), ("influencer_high", ">u8"),
           ("influencer_low", ">u8"), ("followers", ">i8"), ("engagement_rate", ">f8"),
           ("growth_30d", ">f8"), ("authenticity", ">f8"), ("last_posted_at", ">f8"),
           ("has_contact", "u1"), ("written_by", ">i8")]
LABELS = ("platform", "tier", "country", "account_type", "city")
LISTS = ("topics", "languages", "causes", "flags", "brands", "trigrams")
ENTRIES = ("audience", "prices", "prices_by_currency", "lexemes")
Query = Callable[[asyncpg.Connection], Awaitable[Any]]


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
    return await asyncio.to_thread(_columns, b"".join(chunks))


def _columns(data: bytes) -> dict[str, Any]:
    table = copy_rows(data, _fields())
    columns: dict[str, Any] = {}
    for name, kind in FIGURES:
        if name.endswith("_high"):
            pairs = np.frombuffer(table[name].tobytes(), dtype=">u8").reshape(-1, 2).astype(np.uint64)
            columns[name], columns[name.replace("_high", "_low")] = pairs[:, 0].copy(), pairs[:, 1].copy()
        elif not name.endswith("_low"):
            columns[name] = table[name].astype(np.dtype(kind).newbyteorder("="))
    return columns


def _by_name(found: list[Any]) -> dict[str, list[Any]]:
    named: dict[str, list[Any]] = {}
    for record in found:
        named.setdefault(record[0], []).append(record)
    return named


def _parts(records: list[Any]) -> tuple[list[str], Rows, npt.NDArray[np.int64]]:
    """A name's values, their rows (one array after another) and how many each has."""
    if not records:
        return [], NO_ROWS, np.zeros(0, dtype=np.int64)
    rows, counts = arrays([r[2] for r in records], ">i4")
    return [r[1] for r in records], rows, counts


async def load(connections: Sequence[asyncpg.Connection], workspace_id: uuid.UUID,
               since: tuple[int, Sequence[int]] | None = None) -> Segment:
    """The workspace's rows, or those written at or past a horizon by other transactions than
    the ones held (`since`: the horizon and those ids, see rows.py). The caller holds
    `connections` in one snapshot (REPEATABLE READ, exported to the others), so that the row
    numbers of the queries agree: on one connection they run in turn, on several at once."""
    rows, args = (sql.ALL, (workspace_id,)) if since is None else (
        sql.WRITTEN_SINCE, (workspace_id, since[0], list(since[1])))
    for connection in connections:
        await connection.execute(sql.LOAD_SETTINGS)
    # The quick figures first: their connection reads the lexemes next, as long as either
    # other query alone.
    queries: list[Query] = [
        lambda c: _figures(c, rows, args), lambda c: c.fetch(sql.grouped(rows), *args),
        lambda c: c.fetch(sql.grouped_entries(rows), *args), lambda c: c.fetch(sql.lexemes(rows), *args)]
    results = await _shared_out(connections, queries)
    # Building the columns is CPU work (seconds at a million rows): in a worker thread, so that
    # the process serves its other requests meanwhile.
    return await asyncio.to_thread(_segment, *results)


async def _shared_out(connections: Sequence[asyncpg.Connection], queries: Sequence[Query]) -> list[Any]:
    """Each query's result; the i-th of n connections runs every n-th query from the i-th, in
    turn, while the others run theirs."""
    count = len(connections)

    async def share(i: int) -> list[Any]:
        return [await query(connections[i]) for query in queries[i::count]]

    results: list[Any] = [None] * len(queries)
    for i, done in enumerate(await asyncio.gather(*(share(i) for i in range(count)))):
        results[i::count] = done
    return results


def _segment(columns: dict[str, Any], grouped: list[Any], entries: list[Any], lexemes: list[Any]
             ) -> Segment:
    size = len(columns["followers"])
    named = _by_name(grouped)
    labels = {name: labels_from(size, *_parts(named.get(name, []))) for name in LABELS}
    groups = {name: from_groups(*_parts(named.get(name, []))) for name in LISTS}
    named = _by_name(entries + lexemes)
    for name in ENTRIES:
        records = named.get(name, [])
        numbers = arrays([r[3] for r in records], ">f8")[0] if records else None
        groups[name] = from_groups(*_parts(records), numbers)
    return assemble(size, columns, labels, groups)
