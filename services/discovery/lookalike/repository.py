from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, text

from shared.db.repository import RepositoryBase

# Lists searched per query: 10 of the index's 100 lists keeps recall high at ~10 % of a scan.
IVFFLAT_PROBES = 10

NEAREST = text("""
SELECT v.influencer_id, 1 - v.distance AS similarity, i.display_name, s.platform, s.handle, s.followers
FROM (SELECT c.influencer_id, c.embedding <=> CAST(CAST(:embedding AS text) AS vector) AS distance
      FROM discovery.influencer_vectors c
      WHERE c.workspace_id = :workspace_id AND c.influencer_id <> :influencer_id
        AND NOT EXISTS (SELECT 1 FROM discovery.blocked_influencers b
                        WHERE b.workspace_id = :workspace_id AND b.influencer_id = c.influencer_id)
      ORDER BY c.embedding <=> CAST(CAST(:embedding AS text) AS vector) LIMIT :limit) v
JOIN discovery.influencers i ON i.id = v.influencer_id
LEFT JOIN LATERAL (
    SELECT platform, handle, followers FROM discovery.account_search
    WHERE influencer_id = v.influencer_id ORDER BY followers DESC LIMIT 1) s ON true
ORDER BY v.distance
""")


class LookalikeRepository(RepositoryBase):
    async def embedding(self, workspace_id: uuid.UUID, influencer_id: uuid.UUID) -> str | None:
        """The vector in pgvector's text form, passed back as a constant so the index serves it."""
        value = await self.session.scalar(text(
            "SELECT embedding::text FROM discovery.influencer_vectors"
            " WHERE workspace_id = :workspace_id AND influencer_id = :id"),
            {"workspace_id": workspace_id, "id": influencer_id})
        return str(value) if value is not None else None

    async def nearest(self, workspace_id: uuid.UUID, influencer_id: uuid.UUID, embedding: str,
                      limit: int) -> Sequence[Row[Any]]:
        # Iterative scans keep an IVFFlat search going when the workspace filter drops rows.
        await self.session.execute(text(f"SET LOCAL ivfflat.probes = {IVFFLAT_PROBES}"))
        await self.session.execute(text("SET LOCAL ivfflat.iterative_scan = relaxed_order"))
        result = await self.session.execute(NEAREST, {
            "workspace_id": workspace_id, "influencer_id": influencer_id, "embedding": embedding,
            "limit": limit})
        return result.all()
