from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from services.tracking.access import ReadAccess, WriteAccess
from services.tracking.emv import service
from services.tracking.emv.schemas import EmvTablePage, EmvTableRead, EmvTableWrite
from shared.http.app import SessionDep
from shared.http.pagination import PageParams, int_after, make_page, page_params
from shared.http.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1", tags=["emv"], responses=PROBLEM_RESPONSES)
_WHAT = ("EMV = Σ action count × value per action and platform. The built-in default (version "
         "`default`) is Aspire's published Total Media Value table for Instagram, TikTok and "
         "Pinterest (cited in `source`); a platform a table does not value adds no EMV and is "
         "named in each figure's `unvalued_platforms`.")


@router.get("/emv-table", response_model=EmvTableRead, summary="The EMV table KPIs use now",
            description=_WHAT)
async def get_emv_table(session: SessionDep, principal: ReadAccess) -> EmvTableRead:
    return await service.current_read(session, principal.workspace_id)


@router.put("/emv-table", response_model=EmvTableRead,
            summary="Set the workspace's EMV table (a new version)",
            description=_WHAT + " Setting a table never changes an older version: KPIs computed from "
            "now on name the new one.")
async def set_emv_table(body: EmvTableWrite, session: SessionDep, principal: WriteAccess) -> EmvTableRead:
    return await service.set_table(session, principal.workspace_id, body)


@router.get("/emv-tables", response_model=EmvTablePage,
            summary="List the workspace's EMV table versions, newest first")
async def list_emv_tables(
    session: SessionDep, principal: ReadAccess, page: Annotated[PageParams, Depends(page_params)],
) -> EmvTablePage:
    rows = await service.list_page(session, principal.workspace_id, int_after(page), page.limit)
    made = make_page(list(rows), page.limit, lambda t: [int(t.version)])
    return EmvTablePage(items=made.items, next_cursor=made.next_cursor)
