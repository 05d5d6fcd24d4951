"""Set-based SQL for writing profiles in batches: COPY for new rows, array UPDATEs for the rest.

Everything runs on the caller's session connection, inside its transaction (never committing).
"""

from __future__ import annotations

import struct
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import asyncpg

from services.discovery.domain.snapshots import AccountSnapshot
from services.discovery.search.rows.search_record import SEARCH_COLUMNS
from shared.db import binary_copy as b
from shared.db.repository import RepositoryBase
from shared.provenance import MetricSource

SCHEMA = "discovery"
INFLUENCER_COLUMNS = ("id", "workspace_id", "display_name", "profile")
ACCOUNT_COLUMNS = ("id", "workspace_id", "influencer_id", "platform", "handle", "followers")
SNAPSHOT_COLUMNS = ("account_id", "observed_at", "workspace_id", "followers", "following",
                    "avg_engagements", "source")
AccountKey = tuple[str, str]
_SEARCH_TYPES: dict[str, b.Encoder] = {
    "account_id": b.uuid_field, "influencer_id": b.uuid_field, "workspace_id": b.uuid_field,
    "platform": b.text_field, "handle": b.text_field, "display_name": b.text_field,
    "search_text": b.text_field, "followers": b.int8_field, "engagement_rate": b.float8_field,
    "tier": b.text_field, "growth_30d": b.float8_field, "authenticity": b.int2_field,
    "account_type": b.text_field, "last_posted_at": b.timestamptz_field, "has_contact": b.bool_field,
    "country": b.text_field, "city": b.text_field, "topics": b.text_array_field,
    "languages": b.text_array_field, "causes": b.text_array_field, "flags": b.text_array_field,
    "brands": b.text_array_field, "audience": b.jsonb_field, "prices": b.jsonb_field,
    "freshness": b.jsonb_field,
}
SEARCH_ENCODERS = tuple(_SEARCH_TYPES[column] for column in SEARCH_COLUMNS)


# Spike detection and 30-day growth need at most this much history; the search row and every
# read (profile page, match, shortlisting event) score the same latest snapshots.
HISTORY_ROWS = 120
_RECENT_SNAPSHOTS = (
    "SELECT s.account_id, s.observed_at, s.followers, s.following, s.avg_engagements, s.source"
    " FROM unnest($1::uuid[]) AS wanted(id) CROSS JOIN LATERAL ("
    " SELECT * FROM discovery.account_snapshots WHERE workspace_id = $3 AND account_id = wanted.id"
    " ORDER BY observed_at DESC LIMIT $2) AS s ORDER BY s.account_id, s.observed_at")


def _by_account(rows: Iterable[asyncpg.Record]) -> dict[uuid.UUID, list[AccountSnapshot]]:
    found: dict[uuid.UUID, list[AccountSnapshot]] = {}
    for account_id, observed_at, followers, following, avg_engagements, source in rows:
        # Stored rows were validated on write; constructing skips validating them again.
        found.setdefault(account_id, []).append(AccountSnapshot.model_construct(
            observed_at=observed_at, followers=followers, following=following,
            avg_engagements=avg_engagements, source=MetricSource(source)))
    return found


def _keyed(rows: Iterable[asyncpg.Record]) -> dict[AccountKey, tuple[uuid.UUID, uuid.UUID]]:
    return {(r["platform"], r["handle"]): (r["id"], r["influencer_id"]) for r in rows}


def _encode_vector(values: Sequence[float]) -> bytes:
    """pgvector's binary form: dimension, an unused int16, then big-endian float4s."""
    return struct.pack(f">HH{len(values)}f", len(values), 0, *values)


