from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from services.discovery.access import ReadAccess, WriteAccess
from services.discovery.influencer import erasure, service
from services.discovery.influencer.read_schemas import InfluencerPage, InfluencerRead, InfluencerSummary
from services.discovery.influencer.schemas import InfluencerCreate, InfluencerUpdate
from shared.http.app import IdempotencyDep, SessionDep
from shared.http.pagination import PageParams, make_page, page_params, uuid_after
from shared.http.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/influencers", tags=["influencers"], responses=PROBLEM_RESPONSES)
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: PROBLEM_RESPONSES[404] | {"description": "An account belongs to another influencer"}}


@router.post("", status_code=201, response_model=InfluencerRead, summary="Store an influencer",
             responses=CONFLICT)
async def create_influencer(
    body: InfluencerCreate, session: SessionDep, principal: WriteAccess,
    idempotency: IdempotencyDep,
) -> JSONResponse:
    if (replayed := await idempotency.replay(body)) is not None:
        return replayed
    influencer_id = await service.create(session, principal.workspace_id, body)
    return await idempotency.respond(201, await service.read(session, principal.workspace_id,
                                                             influencer_id))


@router.get("", response_model=InfluencerPage, summary="List influencers")
async def list_influencers(
    session: SessionDep, principal: ReadAccess, page: Annotated[PageParams, Depends(page_params)]
) -> InfluencerPage:
    rows = await service.list_page(session, principal.workspace_id, uuid_after(page), page.limit)
    return make_page([InfluencerSummary.model_validate(r) for r in rows], page.limit,
                     lambda i: [i.id])


@router.get("/{influencer_id}", response_model=InfluencerRead,
            summary="Get an influencer: full profile, freshness and explained metrics")
async def get_influencer(
    influencer_id: uuid.UUID, session: SessionDep, principal: ReadAccess
) -> InfluencerRead:
    return await service.read(session, principal.workspace_id, influencer_id)


@router.patch("/{influencer_id}", response_model=InfluencerRead, responses=CONFLICT,
              summary="Change an influencer: given fields replace, given accounts upsert")
async def update_influencer(
    influencer_id: uuid.UUID, body: InfluencerUpdate, session: SessionDep, principal: WriteAccess,
) -> InfluencerRead:
    await service.update(session, principal.workspace_id, influencer_id, body)
    return await service.read(session, principal.workspace_id, influencer_id)


@router.delete("/{influencer_id}", status_code=204,
               summary="Erase an influencer and everything held about them",
               description=(
                   "For a creator's erasure request: the profile, its accounts, snapshots, search "
                   "entries, lookalike vector, blocklist and shortlist entries and collaboration "
                   "outcomes go at once. Each shortlist that held the influencer emits "
                   "`InfluencerRemovedFromShortlist`. Erasing again answers 404."))
async def delete_influencer(influencer_id: uuid.UUID, session: SessionDep, principal: WriteAccess) -> None:
    await erasure.erase(session, principal.workspace_id, influencer_id)
