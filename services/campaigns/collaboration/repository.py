from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, DateTime, delete, literal, literal_column, select, tuple_
from sqlalchemy.dialects.postgresql import insert

from services.campaigns.collaboration.stages import Stage
from services.campaigns.models import Campaign, Collaboration
from services.campaigns.models.collaboration import DUE_ORDER, StageChange
from services.campaigns.models.outreach import OutreachMessage
from shared.db.repository import RepositoryBase
from shared.ids import uuid7

_INFINITY: ColumnElement[Any] = literal_column("'infinity'::timestamptz")

# Arrays unnested: one statement, prepared once whatever the batch's size, and no ORM objects.
# The campaign must be one of the event's workspace (the foreign key alone would fail the batch).
_ADD_SHORTLISTED = """
INSERT INTO campaigns.collaborations (id, workspace_id, campaign_id, influencer_id, stage,
    influencer_snapshot)
SELECT u.id, u.workspace_id, u.campaign_id, u.influencer_id, $1, u.snapshot::jsonb
FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[])
    AS u(id, workspace_id, campaign_id, influencer_id, snapshot)
WHERE EXISTS (SELECT FROM campaigns.campaigns c WHERE c.workspace_id = u.workspace_id
    AND c.id = u.campaign_id)
ON CONFLICT (campaign_id, influencer_id) DO NOTHING
RETURNING id, workspace_id, campaign_id, influencer_id, stage, created_at
"""


class ShortlistedRow(NamedTuple):
    """An influencer to add to a campaign's pipeline; `snapshot` is the JSON of discovery's."""

    workspace_id: uuid.UUID
    campaign_id: uuid.UUID
    influencer_id: uuid.UUID
    snapshot: str


class NewCollaboration(NamedTuple):
    """What announcing a collaboration just inserted needs of it."""

    id: uuid.UUID
    workspace_id: uuid.UUID
    campaign_id: uuid.UUID
    influencer_id: uuid.UUID
    stage: str
    created_at: datetime


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

    async def add_shortlisted(self, rows: Sequence[ShortlistedRow]) -> list[NewCollaboration]:
        """Inserts these shortlisted influencers in stage `shortlisted`, in one statement, each
        unless its campaign is not one of its workspace's or the influencer is already in it;
        returns the rows it inserted."""
        if not rows:
            return []
        columns = list(zip(*rows, strict=True))
        inserted = await (await self.driver()).fetch(
            _ADD_SHORTLISTED, Stage.SHORTLISTED.value, [uuid7() for _ in rows], *map(list, columns))
        return [NewCollaboration(*row) for row in inserted]

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
        """Deletes the influencer's collaboration in the campaign if it is in `stage` and no email
        to the creator is on its way (`sending`: it may have gone out; its log must stay)."""
        sending = select(OutreachMessage.id).where(
            OutreachMessage.workspace_id == workspace_id,
            OutreachMessage.collaboration_id == Collaboration.id,
            OutreachMessage.status == "sending")
        removed = await self.session.scalar(
            delete(Collaboration).where(
                Collaboration.workspace_id == workspace_id, Collaboration.campaign_id == campaign_id,
                Collaboration.influencer_id == influencer_id, Collaboration.stage == stage,
                ~sending.exists(),
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
