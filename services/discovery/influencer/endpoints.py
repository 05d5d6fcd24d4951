from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from services.discovery.access import ReadAccess, WriteAccess
from services.discovery.influencer import service
from services.discovery.influencer.schemas import InfluencerCreate, InfluencerPage, InfluencerRead
from shared.http.app import IdempotencyDep, SessionDep
from shared.http.pagination import PageParams, make_page, page_params, uuid_after
from shared.http.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/influencers", tags=["influencers"], responses=PROBLEM_RESPONSES)


@router.post("", status_code=201, response_model=InfluencerRead, summary="Store an influencer")
async def create_influencer(
    body: InfluencerCreate, session: SessionDep, principal: WriteAccess,
    idempotency: IdempotencyDep,
) -> JSONResponse:
    if (replayed := await idempotency.replay(body)) is not None:
        return replayed
    influencer = await service.create(session, principal.workspace_id, body)
    return await idempotency.respond(201, InfluencerRead.model_validate(influencer))


@router.get("", response_model=InfluencerPage, summary="List influencers")
async def list_influencers(
    session: SessionDep, principal: ReadAccess, page: Annotated[PageParams, Depends(page_params)]
) -> InfluencerPage:
    rows = await service.list_page(session, principal.workspace_id, uuid_after(page), page.limit)
    return make_page([InfluencerRead.model_validate(r) for r in rows], page.limit,
                     lambda i: [i.id])


@router.get("/{influencer_id}", response_model=InfluencerRead, summary="Get an influencer")
async def get_influencer(
    influencer_id: uuid.UUID, session: SessionDep, principal: ReadAccess
) -> InfluencerRead:
    return InfluencerRead.model_validate(
        await service.get_or_raise(session, principal.workspace_id, influencer_id)
    )
