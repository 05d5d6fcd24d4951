from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from services.campaigns.access import ReadAccess, WriteAccess
from services.campaigns.content import service
from services.campaigns.content.schemas import (
    ApprovalCreate,
    ChangesCreate,
    DraftCreate,
    DraftPage,
    DraftRead,
    ReviewPolicyRead,
    ReviewPolicyWrite,
)
from shared.http.app import IdempotencyDep, SessionDep
from shared.http.pagination import PageParams, int_after, make_page, page_params
from shared.http.problems import PROBLEM_RESPONSES, Problem

deliverables = APIRouter(prefix="/v1/deliverables", tags=["content"], responses=PROBLEM_RESPONSES)
drafts = APIRouter(prefix="/v1/drafts", tags=["content"], responses=PROBLEM_RESPONSES)
policies = APIRouter(prefix="/v1/campaigns", tags=["content"], responses=PROBLEM_RESPONSES)


def _conflict(description: str) -> dict[int | str, dict[str, Any]]:
    return {409: {"model": Problem, "content": {"application/problem+json": {}},
                  "description": description}}


@deliverables.post(
    "/{deliverable_id}/drafts", status_code=201, response_model=DraftRead,
    responses=_conflict("The contract is not signed, the collaboration ended, or the deliverable "
                        "is already approved or published"),
    summary="Submit a draft of a deliverable (a new version)",
    description="Each submission is the next version of the deliverable's draft (one still "
                "awaiting review is superseded). It goes to compliance as ContentSubmitted, with "
                "the relationship from the contract; the collaboration moves to "
                "content_submitted. With the campaign's review policy, `auto_approve_at` says "
                "when silence approves it.")
async def submit_draft(
    deliverable_id: uuid.UUID, body: DraftCreate, session: SessionDep, principal: WriteAccess,
    idempotency: IdempotencyDep,
) -> JSONResponse:
    if (replayed := await idempotency.replay(body)) is not None:
        return replayed
    draft = await service.submit(session, principal.workspace_id, deliverable_id, body,
                                 principal.subject)
    return await idempotency.respond(201, draft)


@deliverables.get("/{deliverable_id}/drafts", response_model=DraftPage,
                  summary="A deliverable's drafts, oldest version first")
async def list_drafts(
    deliverable_id: uuid.UUID, session: SessionDep, principal: ReadAccess,
    page: Annotated[PageParams, Depends(page_params)],
) -> DraftPage:
    rows = await service.versions(session, principal.workspace_id, deliverable_id,
                                  int_after(page), page.limit)
    return make_page(rows, page.limit, lambda d: [d.version])


@drafts.get("/{draft_id}", response_model=DraftRead,
            summary="A draft with its disclosure check, review rounds and checklist")
async def get_draft(draft_id: uuid.UUID, session: SessionDep, principal: ReadAccess) -> DraftRead:
    return await service.get(session, principal.workspace_id, draft_id)


@drafts.post(
    "/{draft_id}/changes", response_model=DraftRead,
    responses=_conflict("The draft is not the one awaiting review"),
    summary="Request changes: one round, comments per guideline item")
async def request_changes(
    draft_id: uuid.UUID, body: ChangesCreate, session: SessionDep, principal: WriteAccess,
) -> DraftRead:
    return await service.request_changes(session, principal.workspace_id, draft_id, body,
                                         principal.subject)


@drafts.post(
    "/{draft_id}/approve", response_model=DraftRead,
    responses=_conflict("Refused: the newest disclosure check is non_compliant "
                        "(`draft-non-compliant`), or needs_review or pending without an "
                        "override_reason; or the draft is not awaiting review. The problem "
                        "carries the verdict, check_id and findings"),
    summary="Approve a draft (ContentApproved)")
async def approve_draft(
    draft_id: uuid.UUID, body: ApprovalCreate, session: SessionDep, principal: WriteAccess,
) -> DraftRead:
    return await service.approve(session, principal.workspace_id, draft_id, body,
                                 principal.subject)


@policies.get("/{campaign_id}/review-policy", response_model=ReviewPolicyRead,
              summary="The campaign's content review policy")
async def get_review_policy(
    campaign_id: uuid.UUID, session: SessionDep, principal: ReadAccess,
) -> ReviewPolicyRead:
    return await service.get_policy(session, principal.workspace_id, campaign_id)


@policies.put(
    "/{campaign_id}/review-policy", response_model=ReviewPolicyRead,
    summary="Set auto-approval after N business days of the brand's silence",
    description="Business days skip the holiday market's weekend and public holidays (the "
                "`holidays` package). Drafts still awaiting review get their due time anew.")
async def put_review_policy(
    campaign_id: uuid.UUID, body: ReviewPolicyWrite, session: SessionDep, principal: WriteAccess,
) -> ReviewPolicyRead:
    return await service.set_policy(session, principal.workspace_id, campaign_id, body)
