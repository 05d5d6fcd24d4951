from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Select, Table, func, select

from services.compliance.markets import spellings
from services.compliance.models import Check
from shared.db.repository import RepositoryBase
from shared.db.staged import insert_staged, stage

_CHECKS = cast(Table, Check.__table__)


@dataclass(frozen=True)
class CheckFilters:
    campaign_id: uuid.UUID | None = None
    influencer_id: uuid.UUID | None = None
    verdict: str | None = None
    market: str | None = None


class CheckRepository(RepositoryBase):
    def add(self, check: Check) -> Check:
        """Stages the row's INSERT for the commit: a consumer batch's checks go to the database in
        one statement, without the unit of work's bookkeeping. The object is read when inserted,
        so changes to it until then are stored; it is not tracked after that."""
        stage(self.session, _CHECKS, [check], row_of=_row)
        return check

    async def get(self, workspace_id: uuid.UUID, check_id: uuid.UUID) -> Check | None:
        return await self.session.scalar(
            select(Check).where(Check.workspace_id == workspace_id, Check.id == check_id)
        )

    async def list(
        self, workspace_id: uuid.UUID, filters: CheckFilters, before: uuid.UUID | None, limit: int
    ) -> Sequence[Check]:
        """Newest first (ids are time-ordered), keyed by id."""
        query = _filtered(select(Check).where(Check.workspace_id == workspace_id), filters)
        if before is not None:
            query = query.where(Check.id < before)
        return (await self.session.scalars(query.order_by(Check.id.desc()).limit(limit))).all()

    # cross-tenant: `icp recheck` walks every workspace's checks unless one is named.
    async def batch_after(
        self, after: uuid.UUID | None, limit: int,
        workspace_id: uuid.UUID | None = None, campaign_id: uuid.UUID | None = None,
    ) -> Sequence[Check]:
        """Oldest first, locked against a concurrent re-check by the consumer: the order and the
        rows `icp recheck` walks, across workspaces unless one is named."""
        query = _scoped(select(Check), workspace_id, campaign_id)
        if after is not None:
            query = query.where(Check.id > after)
        query = query.order_by(Check.id).limit(limit).with_for_update()
        return (await self.session.scalars(query)).all()

    # cross-tenant: counts what `icp recheck` walks (every workspace unless one is named).
    async def count(
        self, workspace_id: uuid.UUID | None = None, campaign_id: uuid.UUID | None = None
    ) -> int:
        query = _scoped(select(func.count()).select_from(Check), workspace_id, campaign_id)
        return await self.session.scalar(query) or 0

    async def awaiting_markets(self, workspace_id: uuid.UUID, campaign_id: uuid.UUID) -> Sequence[Check]:
        """A campaign's checks made before its markets were known (checked against none),
        including those staged in this transaction (its batch may hold the campaign's posts)."""
        await insert_staged(self.session)
        return (await self.session.scalars(
            select(Check)
            .where(Check.workspace_id == workspace_id, Check.campaign_id == campaign_id,
                   func.cardinality(Check.markets) == 0)
            .order_by(Check.id)
        )).all()


def _row(check: Check) -> dict[str, Any]:
    return {column.key: getattr(check, column.key) for column in _CHECKS.columns}


def _scoped(
    query: Select[Any], workspace_id: uuid.UUID | None, campaign_id: uuid.UUID | None
) -> Select[Any]:
    if workspace_id is not None:
        query = query.where(Check.workspace_id == workspace_id)
    if campaign_id is not None:
        query = query.where(Check.campaign_id == campaign_id)
    return query


def _filtered(query: Select[Check], filters: CheckFilters) -> Select[Check]:
    if filters.campaign_id is not None:
        query = query.where(Check.campaign_id == filters.campaign_id)
    if filters.influencer_id is not None:
        query = query.where(Check.influencer_id == filters.influencer_id)
    if filters.verdict is not None:
        query = query.where(Check.verdict == filters.verdict)
    if filters.market is not None:
        query = query.where(Check.markets.overlap(spellings(filters.market)))
    return query
