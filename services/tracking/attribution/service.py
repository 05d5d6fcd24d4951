"""Each campaign's attribution rule: the default, or the one set for it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import cast

from sqlalchemy.ext.asyncio import AsyncSession

from services.tracking.attribution.repository import AttributionRuleRepository
from services.tracking.attribution.schemas import AttributionRuleRead, AttributionRuleUpdate
from services.tracking.domain.attribution import DEFAULT_RULE, Precedence


async def get(session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID
              ) -> AttributionRuleRead:
    stored = (await AttributionRuleRepository(session).of(workspace_id, [campaign_id])).get(campaign_id)
    if stored is None:
        return AttributionRuleRead(campaign_id=campaign_id, window_days=DEFAULT_RULE.window_days,
                                   precedence=DEFAULT_RULE.precedence, default=True, updated_at=None)
    return AttributionRuleRead(campaign_id=campaign_id, window_days=stored.window_days,
                               precedence=cast(Precedence, stored.precedence), default=False,
                               updated_at=stored.updated_at)


async def put(session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID,
              body: AttributionRuleUpdate) -> AttributionRuleRead:
    """Applies to orders attributed from now on; those attributed before keep their creator."""
    await AttributionRuleRepository(session).put(workspace_id, campaign_id, body.window_days,
                                                 body.precedence, datetime.now(UTC))
    return await get(session, workspace_id, campaign_id)
