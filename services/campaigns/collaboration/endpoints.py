from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from services.campaigns.access import ReadAccess
from services.campaigns.collaboration import service
from services.campaigns.collaboration.schemas import CollaborationPage, CollaborationRead
from shared.http.app import SessionDep
from shared.http.pagination import PageParams, make_page, page_params, uuid_after
from shared.http.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/campaigns", tags=["collaborations"], responses=PROBLEM_RESPONSES)


@router.get("/{campaign_id}/collaborations", response_model=CollaborationPage,
            summary="List a campaign's collaborations")
async def list_collaborations(
    campaign_id: uuid.UUID, session: SessionDep, principal: ReadAccess,
    page: Annotated[PageParams, Depends(page_params)],
) -> CollaborationPage:
    rows = await service.list_page(
        session, principal.workspace_id, campaign_id, uuid_after(page), page.limit
    )
    return make_page([CollaborationRead.model_validate(r) for r in rows], page.limit,
                     lambda c: [c.id])
