from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from services.campaigns.access import ReadAccess, WriteAccess
from services.campaigns.seeding import service
from services.campaigns.seeding.schemas import SeedingCreate, SeedingPage, SeedingRead, SeedingUpdate
from shared.http.app import IdempotencyDep, SessionDep
from shared.http.pagination import PageParams, make_page, page_params, uuid_after
from shared.http.problems import PROBLEM_RESPONSES

router = APIRouter(tags=["product seeding"], responses=PROBLEM_RESPONSES)


@router.post("/v1/collaborations/{collaboration_id}/seedings", status_code=201,
             response_model=SeedingRead, summary="Record a product sent to the creator",
             description="Its value is a cost of the collaboration, committed against the budget "
                         "(a returned product at nothing); emits ProductSeeded.")
async def record_seeding(collaboration_id: uuid.UUID, body: SeedingCreate, session: SessionDep,
                         principal: WriteAccess, idempotency: IdempotencyDep) -> JSONResponse:
    if (replayed := await idempotency.replay(body)) is not None:
        return replayed
    product = await service.record(session, principal.workspace_id, collaboration_id, body)
    return await idempotency.respond(201, SeedingRead.model_validate(product))


@router.get("/v1/collaborations/{collaboration_id}/seedings", response_model=SeedingPage,
            summary="Products sent to the creator")
async def list_seedings(collaboration_id: uuid.UUID, session: SessionDep, principal: ReadAccess,
                        page: Annotated[PageParams, Depends(page_params)]) -> SeedingPage:
    rows = await service.for_collaboration(session, principal.workspace_id, collaboration_id,
                                           uuid_after(page), page.limit)
    return make_page([SeedingRead.model_validate(r) for r in rows], page.limit, lambda p: [p.id])


@router.patch("/v1/seedings/{seeding_id}", response_model=SeedingRead,
              summary="Update a shipment: status, carrier, tracking number")
async def update_seeding(seeding_id: uuid.UUID, body: SeedingUpdate, session: SessionDep,
                         principal: WriteAccess) -> SeedingRead:
    return SeedingRead.model_validate(
        await service.update(session, principal.workspace_id, seeding_id, body))
