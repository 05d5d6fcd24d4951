from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from services.tracking.models import TrackedLink
from shared.db.repository import RepositoryBase

LINKS_CHANNEL = "tracking_links"
_notify = text("SELECT pg_notify(:channel, :link_id)")


class LinkRepository(RepositoryBase):
    async def add(self, link: TrackedLink) -> bool:
        """Inserts the link; False when its code is taken (the caller draws another)."""
        try:
            async with self.session.begin_nested():
                self.session.add(link)
                await self.session.flush()
        except IntegrityError:
            return False
        await self.announce(link.id)
        return True

    async def announce(self, link_id: uuid.UUID) -> None:
        """Tells every redirect's link cache, when the transaction commits."""
        await self.session.execute(_notify, {"channel": LINKS_CHANNEL, "link_id": str(link_id)})

    async def get(self, workspace_id: uuid.UUID, link_id: uuid.UUID) -> TrackedLink | None:
        return await self.session.scalar(select(TrackedLink).where(
            TrackedLink.workspace_id == workspace_id, TrackedLink.id == link_id))

    async def list(
        self, workspace_id: uuid.UUID, campaign_id: uuid.UUID | None,
        collaboration_id: uuid.UUID | None, after: uuid.UUID | None, limit: int,
    ) -> Sequence[TrackedLink]:
        query = select(TrackedLink).where(TrackedLink.workspace_id == workspace_id)
        if campaign_id is not None:
            query = query.where(TrackedLink.campaign_id == campaign_id)
        if collaboration_id is not None:
            query = query.where(TrackedLink.collaboration_id == collaboration_id)
        if after is not None:
            query = query.where(TrackedLink.id > after)
        return (await self.session.scalars(query.order_by(TrackedLink.id).limit(limit))).all()

    async def set_expiry(self, link: TrackedLink, expires_at: datetime | None, now: datetime) -> None:
        link.expires_at = expires_at
        link.updated_at = now
        await self.session.flush()
        await self.announce(link.id)
