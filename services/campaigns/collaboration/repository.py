from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, DateTime, delete, literal, literal_column, select, tuple_
from sqlalchemy.dialects.postgresql import insert

from services.campaigns.models import Campaign, Collaboration
from services.campaigns.models.collaboration import DUE_ORDER, StageChange
from shared.db.repository import RepositoryBase
from shared.ids import uuid7

_INFINITY: ColumnElement[Any] = literal_column("'infinity'::timestamptz")


class CollaborationRepository(RepositoryBase):
    async def add_if_absent(self, values: dict[str, Any]) -> Collaboration | None:
        """Insert unless the influencer is already in the campaign; returns the new row or None."""
        row = await self.session.scalar(
            insert(Collaboration)
            .values(id=uuid7(), **values)
            .on_conflict_do_nothing(index_elements=["campaign_id", "influencer_id"])
            .returning(Collaboration)
        )
        return row

    async def add_all_if_absent(self, rows: Sequence[dict[str, Any]]) -> Sequence[Collaboration]:
        """One INSERT for many; returns the rows new to their campaign (the others were there)."""
        # Parameters apart from the statement (executemany): it is compiled once, not once per
        # batch size, and still sent as multi-row INSERTs.
        return (await self.session.scalars(
            insert(Collaboration)
            .on_conflict_do_nothing(index_elements=["campaign_id", "influencer_id"])
            .returning(Collaboration),
            [{"id": uuid7(), **values} for values in rows],
        )).all()

    async def known_campaigns(
        self, pairs: Sequence[tuple[uuid.UUID, uuid.UUID]]
    ) -> set[tuple[uuid.UUID, uuid.UUID]]:
        """Which of these (workspace, campaign) pairs are campaigns of that workspace."""
        rows = await self.session.execute(select(Campaign.workspace_id, Campaign.id).where(
            tuple_(Campaign.workspace_id, Campaign.id).in_(list(set(pairs)))))
        return {(row.workspace_id, row.id) for row in rows}

    async def get(self, workspace_id: uuid.UUID, collaboration_id: uuid.UUID, *,
                  for_update: bool = False) -> Collaboration | None:
        query = select(Collaboration).where(Collaboration.workspace_id == workspace_id,
                                            Collaboration.id == collaboration_id)
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def remove_in_stage(
        self, workspace_id: uuid.UUID, campaign_id: uuid.UUID, influencer_id: uuid.UUID, stage: str
    ) -> bool:
        """Deletes the influencer's collaboration in the campaign if it is in `stage`."""
        removed = await self.session.scalar(
            delete(Collaboration).where(
                Collaboration.workspace_id == workspace_id, Collaboration.campaign_id == campaign_id,
                Collaboration.influencer_id == influencer_id, Collaboration.stage == stage,
            ).returning(Collaboration.id))
        return removed is not None

    async def pipeline(
        self, workspace_id: uuid.UUID, campaign_id: uuid.UUID, stages: Sequence[str],
        after: tuple[datetime | None, uuid.UUID] | None, limit: int,
    ) -> Sequence[Collaboration]:
        """A campaign's collaborations by due date (undated last), then id; `after` is the
        (due_at, id) of the last row of the previous page."""
        query = select(Collaboration).where(
            Collaboration.workspace_id == workspace_id, Collaboration.campaign_id == campaign_id)
        if stages:
            query = query.where(Collaboration.stage.in_(stages))
        if after is not None:
            due, last_id = after
            query = query.where(tuple_(DUE_ORDER, Collaboration.id) > tuple_(
                _due_key(due), last_id))
        return (await self.session.scalars(
            query.order_by(DUE_ORDER, Collaboration.id).limit(limit))).all()

    async def for_influencer(
        self, workspace_id: uuid.UUID, influencer_id: uuid.UUID
    ) -> Sequence[Collaboration]:
        return (await self.session.scalars(select(Collaboration).where(
            Collaboration.workspace_id == workspace_id,
            Collaboration.influencer_id == influencer_id,
        ).order_by(Collaboration.id))).all()

    def add_stage_change(self, change: StageChange) -> None:
        self.session.add(change)

    async def stage_changes(
        self, workspace_id: uuid.UUID, collaboration_id: uuid.UUID, after: uuid.UUID | None,
        limit: int,
    ) -> Sequence[StageChange]:
        query = select(StageChange).where(StageChange.workspace_id == workspace_id,
                                          StageChange.collaboration_id == collaboration_id)
        if after is not None:
            query = query.where(StageChange.id > after)
        return (await self.session.scalars(query.order_by(StageChange.id).limit(limit))).all()


def _due_key(due: datetime | None) -> ColumnElement[Any]:
    return _INFINITY if due is None else literal(due, DateTime(timezone=True))
