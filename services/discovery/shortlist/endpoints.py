from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from fastapi.responses import JSONResponse

from services.discovery.access import ReadAccess, WriteAccess
from services.discovery.shortlist import service
from services.discovery.shortlist.schemas import (
    EntryCreate,
    EntryPage,
    EntryRead,
    ShortlistCreate,
    ShortlistPage,
    ShortlistRead,
)
from shared.http.app import IdempotencyDep, SessionDep
from shared.http.pagination import PageParams, make_page, page_params, uuid_after
from shared.http.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/shortlists", tags=["shortlists"], responses=PROBLEM_RESPONSES)
Paging = Annotated[PageParams, Depends(page_params)]


@router.post("", status_code=201, response_model=ShortlistRead, summary="Create a shortlist")
async def create_shortlist(
    body: ShortlistCreate, session: SessionDep, principal: WriteAccess,
    idempotency: IdempotencyDep,
) -> JSONResponse:
    if (replayed := await idempotency.replay(body)) is not None:
        return replayed
    shortlist = await service.create(session, principal.workspace_id, body)
    return await idempotency.respond(201, ShortlistRead.model_validate(shortlist))


@router.get("", response_model=ShortlistPage, summary="List shortlists")
async def list_shortlists(
    session: SessionDep, principal: ReadAccess, page: Paging,
    campaign_id: Annotated[uuid.UUID | None, Query(description="Only this campaign's")] = None,
) -> ShortlistPage:
    rows = await service.list_page(session, principal.workspace_id, campaign_id,
                                   uuid_after(page), page.limit)
    return make_page([ShortlistRead.model_validate(r) for r in rows], page.limit,
                     lambda s: [s.id])


@router.get("/{shortlist_id}", response_model=ShortlistRead, summary="Get a shortlist")
async def get_shortlist(
    shortlist_id: uuid.UUID, session: SessionDep, principal: ReadAccess
) -> ShortlistRead:
    return ShortlistRead.model_validate(
        await service.get_or_raise(session, principal.workspace_id, shortlist_id)
    )


@router.post("/{shortlist_id}/influencers", status_code=201, response_model=EntryRead,
             summary="Add an influencer (emits InfluencerShortlisted)",
             responses={200: {"model": EntryRead, "description": "Already on the shortlist"}})
async def add_shortlist_influencer(
    shortlist_id: uuid.UUID, body: EntryCreate, session: SessionDep, principal: WriteAccess,
) -> JSONResponse:
    entry, created = await service.add_influencer(session, principal.workspace_id,
                                                  shortlist_id, body)
    return JSONResponse(EntryRead.model_validate(entry).model_dump(mode="json"),
                        status_code=201 if created else 200)


@router.get("/{shortlist_id}/influencers", response_model=EntryPage,
            summary="List a shortlist's influencers")
async def list_shortlist_influencers(
    shortlist_id: uuid.UUID, session: SessionDep, principal: ReadAccess, page: Paging,
) -> EntryPage:
    rows = await service.entries_page(session, principal.workspace_id, shortlist_id,
                                      uuid_after(page), page.limit)
    return make_page([EntryRead.model_validate(r) for r in rows], page.limit,
                     lambda e: [e.influencer_id])


@router.delete("/{shortlist_id}/influencers/{influencer_id}", status_code=204,
               summary="Remove an influencer (emits InfluencerRemovedFromShortlist)")
async def remove_shortlist_influencer(
    shortlist_id: uuid.UUID, influencer_id: uuid.UUID, session: SessionDep,
    principal: WriteAccess,
) -> Response:
    await service.remove_influencer(session, principal.workspace_id, shortlist_id, influencer_id)
    return Response(status_code=204)
