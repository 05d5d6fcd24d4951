from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import Text, cast, select

from services.discovery.models import Influencer
from shared.db.repository import RepositoryBase


class ProfileRepository(RepositoryBase):
    async def documents(self, workspace_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
        """The stored profile documents as JSON text (parsed by pydantic, not twice)."""
        rows = await self.session.execute(
            select(Influencer.id, cast(Influencer.profile, Text)).where(
                Influencer.workspace_id == workspace_id, Influencer.id.in_(ids)))
        return {row[0]: row[1] for row in rows.all()}
