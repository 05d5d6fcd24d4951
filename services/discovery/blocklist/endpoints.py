from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response

from services.discovery.access import ReadAccess, WriteAccess
from services.discovery.blocklist import service
from services.discovery.blocklist.schemas import BlockCreate, BlockPage, BlockRead
from shared.http.app import SessionDep
from shared.http.pagination import PageParams, make_page, page_params, uuid_after
from shared.http.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/blocklist", tags=["blocklist"], responses=PROBLEM_RESPONSES)


@router.post("", status_code=201, response_model=BlockRead,
             summary="Block an influencer: hidden from search, match and lookalikes")
async def create_block(body: BlockCreate, session: SessionDep, principal: WriteAccess) -> BlockRead:
    return BlockRead.model_validate(await service.create(session, principal.workspace_id, body))


@router.get("", response_model=BlockPage, summary="List the workspace's blocked influencers")
async def list_blocks(
    session: SessionDep, principal: ReadAccess, page: Annotated[PageParams, Depends(page_params)]
) -> BlockPage:
    rows = await service.list_page(session, principal.workspace_id, uuid_after(page), page.limit)
    return make_page([BlockRead.model_validate(r) for r in rows], page.limit,
                     lambda b: [b.influencer_id])


@router.delete("/{influencer_id}", status_code=204, summary="Unblock an influencer")
async def delete_block(influencer_id: uuid.UUID, session: SessionDep, principal: WriteAccess) -> Response:
    await service.delete(session, principal.workspace_id, influencer_id)
    return Response(status_code=204)
