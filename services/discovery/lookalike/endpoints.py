from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from services.discovery.access import ReadAccess
from services.discovery.lookalike import service
from services.discovery.lookalike.schemas import LookalikeList
from shared.http.app import SessionDep
from shared.http.pagination import MAX_LIMIT
from shared.http.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/influencers", tags=["lookalikes"], responses=PROBLEM_RESPONSES)


@router.get("/{influencer_id}/lookalikes", response_model=LookalikeList,
            summary="Influencers with similar audiences and topics (pgvector, cosine)")
async def list_lookalikes(
    influencer_id: uuid.UUID, session: SessionDep, principal: ReadAccess,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
) -> LookalikeList:
    return await service.lookalikes(session, principal.workspace_id, influencer_id, limit)