class ProfileStoreRepository(RepositoryBase):
    async def lock_workspace(self, workspace_id: uuid.UUID) -> None:
        """Serialises writers of one workspace, so resolving keys then inserting cannot race."""
        await (await self.driver()).execute(
            "SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))", str(workspace_id))

    async def find_accounts(
        self, workspace_id: uuid.UUID, keys: Sequence[AccountKey]
    ) -> dict[AccountKey, tuple[uuid.UUID, uuid.UUID]]:
        """(platform, handle) → (account id, influencer id) for the keys already stored."""
        if not keys:
            return {}
        rows = await (await self.driver()).fetch(
            "SELECT a.platform, a.handle, a.id, a.influencer_id FROM discovery.influencer_accounts a"
            " JOIN unnest($2::text[], $3::text[]) AS k(platform, handle)"
            " ON a.platform = k.platform AND a.handle = k.handle WHERE a.workspace_id = $1",
            workspace_id, [k[0] for k in keys], [k[1] for k in keys],
        )
        return _keyed(rows)

    async def accounts_of(
        self, workspace_id: uuid.UUID, influencer_ids: Sequence[uuid.UUID]
    ) -> dict[AccountKey, tuple[uuid.UUID, uuid.UUID]]:
        """(platform, handle) → (account id, influencer id) for every account of the influencers."""
        rows = await (await self.driver()).fetch(
            "SELECT platform, handle, id, influencer_id FROM discovery.influencer_accounts"
            " WHERE workspace_id = $1 AND influencer_id = ANY($2)", workspace_id, list(influencer_ids))
        return _keyed(rows)

    async def profiles(
        self, workspace_id: uuid.UUID, influencer_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, str]:
        rows = await (await self.driver()).fetch(
            "SELECT id, profile::text AS profile FROM discovery.influencers"
            " WHERE workspace_id = $1 AND id = ANY($2)", workspace_id, list(influencer_ids))
        return {r["id"]: r["profile"] for r in rows}

    async def histories(
        self, workspace_id: uuid.UUID, account_ids: Sequence[uuid.UUID]
    ) -> Mapping[uuid.UUID, Sequence[AccountSnapshot]]:
        """The latest HISTORY_ROWS snapshots of each account, oldest first (absent: none)."""
        if not account_ids:
            return {}
        rows = await (await self.driver()).fetch(_RECENT_SNAPSHOTS, list(account_ids), HISTORY_ROWS,
                                                 workspace_id)
        return _by_account(rows)

    async def copy(self, table: str, columns: Sequence[str], records: Iterable[tuple[Any, ...]]) -> None:
        """`records` may be a generator: rows are encoded and sent as it yields them."""
        if not isinstance(records, Sequence) or records:
            await (await self.driver()).copy_records_to_table(
                table, schema_name=SCHEMA, columns=list(columns), records=records)

    async def update_influencers(self, workspace_id: uuid.UUID, records: Sequence[tuple[Any, ...]]) -> None:
        """`records` follow INFLUENCER_COLUMNS."""
        if not records:
            return
        ids, _, names, profiles = zip(*records, strict=True)
        await (await self.driver()).execute(
            "UPDATE discovery.influencers i SET display_name = u.name, profile = u.profile,"
            " updated_at = now() FROM unnest($1::uuid[], $2::text[], $3::jsonb[])"
            " AS u(id, name, profile) WHERE i.workspace_id = $4 AND i.id = u.id",
            list(ids), list(names), list(profiles), workspace_id)

    async def update_account_followers(
        self, workspace_id: uuid.UUID, records: Sequence[tuple[Any, ...]]
    ) -> None:
        """`records` follow ACCOUNT_COLUMNS."""
        if not records:
            return
        await (await self.driver()).execute(
            "UPDATE discovery.influencer_accounts a SET followers = u.followers"
            " FROM unnest($1::uuid[], $2::bigint[]) AS u(id, followers)"
            " WHERE a.workspace_id = $3 AND a.id = u.id",
            [r[0] for r in records], [r[5] for r in records], workspace_id)

    async def upsert_snapshots(self, records: Sequence[tuple[Any, ...]]) -> None:
        """`records` follow SNAPSHOT_COLUMNS; the same observation twice is stored once."""
        if not records:
            return
        columns = list(zip(*records, strict=True))
        await (await self.driver()).execute(
            "INSERT INTO discovery.account_snapshots AS s (account_id, observed_at, workspace_id,"
            " followers, following, avg_engagements, source) SELECT * FROM unnest($1::uuid[],"
            " $2::timestamptz[], $3::uuid[], $4::bigint[], $5::bigint[], $6::float8[], $7::text[])"
            " ON CONFLICT (account_id, observed_at) DO UPDATE SET followers = excluded.followers,"
            " following = excluded.following, avg_engagements = excluded.avg_engagements,"
            " source = excluded.source", *(list(c) for c in columns))

    async def replace_search_rows(
        self, workspace_id: uuid.UUID, replaced: Sequence[uuid.UUID], records: Iterable[tuple[Any, ...]]
    ) -> None:
        """The search rows are derived wholly from the profile: delete and copy is the upsert.
        `records` (following SEARCH_COLUMNS) may be a generator, encoded as it yields them."""
        raw = await self.driver()
        if replaced:
            await raw.execute(
                "DELETE FROM discovery.account_search WHERE workspace_id = $1 AND account_id = ANY($2)",
                workspace_id, list(replaced))
        if isinstance(records, Sequence) and not records:
            return
        await raw.copy_to_table("account_search", schema_name=SCHEMA, columns=list(SEARCH_COLUMNS),
                                format="binary", source=b.copy_source(SEARCH_ENCODERS, records))

    async def replace_vectors(
        self, workspace_id: uuid.UUID, replaced: Sequence[uuid.UUID],
        records: Sequence[tuple[uuid.UUID, uuid.UUID, list[float]]],
    ) -> None:
        raw = await self.driver()
        if replaced:
            await raw.execute(
                "DELETE FROM discovery.influencer_vectors"
                " WHERE workspace_id = $1 AND influencer_id = ANY($2)",
                workspace_id, list(replaced))
        if records:
            await raw.set_type_codec("vector", schema="public", encoder=_encode_vector,
                                     decoder=bytes, format="binary")
            await self.copy("influencer_vectors", ("influencer_id", "workspace_id", "embedding"), records)

