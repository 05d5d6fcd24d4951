from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from services.campaigns.access import ReadAccess
from services.campaigns.campaign import service as campaigns
from services.campaigns.goal import service
from services.campaigns.goal.schemas import GoalPage
from shared.http.app import SessionDep
from shared.http.pagination import PageParams, encode_cursor, int_after, page_params
from shared.http.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/campaigns", tags=["goals"], responses=PROBLEM_RESPONSES)


@router.get("/{campaign_id}/goals", response_model=GoalPage, summary="A campaign's goals and progress",
            description=service.PROGRESS_RULES)
async def list_goals(
    campaign_id: uuid.UUID, session: SessionDep, principal: ReadAccess,
    page: Annotated[PageParams, Depends(page_params)],
) -> GoalPage:
    await campaigns.get_or_raise(session, principal.workspace_id, campaign_id)
    rows = await service.page(session, principal.workspace_id, campaign_id, int_after(page), page.limit)
    shown = rows[:page.limit]
    cursor = encode_cursor([shown[-1].position]) if len(rows) > page.limit else None
    return GoalPage(items=[service.read(g) for g in shown], next_cursor=cursor)
