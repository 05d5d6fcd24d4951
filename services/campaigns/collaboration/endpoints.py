from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response

from services.campaigns.access import ReadAccess, WriteAccess
from services.campaigns.collaboration import service
from services.campaigns.collaboration.schemas import (
    CollaborationCreate,
    CollaborationPage,
    CollaborationRead,
    CollaborationUpdate,
    StageChangePage,
    StageChangeRead,
    TransitionCreate,
)
from services.campaigns.collaboration.stages import Stage
from shared.http.app import IdempotencyDep, SessionDep
from shared.http.pagination import PageParams, make_page, page_params, uuid_after
from shared.http.problems import PROBLEM_RESPONSES, Problem, ProblemError
from shared.http.responses import model_response

router = APIRouter(prefix="/v1/campaigns", tags=["collaborations"], responses=PROBLEM_RESPONSES)
by_id = APIRouter(prefix="/v1/collaborations", tags=["collaborations"], responses=PROBLEM_RESPONSES)
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"model": Problem, "content": {"application/problem+json": {}},
          "description": "Illegal move (the body lists the moves allowed from the current stage "
                         "in `allowed`), or a stage only its own step reaches"}}


def _after(page: PageParams) -> tuple[datetime | None, uuid.UUID] | None:
    if page.after is None:
        return None
    try:
        due, last = page.after
        return (datetime.fromisoformat(due).astimezone(UTC) if due is not None else None,
                uuid.UUID(str(last)))
    except (ValueError, TypeError, OverflowError) as exc:
        raise ProblemError(400, "Invalid cursor", "the cursor is not one this API issued",
                           "invalid-cursor") from exc


@router.post("/{campaign_id}/collaborations", status_code=201, response_model=CollaborationRead,
             responses={409: CONFLICT[409] | {"description": "The influencer is already in it"}},
             summary="Add a creator to the campaign by hand")
async def create_collaboration(
    campaign_id: uuid.UUID, body: CollaborationCreate, session: SessionDep,
    principal: WriteAccess, idempotency: IdempotencyDep,
) -> JSONResponse:
    if (replayed := await idempotency.replay(body)) is not None:
        return replayed
    collaboration = await service.create(session, principal.workspace_id, campaign_id, body)
    return await idempotency.respond(201, CollaborationRead.model_validate(collaboration))


@router.get("/{campaign_id}/collaborations", response_model=CollaborationPage,
            summary="The campaign's pipeline: collaborations by due date, filtered by stage",
            description="Sorted by `due_at` (undated last), then id. `stage` may be repeated; "
                        "one stage is served by an index on (campaign, stage, due date).")
async def list_collaborations(
    campaign_id: uuid.UUID, session: SessionDep, principal: ReadAccess,
    page: Annotated[PageParams, Depends(page_params)],
    stage: Annotated[list[Stage] | None, Query(description="Only these stages")] = None,
) -> Response:
    rows = await service.list_pipeline(session, principal.workspace_id, campaign_id,
                                       stage or [], _after(page), page.limit)
    listed = make_page([CollaborationRead.model_validate(r) for r in rows], page.limit,
                       lambda c: [c.due_at.isoformat() if c.due_at else None, c.id])
    return model_response(listed)


@by_id.get("/{collaboration_id}", response_model=CollaborationRead, summary="Get a collaboration")
async def get_collaboration(
    collaboration_id: uuid.UUID, session: SessionDep, principal: ReadAccess
) -> CollaborationRead:
    return CollaborationRead.model_validate(
        await service.get_or_raise(session, principal.workspace_id, collaboration_id))


@by_id.patch("/{collaboration_id}", response_model=CollaborationRead,
             summary="Set a collaboration's due date or note")
async def update_collaboration(
    collaboration_id: uuid.UUID, body: CollaborationUpdate, session: SessionDep,
    principal: WriteAccess,
) -> CollaborationRead:
    return CollaborationRead.model_validate(
        await service.update(session, principal.workspace_id, collaboration_id, body))


@by_id.post("/{collaboration_id}/transitions", response_model=CollaborationRead,
            responses=CONFLICT, summary="Move a collaboration to another stage",
            description=(
                "Legal moves (DESIGN §7): shortlisted → contacted → negotiating → contracted → "
                "content_in_progress → content_submitted → (changes_requested ↺) → approved → "
                "published → completed; declined before a contract, cancelled at any point; "
                "completed, declined and cancelled are final and emit CollaborationEnded; an approval a "
                "later disclosure check revokes sends approved or content_in_progress back to "
                "changes_requested. "
                "Contracted, content_submitted, changes_requested, approved and published follow "
                "from their own step (signing, drafts, reviews, tracking's posts), and completed "
                "needs every deliverable published and paid. Each move emits "
                "CollaborationStageChanged."))
async def transition_collaboration(
    collaboration_id: uuid.UUID, body: TransitionCreate, session: SessionDep,
    principal: WriteAccess,
) -> CollaborationRead:
    collaboration = await service.transition(session, principal.workspace_id, collaboration_id,
                                             body, principal.subject)
    return CollaborationRead.model_validate(collaboration)


@by_id.get("/{collaboration_id}/transitions", response_model=StageChangePage,
           summary="A collaboration's moves, oldest first")
async def list_transitions(
    collaboration_id: uuid.UUID, session: SessionDep, principal: ReadAccess,
    page: Annotated[PageParams, Depends(page_params)],
) -> StageChangePage:
    rows = await service.history(session, principal.workspace_id, collaboration_id,
                                 uuid_after(page), page.limit)
    return make_page([StageChangeRead.model_validate(r) for r in rows], page.limit,
                     lambda c: [c.id])
