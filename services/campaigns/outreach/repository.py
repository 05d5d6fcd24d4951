from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert

from services.campaigns.models import Collaboration, Offer
from services.campaigns.models.outreach import ContactPreference, OutreachMessage, OutreachSettings
from shared.db.repository import RepositoryBase


class OutreachRepository(RepositoryBase):
    async def settings(self, workspace_id: uuid.UUID) -> OutreachSettings | None:
        return await self.session.scalar(select(OutreachSettings).where(
            OutreachSettings.workspace_id == workspace_id))

    async def save_settings(self, workspace_id: uuid.UUID, values: dict[str, Any]) -> OutreachSettings:
        row = await self.session.scalar(
            insert(OutreachSettings).values(workspace_id=workspace_id, **values)
            .on_conflict_do_update(index_elements=["workspace_id"], set_=values)
            .returning(OutreachSettings).execution_options(populate_existing=True))
        assert row is not None
        return row

    async def preference(self, workspace_id: uuid.UUID,
                         influencer_id: uuid.UUID) -> ContactPreference | None:
        return await self.session.scalar(select(ContactPreference).where(
            ContactPreference.workspace_id == workspace_id,
            ContactPreference.influencer_id == influencer_id))

    async def save_preference(self, workspace_id: uuid.UUID, influencer_id: uuid.UUID,
                              values: dict[str, Any]) -> ContactPreference:
        row = await self.session.scalar(
            insert(ContactPreference)
            .values(workspace_id=workspace_id, influencer_id=influencer_id, **values)
            .on_conflict_do_update(index_elements=["workspace_id", "influencer_id"], set_=values)
            .returning(ContactPreference).execution_options(populate_existing=True))
        assert row is not None
        return row

    async def open_offer(self, workspace_id: uuid.UUID, collaboration_id: uuid.UUID) -> Offer | None:
        return await self.session.scalar(select(Offer).where(
            Offer.workspace_id == workspace_id, Offer.collaboration_id == collaboration_id,
            Offer.status == "open").order_by(Offer.version.desc()).limit(1))

    async def message(self, workspace_id: uuid.UUID, message_id: uuid.UUID, *,
                      for_update: bool = False) -> OutreachMessage | None:
        query = select(OutreachMessage).where(OutreachMessage.workspace_id == workspace_id,
                                              OutreachMessage.id == message_id)
        return await self.session.scalar(query.with_for_update() if for_update else query)

    def add(self, message: OutreachMessage) -> None:
        self.session.add(message)

    async def newest_outbound(self, workspace_id: uuid.UUID,
                              collaboration_id: uuid.UUID) -> OutreachMessage | None:
        return await self.session.scalar(select(OutreachMessage).where(
            OutreachMessage.workspace_id == workspace_id,
            OutreachMessage.collaboration_id == collaboration_id,
            OutreachMessage.direction == "outbound", OutreachMessage.status == "sent",
        ).order_by(OutreachMessage.at.desc(), OutreachMessage.id.desc()).limit(1))

    async def settle_follow_ups(self, workspace_id: uuid.UUID, collaboration_id: uuid.UUID,
                                replied_at: datetime | None) -> None:
        """The collaboration's open follow-ups are no longer due (a reply came, or a newer
        message takes over); a reply also marks what it answers as replied."""
        values: dict[str, Any] = {"follow_up_due_at": None}
        if replied_at is not None:
            values["replied_at"] = replied_at
        await self.session.execute(update(OutreachMessage).where(
            OutreachMessage.workspace_id == workspace_id,
            OutreachMessage.collaboration_id == collaboration_id,
            OutreachMessage.follow_up_due_at.is_not(None),
        ).values(**values))

    async def log(self, workspace_id: uuid.UUID, collaboration_id: uuid.UUID,
                  after: uuid.UUID | None, limit: int) -> Sequence[OutreachMessage]:
        query = select(OutreachMessage).where(OutreachMessage.workspace_id == workspace_id,
                                              OutreachMessage.collaboration_id == collaboration_id)
        if after is not None:
            query = query.where(OutreachMessage.id > after)
        return (await self.session.scalars(query.order_by(OutreachMessage.id).limit(limit))).all()

    async def follow_ups(
        self, workspace_id: uuid.UUID, due_before: datetime,
        after: tuple[datetime, uuid.UUID] | None, limit: int,
    ) -> Sequence[Row[OutreachMessage, Collaboration]]:
        """Open follow-ups due by `due_before`, soonest first (keyset on due date, id)."""
        query = select(OutreachMessage, Collaboration).join(
            Collaboration, Collaboration.id == OutreachMessage.collaboration_id,
        ).where(OutreachMessage.workspace_id == workspace_id,
                Collaboration.workspace_id == workspace_id,
                OutreachMessage.follow_up_due_at.is_not(None),
                OutreachMessage.follow_up_due_at <= due_before)
        if after is not None:
            query = query.where(tuple_(OutreachMessage.follow_up_due_at, OutreachMessage.id)
                                > tuple_(*after))
        return (await self.session.execute(query.order_by(
            OutreachMessage.follow_up_due_at, OutreachMessage.id).limit(limit))).all()

    # cross-tenant: the worker's sweep of emails left sending, in every workspace (outreach/sweep.py)
    async def fail_stale_sending(self, before: datetime, error: str) -> list[uuid.UUID]:
        """Logs failed, with `error`, every message of any workspace still `sending` since before
        `before`; their ids."""
        result = await self.session.scalars(
            update(OutreachMessage)
            .where(OutreachMessage.status == "sending", OutreachMessage.at < before)
            .values(status="failed", error=error).returning(OutreachMessage.id))
        return list(result)
