from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any

from sqlalchemy import select, tuple_

from services.compliance.models import CampaignGuidelines
from shared.db.repository import RepositoryBase
from shared.db.upsert import upsert_if_newer

_LOADED = "compliance_loaded_guidelines"


class CampaignGuidelinesRepository(RepositoryBase):
    async def upsert_if_newer(self, values: dict[str, Any]) -> CampaignGuidelines | None:
        """Store a campaign's guidelines unless a newer version is already stored."""
        return await upsert_if_newer(self.session, CampaignGuidelines, values,
                                     ("workspace_id", "campaign_id"), CampaignGuidelines.updated_at)

    async def get(self, workspace_id: uuid.UUID, campaign_id: uuid.UUID) -> CampaignGuidelines | None:
        # By primary key through the identity map: guidelines that `load` read need no query.
        return await self.session.get(CampaignGuidelines, (workspace_id, campaign_id))

    async def load(self, keys: Collection[tuple[uuid.UUID, uuid.UUID]]) -> None:
        """Brings these (workspace, campaign) guidelines into the identity map in one query, so
        that a batch's `get`s for them need none."""
        if keys:
            rows = await self.session.scalars(select(CampaignGuidelines).where(
                tuple_(CampaignGuidelines.workspace_id, CampaignGuidelines.campaign_id).in_(list(keys))))
            # The identity map holds objects weakly: unreferenced, they would be gone at once.
            self.session.info.setdefault(_LOADED, []).extend(rows)
