from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from services.campaigns.access import ReadAccess, WriteAccess
from services.campaigns.contract.endpoints import contract_read
from services.campaigns.contract.schemas import ContractRead
from services.campaigns.offer import service
from services.campaigns.offer.schemas import OfferCreate, OfferPage, OfferRead
from shared.http.app import IdempotencyDep, SessionDep
from shared.http.pagination import PageParams, make_page, page_params
from shared.http.problems import PROBLEM_RESPONSES, Problem, ProblemError

router = APIRouter(tags=["negotiation"], responses=PROBLEM_RESPONSES)


def _conflict(description: str) -> dict[int | str, dict[str, Any]]:
    return {409: {"model": Problem, "content": {"application/problem+json": {}},
                  "description": description}}


@router.post("/v1/collaborations/{collaboration_id}/offers", status_code=201,
             response_model=OfferRead, summary="Make an offer or a counter-offer",
             responses=_conflict("The contract is signed (`contract-signed`): its terms are no "
                                 "longer negotiable; or the collaboration has ended"),
             description=(
                 "Each offer is a new version of the full terms; it supersedes the open one and "
                 "an unsigned contract draft. The first offer takes the collaboration to "
                 "negotiating (through contacted). The terms must fit the compensation model "
                 "(a 422 names what is missing)."))
async def make_offer(collaboration_id: uuid.UUID, body: OfferCreate, session: SessionDep,
                     principal: WriteAccess, idempotency: IdempotencyDep) -> JSONResponse:
    if (replayed := await idempotency.replay(body)) is not None:
        return replayed
    offer = await service.make(session, principal.workspace_id, collaboration_id, body,
                               principal.subject)
    return await idempotency.respond(201, OfferRead.model_validate(offer))


@router.get("/v1/collaborations/{collaboration_id}/offers", response_model=OfferPage,
            summary="The collaboration's offers, oldest version first")
async def list_offers(collaboration_id: uuid.UUID, session: SessionDep, principal: ReadAccess,
                      page: Annotated[PageParams, Depends(page_params)]) -> OfferPage:
    after = _version_after(page)
    rows = await service.for_collaboration(session, principal.workspace_id, collaboration_id,
                                           after, page.limit)
    return make_page([OfferRead.model_validate(r) for r in rows], page.limit, lambda o: [o.version])


@router.get("/v1/offers/{offer_id}", response_model=OfferRead, summary="Get an offer")
async def get_offer(offer_id: uuid.UUID, session: SessionDep, principal: ReadAccess) -> OfferRead:
    return OfferRead.model_validate(await service.get_or_raise(session, principal.workspace_id,
                                                               offer_id))


@router.post("/v1/offers/{offer_id}/accept", status_code=201, response_model=ContractRead,
             summary="Accept the open offer: its terms become the contract draft",
             responses=_conflict("The offer is not the open one (`offer-not-open`), or the "
                                 "contract is already signed (`contract-signed`)"))
async def accept_offer(offer_id: uuid.UUID, session: SessionDep, principal: WriteAccess,
                       idempotency: IdempotencyDep) -> JSONResponse:
    if (replayed := await idempotency.replay(None)) is not None:
        return replayed
    contract = await service.accept(session, principal.workspace_id, offer_id, principal.subject)
    return await idempotency.respond(201, await contract_read(session, contract))


def _version_after(page: PageParams) -> int | None:
    if page.after is None:
        return None
    match page.after:
        case [int(version)] if 0 < version < 2**31:
            return version
    raise ProblemError(400, "Invalid cursor", "the cursor is not one this API issued",
                       "invalid-cursor")
