from __future__ import annotations

import uuid

from fastapi import APIRouter

from services.tracking.access import ReadAccess, WriteAccess
from services.tracking.attribution import service
from services.tracking.attribution.schemas import AttributionRuleRead, AttributionRuleUpdate
from shared.http.app import SessionDep
from shared.http.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/campaigns", tags=["conversions"], responses=PROBLEM_RESPONSES)


@router.get("/{campaign_id}/attribution-rule", response_model=AttributionRuleRead,
            summary="A campaign's attribution rule")
async def get_attribution_rule(campaign_id: uuid.UUID, session: SessionDep, principal: ReadAccess
                               ) -> AttributionRuleRead:
    """Default: last touch within 30 days, a creator's promo code beats a link."""
    return await service.get(session, principal.workspace_id, campaign_id)


@router.put("/{campaign_id}/attribution-rule", response_model=AttributionRuleRead,
            summary="Set a campaign's attribution rule")
async def put_attribution_rule(campaign_id: uuid.UUID, body: AttributionRuleUpdate, session: SessionDep,
                               principal: WriteAccess) -> AttributionRuleRead:
    """For orders attributed from now on; orders attributed before keep their creator."""
    return await service.put(session, principal.workspace_id, campaign_id, body)
