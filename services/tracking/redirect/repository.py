"""The link cache's reads, on a dedicated asyncpg connection outside any transaction (it LISTENs
on the same connection, and notifications wait while a transaction is open)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from datetime import date, timedelta

import asyncpg

_COLUMNS = "id, code, workspace_id, campaign_id, collaboration_id, target_url, expires_at"
_SALT_BYTES = 32


async def live_links(conn: asyncpg.Connection) -> Sequence[asyncpg.Record]:
    """Every link that has not expired yet (an expired one is a 404 either way)."""
    return await conn.fetch(
        f"SELECT {_COLUMNS} FROM tracking.links WHERE expires_at IS NULL OR expires_at > now()")


async def links_by_id(conn: asyncpg.Connection, ids: Sequence[uuid.UUID]) -> Sequence[asyncpg.Record]:
    return await conn.fetch(f"SELECT {_COLUMNS} FROM tracking.links WHERE id = ANY($1::uuid[])",
                            list(ids))


async def current_salts(conn: asyncpg.Connection, today: date) -> dict[date, bytes]:
    """Today's and tomorrow's salts (created by whichever process asks first; everyone then reads
    the same ones); older salts are deleted, so older hashes can no longer be recomputed."""
    days = [today, today + timedelta(days=1)]
    await conn.executemany(
        "INSERT INTO tracking.visitor_salts (day, salt) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        [(day, os.urandom(_SALT_BYTES)) for day in days])
    await conn.execute("DELETE FROM tracking.visitor_salts WHERE day < $1", today)
    rows = await conn.fetch("SELECT day, salt FROM tracking.visitor_salts WHERE day = ANY($1)", days)
    return {row["day"]: bytes(row["salt"]) for row in rows}
