from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert

from services.discovery.models import CollaborationOutcome
from shared.db.repository import RepositoryBase


class CollaborationOutcomeRepository(RepositoryBase):
    async def add(self, outcome: CollaborationOutcome) -> bool:
        """False when this collaboration's end was recorded already."""
        recorded = await self.session.scalar(
            insert(CollaborationOutcome).values(
                collaboration_id=outcome.collaboration_id, workspace_id=outcome.workspace_id,
                influencer_id=outcome.influencer_id, campaign_id=outcome.campaign_id,
                brand=outcome.brand, outcome=outcome.outcome, ended_at=outcome.ended_at,
            ).on_conflict_do_nothing().returning(CollaborationOutcome.collaboration_id))
        return recorded is not None
