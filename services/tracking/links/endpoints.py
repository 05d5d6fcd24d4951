from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from services.tracking.access import ReadAccess, WriteAccess
from services.tracking.links import service
from services.tracking.links.schemas import LinkCreate, LinkPage, LinkRead, LinkUpdate
from shared.http.app import IdempotencyDep, SessionDep
from shared.http.pagination import PageParams, make_page, page_params, uuid_after
from shared.http.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/links", tags=["links"], responses=PROBLEM_RESPONSES)


def _base_url(request: Request) -> str:
    return str(request.app.state.settings.link_base_url)


@router.post("", status_code=201, response_model=LinkRead, summary="Create a tracked link")
async def create_link(
    body: LinkCreate, request: Request, session: SessionDep, principal: WriteAccess,
    idempotency: IdempotencyDep,
) -> JSONResponse:
    """A new unguessable code for the collaboration. The destination must be http(s) on one of
    the workspace's allowed domains (`PUT /v1/allowed-domains/{domain}`) or a subdomain of one;
    the UTM parameters (source, medium, campaign, content) replace any the destination had. Each
    click is sent to `target_url` with a fresh `icp_click_id`, which orders carry back for
    attribution. The redirect serves the code within moments of the commit."""
    if (replayed := await idempotency.replay(body)) is not None:
        return replayed
    link = await service.create(session, principal.workspace_id, body)
    return await idempotency.respond(201, LinkRead.of(link, _base_url(request)))


@router.get("", response_model=LinkPage, summary="List tracked links")
async def list_links(
    request: Request, session: SessionDep, principal: ReadAccess,
    page: Annotated[PageParams, Depends(page_params)],
    campaign_id: Annotated[uuid.UUID | None, Query()] = None,
    collaboration_id: Annotated[uuid.UUID | None, Query()] = None,
) -> LinkPage:
    rows = await service.list_page(session, principal.workspace_id, campaign_id, collaboration_id,
                                   uuid_after(page), page.limit)
    base = _base_url(request)
    return make_page([LinkRead.of(r, base) for r in rows], page.limit, lambda link: [link.id])


@router.get("/{link_id}", response_model=LinkRead, summary="Get a tracked link")
async def get_link(link_id: uuid.UUID, request: Request, session: SessionDep,
                   principal: ReadAccess) -> LinkRead:
    link = await service.get_or_raise(session, principal.workspace_id, link_id)
    return LinkRead.of(link, _base_url(request))


@router.patch("/{link_id}", response_model=LinkRead, summary="Change when a link expires")
async def update_link(link_id: uuid.UUID, body: LinkUpdate, request: Request,
                      session: SessionDep, principal: WriteAccess) -> LinkRead:
    """An expired link's code answers 404 (a page, not a redirect)."""
    link = await service.update(session, principal.workspace_id, link_id, body)
    return LinkRead.of(link, _base_url(request))
