from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from services.campaigns.access import ReadAccess
from services.campaigns.brief import service
from services.campaigns.brief.schemas import MatchBriefRead
from services.campaigns.domain import brief as rules
from shared.codes import CountryCode
from shared.http.app import SessionDep
from shared.http.pagination import MAX_LIMIT
from shared.http.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/campaigns", tags=["brief"], responses=PROBLEM_RESPONSES)


@router.get("/{campaign_id}/brief", response_model=MatchBriefRead,
            summary="The campaign as a match brief for discovery",
            description="The body discovery's POST /v1/match accepts, built from the plan: send it "
            "as it is to get ranked influencers. " + rules.RULES)
async def get_match_brief(
    campaign_id: uuid.UUID, session: SessionDep, principal: ReadAccess,
    market: Annotated[CountryCode | None, Query(description="One of the campaign's markets: its "
                                                "country and languages only")] = None,
    persona: Annotated[str | None, Query(max_length=200, description="One persona by name")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Influencers to ask for")] = 20,
) -> MatchBriefRead:
    return await service.brief(session, principal.workspace_id, campaign_id, market, persona, limit)
