from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence

import asyncpg
from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from services.discovery.domain.provenance import MetricSource
from services.discovery.domain.snapshots import AccountSnapshot
from services.discovery.models import (
    BlockedInfluencer,
    CollaborationOutcome,
    Influencer,
)
from shared.db.repository import RepositoryBase

# Spike detection and 30-day growth need at most this much history on a read.
HISTORY_ROWS = 120
_RECENT_SNAPSHOTS = (
    "SELECT s.account_id, s.observed_at, s.followers, s.following, s.avg_engagements, s.source"
    " FROM unnest($1::uuid[]) AS wanted(id) CROSS JOIN LATERAL ("
    " SELECT * FROM discovery.account_snapshots WHERE account_id = wanted.id"
    " ORDER BY observed_at DESC LIMIT $2) AS s ORDER BY s.account_id, s.observed_at")


def _by_account(rows: Iterable[asyncpg.Record]) -> dict[uuid.UUID, list[AccountSnapshot]]:
    found: dict[uuid.UUID, list[AccountSnapshot]] = {}
    for account_id, observed_at, followers, following, avg_engagements, source in rows:
        # Stored rows were validated on write; constructing skips validating them again.
        found.setdefault(account_id, []).append(AccountSnapshot.model_construct(
            observed_at=observed_at, followers=followers, following=following,
            avg_engagements=avg_engagements, source=MetricSource(source)))
    return found


class InfluencerRepository(RepositoryBase):
    async def get(self, workspace_id: uuid.UUID, influencer_id: uuid.UUID) -> Influencer | None:
        # populate_existing: profiles are written with COPY/UPDATE behind the ORM's back.
        return await self.session.scalar(
            select(Influencer)
            .options(selectinload(Influencer.accounts))
            .where(Influencer.workspace_id == workspace_id, Influencer.id == influencer_id)
            .execution_options(populate_existing=True)
        )

    async def list(
        self, workspace_id: uuid.UUID, after: uuid.UUID | None, limit: int
    ) -> Sequence[Influencer]:
        query = (
            select(Influencer)
            .options(selectinload(Influencer.accounts))
            .where(Influencer.workspace_id == workspace_id)
        )
        if after is not None:
            query = query.where(Influencer.id > after)
        return (await self.session.scalars(query.order_by(Influencer.id).limit(limit))).all()

    async def histories(
        self, account_ids: Sequence[uuid.UUID]
    ) -> Mapping[uuid.UUID, Sequence[AccountSnapshot]]:
        """The latest HISTORY_ROWS snapshots of each account, oldest first (absent: none)."""
        if not account_ids:
            return {}
        rows = await (await self.driver()).fetch(_RECENT_SNAPSHOTS, list(account_ids), HISTORY_ROWS)
        return _by_account(rows)

    async def outcomes(self, workspace_id: uuid.UUID, influencer_id: uuid.UUID
                       ) -> Sequence[CollaborationOutcome]:
        return (await self.session.scalars(
            select(CollaborationOutcome)
            .where(CollaborationOutcome.workspace_id == workspace_id,
                   CollaborationOutcome.influencer_id == influencer_id)
            .order_by(CollaborationOutcome.ended_at)
        )).all()

    async def is_blocked(self, workspace_id: uuid.UUID, influencer_id: uuid.UUID) -> bool:
        return bool(await self.session.scalar(select(exists().where(
            BlockedInfluencer.workspace_id == workspace_id,
            BlockedInfluencer.influencer_id == influencer_id))))
