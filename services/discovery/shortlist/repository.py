from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert

from services.discovery.models import Shortlist, ShortlistEntry
from shared.db.repository import RepositoryBase


class ShortlistRepository(RepositoryBase):
    async def add(self, shortlist: Shortlist) -> Shortlist:
        self.session.add(shortlist)
        await self.session.flush()
        await self.session.refresh(shortlist)
        return shortlist

    async def get(self, workspace_id: uuid.UUID, shortlist_id: uuid.UUID) -> Shortlist | None:
        return await self.session.scalar(
            select(Shortlist).where(Shortlist.workspace_id == workspace_id,
                                    Shortlist.id == shortlist_id)
        )

    async def list(
        self, workspace_id: uuid.UUID, campaign_id: uuid.UUID | None, after: uuid.UUID | None,
        limit: int,
    ) -> Sequence[Shortlist]:
        query = select(Shortlist).where(Shortlist.workspace_id == workspace_id)
        if campaign_id is not None:
            query = query.where(Shortlist.campaign_id == campaign_id)
        if after is not None:
            query = query.where(Shortlist.id > after)
        return (await self.session.scalars(query.order_by(Shortlist.id).limit(limit))).all()

    async def add_entry(self, entry: ShortlistEntry) -> ShortlistEntry | None:
        """Insert unless already on the list; None means it was there already."""
        return await self.session.scalar(
            insert(ShortlistEntry)
            .values(shortlist_id=entry.shortlist_id, influencer_id=entry.influencer_id,
                    workspace_id=entry.workspace_id, note=entry.note)
            .on_conflict_do_nothing()
            .returning(ShortlistEntry)
        )

    async def get_entry(
        self, workspace_id: uuid.UUID, shortlist_id: uuid.UUID, influencer_id: uuid.UUID
    ) -> ShortlistEntry:
        entry = await self.session.scalar(select(ShortlistEntry).where(
            ShortlistEntry.workspace_id == workspace_id, ShortlistEntry.shortlist_id == shortlist_id,
            ShortlistEntry.influencer_id == influencer_id))
        assert entry is not None
        return entry

    async def on_campaign_shortlist(
        self, workspace_id: uuid.UUID, campaign_id: uuid.UUID, influencer_id: uuid.UUID
    ) -> bool:
        """Whether any shortlist of the campaign holds the influencer."""
        held = await self.session.scalar(
            select(ShortlistEntry.shortlist_id).join(Shortlist, Shortlist.id == ShortlistEntry.shortlist_id)
            .where(ShortlistEntry.workspace_id == workspace_id, Shortlist.campaign_id == campaign_id,
                   ShortlistEntry.influencer_id == influencer_id)
            .limit(1))
        return held is not None

    async def remove_entry(
        self, workspace_id: uuid.UUID, shortlist_id: uuid.UUID, influencer_id: uuid.UUID
    ) -> bool:
        result = await self.session.execute(
            delete(ShortlistEntry).where(ShortlistEntry.workspace_id == workspace_id,
                                         ShortlistEntry.shortlist_id == shortlist_id,
                                         ShortlistEntry.influencer_id == influencer_id)
        )
        return bool(getattr(result, "rowcount", 0))

    async def holding(self, workspace_id: uuid.UUID, influencer_id: uuid.UUID) -> Sequence[Shortlist]:
        """The shortlists the influencer is on."""
        return (await self.session.scalars(
            select(Shortlist).join(ShortlistEntry, ShortlistEntry.shortlist_id == Shortlist.id)
            .where(ShortlistEntry.workspace_id == workspace_id,
                   ShortlistEntry.influencer_id == influencer_id).order_by(Shortlist.id))).all()

    async def entries(
        self, workspace_id: uuid.UUID, shortlist_id: uuid.UUID, after: uuid.UUID | None, limit: int
    ) -> Sequence[ShortlistEntry]:
        query = select(ShortlistEntry).where(ShortlistEntry.workspace_id == workspace_id,
                                             ShortlistEntry.shortlist_id == shortlist_id)
        if after is not None:
            query = query.where(ShortlistEntry.influencer_id > after)
        return (await self.session.scalars(
            query.order_by(ShortlistEntry.influencer_id).limit(limit))).all()
