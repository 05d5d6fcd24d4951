from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from services.campaigns.access import ReadAccess, WriteAccess
from services.campaigns.campaign import service, transitions
from services.campaigns.campaign.schemas import CampaignCreate, CampaignPage, CampaignRead, CampaignUpdate
from services.campaigns.campaign.versions import etag
from services.campaigns.domain.campaign_states import MOVES, CampaignState
from services.campaigns.history import service as history
from services.campaigns.history.schemas import ChangePage, ChangeRead
from shared.http.app import IdempotencyDep, SessionDep
from shared.http.pagination import PageParams, make_page, page_params, uuid_after
from shared.http.problems import PROBLEM_RESPONSES, Problem
from shared.http.responses import model_response

router = APIRouter(prefix="/v1/campaigns", tags=["campaigns"], responses=PROBLEM_RESPONSES)

IfMatch = Annotated[str | None, Header(alias="If-Match", description="The ETag of the version "
                                       "the change is based on (from GET)")]
_CONCURRENCY = {
    409: {"model": Problem, "description": "Illegal move, or a final campaign"},
    412: {"model": Problem, "description": "The campaign changed since the ETag was read"},
    428: {"model": Problem, "description": "If-Match is required"},
}
LIFECYCLE = ("draft → planned → active ⇄ paused → completed / cancelled; a planned campaign may "
             "go back to draft; completed and cancelled are final. Moves: " + "; ".join(
                 f"{state.value} → {', '.join(m.value for m in moves) or 'none'}"
                 for state, moves in MOVES.items()))


class TransitionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"to": "active", "reason": "Contracts signed, content approved"}]})

    to: CampaignState
    reason: str | None = Field(default=None, max_length=1000)


def _with_etag(body: CampaignRead) -> Response:
    return model_response(body, headers={"ETag": etag(body.version)})


@router.post("", status_code=201, response_model=CampaignRead, summary="Create a campaign",
             description="A plan starts in state draft. Creating it emits CampaignCreated, "
             "CampaignStateChanged (previous_state null) and CampaignGuidelinesUpdated.")
async def create_campaign(
    body: CampaignCreate, session: SessionDep, principal: WriteAccess, idempotency: IdempotencyDep
) -> JSONResponse:
    if (replayed := await idempotency.replay(body)) is not None:
        return replayed
    read = await service.create(session, principal.workspace_id, principal.subject, body)
    response = await idempotency.respond(201, read)
    response.headers["ETag"] = etag(read.version)
    return response


@router.get("", response_model=CampaignPage, summary="List campaigns")
async def list_campaigns(
    session: SessionDep, principal: ReadAccess, page: Annotated[PageParams, Depends(page_params)],
    state: Annotated[CampaignState | None, Query(description="Only campaigns in this state")] = None,
) -> CampaignPage:
    rows = await service.list_page(session, principal.workspace_id, uuid_after(page), page.limit,
                                   state.value if state else None)
    return make_page(await service.reads(session, rows), page.limit, lambda c: [c.id])


@router.get("/{campaign_id}", response_model=CampaignRead, summary="Get a campaign",
            description="The plan, with its ETag (send it back in If-Match to change it).")
async def get_campaign(campaign_id: uuid.UUID, session: SessionDep, principal: ReadAccess) -> Response:
    return _with_etag(await service.read_one(session, principal.workspace_id, campaign_id))


@router.patch("/{campaign_id}", response_model=CampaignRead, responses=_CONCURRENCY,  # type: ignore[arg-type]
              summary="Change a campaign's plan",
              description="Fields present replace the stored ones (a list or an object whole); "
              "null clears an optional one. If-Match is required: a write based on an older "
              "version is refused with 412. The plan is checked as a whole (a 422 names each "
              "field at fault, nothing is stored); every change is kept in the history.")
async def update_campaign(
    campaign_id: uuid.UUID, body: CampaignUpdate, session: SessionDep, principal: WriteAccess,
    if_match: IfMatch = None,
) -> Response:
    return _with_etag(await service.update(session, principal.workspace_id, principal.subject,
                                           campaign_id, body, if_match))


@router.post("/{campaign_id}/transitions", response_model=CampaignRead, responses=_CONCURRENCY,  # type: ignore[arg-type]
             summary="Move a campaign through its lifecycle",
             description=LIFECYCLE + ". Launch (planned → active) needs at least one goal, a "
             "budget and one collaboration contracted or further along. An illegal move is a 409 "
             "listing the allowed ones (`allowed`); an unmet launch requirement a 409 listing what "
             "is `missing`. Each move emits CampaignStateChanged. If-Match is optional here.")
async def transition_campaign(
    campaign_id: uuid.UUID, body: TransitionIn, session: SessionDep, principal: WriteAccess,
    if_match: IfMatch = None,
) -> Response:
    campaign = await transitions.move(session, principal.workspace_id, principal.subject, campaign_id,
                                      body.to, body.reason, if_match)
    return _with_etag(await service.read(session, campaign))


@router.get("/{campaign_id}/history", response_model=ChangePage, summary="A campaign's changes",
            description="Every change of the plan or the state, newest first: who (the token's "
                        "subject), when, and each field's value before and after.")
async def list_campaign_history(
    campaign_id: uuid.UUID, session: SessionDep, principal: ReadAccess,
    page: Annotated[PageParams, Depends(page_params)],
) -> ChangePage:
    await service.get_or_raise(session, principal.workspace_id, campaign_id)
    rows = await history.page(session, principal.workspace_id, campaign_id, uuid_after(page), page.limit)
    return make_page([ChangeRead.model_validate(r) for r in rows], page.limit, lambda c: [c.id])
