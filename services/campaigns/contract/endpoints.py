from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.access import ReadAccess, WriteAccess
from services.campaigns.contract import service
from services.campaigns.contract.schemas import (
    ContractPage,
    ContractRead,
    DeliverableRead,
    SignRequest,
)
from services.campaigns.models import Contract, Deliverable
from shared.http.app import IdempotencyDep, SessionDep
from shared.http.pagination import PageParams, make_page, page_params, uuid_after
from shared.http.problems import PROBLEM_RESPONSES, Problem

router = APIRouter(tags=["contracts"], responses=PROBLEM_RESPONSES)


def _read(contract: Contract, pieces: Sequence[Deliverable]) -> ContractRead:
    fields = {name: getattr(contract, name) for name in ContractRead.model_fields
              if name != "deliverables"}
    return ContractRead.model_validate(
        fields | {"deliverables": [DeliverableRead.model_validate(p) for p in pieces]})


async def contract_read(session: AsyncSession, contract: Contract) -> ContractRead:
    return _read(contract, await service.deliverables(session, contract))


@router.get("/v1/contracts/{contract_id}", response_model=ContractRead,
            summary="Get a contract with its deliverables")
async def get_contract(contract_id: uuid.UUID, session: SessionDep,
                       principal: ReadAccess) -> ContractRead:
    return await contract_read(session, await service.get_or_raise(
        session, principal.workspace_id, contract_id))


@router.get("/v1/collaborations/{collaboration_id}/contracts", response_model=ContractPage,
            summary="The collaboration's contracts (drafts superseded by newer offers too)")
async def list_contracts(collaboration_id: uuid.UUID, session: SessionDep, principal: ReadAccess,
                         page: Annotated[PageParams, Depends(page_params)]) -> ContractPage:
    found, pieces = await service.for_collaboration(session, principal.workspace_id,
                                                    collaboration_id, uuid_after(page), page.limit)
    return make_page([_read(c, pieces[c.id]) for c in found], page.limit, lambda c: [c.id])


@router.post(
    "/v1/contracts/{contract_id}/sign", response_model=ContractRead, summary="Sign a contract draft",
    responses={409: {"model": Problem, "content": {"application/problem+json": {}}, "description": (
        "Beyond the remaining budget without `override_reason` (`over-budget`: `required_minor`, "
        "`remaining_minor`, `currency`), not a draft (`contract-not-draft`), or the "
        "collaboration cannot become contracted (`illegal-transition`)")}},
    description=(
        "Moves the collaboration to contracted, commits the fixed fee and the gifted value "
        "(seeded products replace it once recorded) against the campaign budget, converted at "
        "the day's rate; performance fees are committed as tracking accrues them. Emits "
        "ContractSigned with every cost term and each deliverable piece."))
async def sign_contract(contract_id: uuid.UUID, session: SessionDep, principal: WriteAccess,
                        idempotency: IdempotencyDep, body: SignRequest | None = None) -> JSONResponse:
    request = body or SignRequest()
    if (replayed := await idempotency.replay(request)) is not None:
        return replayed
    contract = await service.sign(session, principal.workspace_id, contract_id, request,
                                  principal.subject)
    return await idempotency.respond(200, await contract_read(session, contract))
