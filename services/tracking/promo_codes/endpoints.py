from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from services.tracking.access import ReadAccess, WriteAccess
from services.tracking.promo_codes import service
from services.tracking.promo_codes.schemas import PromoCodeCreate, PromoCodePage, PromoCodeRead
from shared.http.app import IdempotencyDep, SessionDep
from shared.http.pagination import PageParams, make_page, page_params, uuid_after
from shared.http.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/promo-codes", tags=["promo codes"], responses=PROBLEM_RESPONSES)


@router.post("", status_code=201, response_model=PromoCodeRead, summary="Create a promo code",
             responses={409: {"description": "The workspace has this code already (any case)"}})
async def create_promo_code(body: PromoCodeCreate, session: SessionDep, principal: WriteAccess,
                            idempotency: IdempotencyDep) -> JSONResponse:
    """A collaboration's discount code. Orders carrying it (in any case) within its validity
    window, and while it is under its usage cap, are attributed to the collaboration under the
    campaign's attribution rule (`GET /v1/campaigns/{id}/attribution-rule`)."""
    if (replayed := await idempotency.replay(body)) is not None:
        return replayed
    code = await service.create(session, principal.workspace_id, body)
    return await idempotency.respond(201, PromoCodeRead.of(code, datetime.now(UTC)))


@router.get("", response_model=PromoCodePage, summary="List promo codes")
async def list_promo_codes(
    session: SessionDep, principal: ReadAccess, page: Annotated[PageParams, Depends(page_params)],
    campaign_id: Annotated[uuid.UUID | None, Query()] = None,
    collaboration_id: Annotated[uuid.UUID | None, Query()] = None,
    code: Annotated[str | None, Query(max_length=40, description="This code, in any case")] = None,
) -> PromoCodePage:
    rows = await service.list_page(session, principal.workspace_id, campaign_id, collaboration_id, code,
                                   uuid_after(page), page.limit)
    now = datetime.now(UTC)
    return make_page([PromoCodeRead.of(r, now) for r in rows], page.limit, lambda c: [c.id])


@router.get("/{code_id}", response_model=PromoCodeRead, summary="Get a promo code")
async def get_promo_code(code_id: uuid.UUID, session: SessionDep, principal: ReadAccess) -> PromoCodeRead:
    code = await service.get_or_raise(session, principal.workspace_id, code_id)
    return PromoCodeRead.of(code, datetime.now(UTC))


@router.post("/{code_id}/deactivate", response_model=PromoCodeRead, summary="Deactivate a promo code")
async def deactivate_promo_code(code_id: uuid.UUID, session: SessionDep, principal: WriteAccess
                                ) -> PromoCodeRead:
    """Orders with it are no longer attributed by it (orders attributed before stay). Idempotent;
    the code stays taken in the workspace."""
    code = await service.deactivate(session, principal.workspace_id, code_id)
    return PromoCodeRead.of(code, datetime.now(UTC))
