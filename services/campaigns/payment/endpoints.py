from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from services.campaigns.access import ReadAccess, WriteAccess
from services.campaigns.payment import service
from services.campaigns.payment.schemas import PaymentCreate, PaymentPage, PaymentRead, PaymentUpdate
from shared.http.app import IdempotencyDep, SessionDep
from shared.http.pagination import PageParams, make_page, page_params, uuid_after
from shared.http.problems import PROBLEM_RESPONSES, Problem

router = APIRouter(tags=["payments"], responses=PROBLEM_RESPONSES)
_CONFLICT: dict[int | str, dict[str, Any]] = {409: {
    "model": Problem, "content": {"application/problem+json": {}}, "description": (
    "More than is owed so far — the fixed fee plus the performance fees tracking accrued — "
    "(`payment-exceeds-owed`: `owed_minor`, `recorded_minor`), a contract not signed, or a status "
    "a payment cannot take from its current one (`illegal-transition`)")}}


@router.post("/v1/contracts/{contract_id}/payments", status_code=201, response_model=PaymentRead,
             responses=_CONFLICT, summary="Record a payment to the creator",
             description="Scheduled, pending and paid payments together never exceed what is "
                         "owed. Emits PaymentRecorded; a paid payment counts as paid in the budget.")
async def record_payment(contract_id: uuid.UUID, body: PaymentCreate, session: SessionDep,
                         principal: WriteAccess, idempotency: IdempotencyDep) -> JSONResponse:
    if (replayed := await idempotency.replay(body)) is not None:
        return replayed
    payment = await service.record(session, principal.workspace_id, contract_id, body)
    return await idempotency.respond(201, PaymentRead.model_validate(payment))


@router.get("/v1/contracts/{contract_id}/payments", response_model=PaymentPage,
            summary="The contract's payments")
async def list_payments(contract_id: uuid.UUID, session: SessionDep, principal: ReadAccess,
                        page: Annotated[PageParams, Depends(page_params)]) -> PaymentPage:
    rows = await service.for_contract(session, principal.workspace_id, contract_id,
                                      uuid_after(page), page.limit)
    return make_page([PaymentRead.model_validate(r) for r in rows], page.limit, lambda p: [p.id])


@router.patch("/v1/payments/{payment_id}", response_model=PaymentRead, responses=_CONFLICT,
              summary="Change a payment's status (paid, failed, …)")
async def update_payment(payment_id: uuid.UUID, body: PaymentUpdate, session: SessionDep,
                         principal: WriteAccess) -> PaymentRead:
    return PaymentRead.model_validate(
        await service.update(session, principal.workspace_id, payment_id, body))
