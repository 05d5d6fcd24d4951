from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime

from services.tracking.domain.mention_rows import MentionRow
from shared.db.repository import RepositoryBase

_UPSERT = """
INSERT INTO tracking.mention_counts AS m (workspace_id, campaign_id, day, source, platform, market, count,
    imported_at)
SELECT $1, u.campaign_id, u.day, u.source, u.platform, u.market, u.count, $2
FROM unnest($3::uuid[], $4::date[], $5::text[], $6::text[], $7::text[], $8::bigint[])
    AS u(campaign_id, day, source, platform, market, count)
ON CONFLICT (workspace_id, campaign_id, day, source, platform, market)
DO UPDATE SET count = excluded.count, imported_at = excluded.imported_at
"""


class MentionRepository(RepositoryBase):
    async def known_campaigns(
        self, workspace_id: uuid.UUID, campaign_ids: Iterable[uuid.UUID]
    ) -> set[uuid.UUID]:
        """Of these, the campaigns the workspace has (from campaigns' events, or posts)."""
        wanted = list(campaign_ids)
        rows = await (await self.driver()).fetch(
            "SELECT id FROM tracking.campaigns WHERE workspace_id = $1 AND id = ANY($2::uuid[])"
            " UNION SELECT campaign_id FROM tracking.posts"
            " WHERE workspace_id = $1 AND campaign_id = ANY($2::uuid[])",
            workspace_id,
            wanted,
        )
        return {r[0] for r in rows}

    async def upsert(
        self, workspace_id: uuid.UUID, rows: Sequence[MentionRow], imported_at: datetime
    ) -> None:
        """The last row of a (campaign, day, source, platform, market) wins: a re-import corrects."""
        latest = {(r.campaign_id, r.day, r.source, r.platform, r.market): r for r in rows}
        if latest:
            columns = list(
                zip(
                    *[
                        (r.campaign_id, r.day, r.source, r.platform, r.market, r.mentions)
                        for r in latest.values()
                    ],
                    strict=True,
                )
            )
            await (await self.driver()).execute(_UPSERT, workspace_id, imported_at, *map(list, columns))
