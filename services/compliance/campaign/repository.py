from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.dialects.postgresql import insert

from services.compliance.models import CampaignGuidelines
from shared.db.repository import RepositoryBase


class CampaignGuidelinesRepository(RepositoryBase):
    async def upsert_if_newer(self, values: dict[str, Any]) -> CampaignGuidelines | None:
        """Store a campaign's guidelines unless a newer version is already stored (events of
        one campaign arrive in order, but a replayed old one must not roll the model back)."""
        statement = insert(CampaignGuidelines).values(**values)
        return await self.session.scalar(
            statement.on_conflict_do_update(
                index_elements=["workspace_id", "campaign_id"],
                set_={k: statement.excluded[k] for k in values
                      if k not in ("workspace_id", "campaign_id")},
                where=CampaignGuidelines.updated_at <= statement.excluded.updated_at,
            ).returning(CampaignGuidelines),
            execution_options={"populate_existing": True},
        )

    async def get(self, workspace_id: uuid.UUID, campaign_id: uuid.UUID) -> CampaignGuidelines | None:
        # By primary key through the identity map: a consumer batch full of one campaign's posts
        # reads its guidelines once.
        return await self.session.get(CampaignGuidelines, (workspace_id, campaign_id))
