from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from services.campaigns.access import ReadAccess, WriteAccess
from services.campaigns.relationship import service
from services.campaigns.relationship.schemas import (
    CreatorFeedbackPage,
    CreatorFeedbackRead,
    NoteCreate,
    RatingCreate,
    RelationshipRead,
)
from shared.http.app import SessionDep
from shared.http.pagination import PageParams, make_page, page_params, uuid_after
from shared.http.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/creators", tags=["relationships"], responses=PROBLEM_RESPONSES)


@router.get("/{influencer_id}/relationship", response_model=RelationshipRead,
            summary="The creator's lifetime relationship with the workspace",
            description=(
                "Collaborations across campaigns (newest first), performance summed from "
                "tracking's newest figures per post (engagements = likes + comments + shares + "
                "saves; engagement rate by reach), ratings and notes, and programmes (an active "
                "ambassador's current period and what it owes, renewal dates; early access: "
                "invitation, access granted, feedback collected). 404 for a creator the workspace "
                "has nothing about."))
async def get_relationship(influencer_id: uuid.UUID, session: SessionDep,
                           principal: ReadAccess) -> RelationshipRead:
    return await service.get(session, principal.workspace_id, influencer_id)


@router.post("/{influencer_id}/ratings", status_code=201, response_model=CreatorFeedbackRead,
             summary="Rate the creator (1–5), optionally for one collaboration")
async def rate_creator(influencer_id: uuid.UUID, body: RatingCreate, session: SessionDep,
                       principal: WriteAccess) -> CreatorFeedbackRead:
    return CreatorFeedbackRead.model_validate(
        await service.rate(session, principal.workspace_id, influencer_id, body, principal.subject))


@router.post("/{influencer_id}/notes", status_code=201, response_model=CreatorFeedbackRead,
             summary="Keep a note about the creator")
async def add_creator_note(influencer_id: uuid.UUID, body: NoteCreate, session: SessionDep,
                           principal: WriteAccess) -> CreatorFeedbackRead:
    return CreatorFeedbackRead.model_validate(
        await service.note(session, principal.workspace_id, influencer_id, body, principal.subject))


@router.get("/{influencer_id}/feedback", response_model=CreatorFeedbackPage,
            summary="The creator's ratings and notes, newest first")
async def list_creator_feedback(influencer_id: uuid.UUID, session: SessionDep, principal: ReadAccess,
                                page: Annotated[PageParams, Depends(page_params)]) -> CreatorFeedbackPage:
    rows = await service.feedback(session, principal.workspace_id, influencer_id, uuid_after(page),
                                  page.limit)
    return make_page([CreatorFeedbackRead.model_validate(r) for r in rows], page.limit,
                     lambda f: [f.id])
