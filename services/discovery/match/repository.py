from __future__ import annotations

import uuid
from collections.abc import Sequence

from shared.db.repository import RepositoryBase

_DOCUMENTS = ("SELECT id, profile::text FROM discovery.influencers"
              " WHERE workspace_id = $1 AND id = ANY($2::uuid[])")


class ProfileRepository(RepositoryBase):
    async def documents(self, workspace_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
        """The stored profile documents as JSON text (parsed by pydantic, not twice)."""
        rows = await (await self.driver()).fetch(_DOCUMENTS, workspace_id, list(ids))
        return {influencer_id: document for influencer_id, document in rows}
