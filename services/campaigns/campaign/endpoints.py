from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from services.campaigns.access import ReadAccess, WriteAccess
from services.campaigns.campaign import service
from services.campaigns.campaign.schemas import CampaignCreate, CampaignPage, CampaignRead
from shared.http.app import IdempotencyDep, SessionDep
from shared.http.pagination import PageParams, make_page, page_params, uuid_after
from shared.http.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/campaigns", tags=["campaigns"], responses=PROBLEM_RESPONSES)


@router.post("", status_code=201, response_model=CampaignRead, summary="Create a campaign")
async def create_campaign(
    body: CampaignCreate, session: SessionDep, principal: WriteAccess, idempotency: IdempotencyDep
) -> JSONResponse:
    if (replayed := await idempotency.replay(body)) is not None:
        return replayed
    campaign = await service.create(session, principal.workspace_id, body)
    return await idempotency.respond(201, CampaignRead.model_validate(campaign))


@router.get("", response_model=CampaignPage, summary="List campaigns")
async def list_campaigns(
    session: SessionDep, principal: ReadAccess, page: Annotated[PageParams, Depends(page_params)]
) -> CampaignPage:
    rows = await service.list_page(session, principal.workspace_id, uuid_after(page), page.limit)
    return make_page([CampaignRead.model_validate(r) for r in rows], page.limit, lambda c: [c.id])


@router.get("/{campaign_id}", response_model=CampaignRead, summary="Get a campaign")
async def get_campaign(
    campaign_id: uuid.UUID, session: SessionDep, principal: ReadAccess
) -> CampaignRead:
    campaign = await service.get_or_raise(session, principal.workspace_id, campaign_id)
    return CampaignRead.model_validate(campaign)
