from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from services.campaigns.access import ReadAccess, WriteAccess
from services.campaigns.programme import service
from services.campaigns.programme.schemas import (
    FeedbackCreate,
    FeedbackPage,
    FeedbackRead,
    MemberInvite,
    MemberPage,
    MemberRead,
    MemberTransition,
    ProgrammeCreate,
    ProgrammePage,
    ProgrammeRead,
)
from shared.http.app import SessionDep
from shared.http.pagination import PageParams, make_page, page_params, uuid_after
from shared.http.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/programmes", tags=["relationships"], responses=PROBLEM_RESPONSES)


@router.post("", status_code=201, response_model=ProgrammeRead,
             summary="Create an ambassador or early-access (private beta) programme")
async def create_programme(body: ProgrammeCreate, session: SessionDep,
                           principal: WriteAccess) -> ProgrammeRead:
    return ProgrammeRead.model_validate(await service.create(session, principal.workspace_id, body))


@router.get("", response_model=ProgrammePage, summary="The workspace's programmes")
async def list_programmes(session: SessionDep, principal: ReadAccess,
                          page: Annotated[PageParams, Depends(page_params)]) -> ProgrammePage:
    rows = await service.list(session, principal.workspace_id, uuid_after(page), page.limit)
    return make_page([ProgrammeRead.model_validate(r) for r in rows], page.limit, lambda p: [p.id])


@router.get("/{programme_id}", response_model=ProgrammeRead, summary="Get a programme")
async def get_programme(programme_id: uuid.UUID, session: SessionDep,
                        principal: ReadAccess) -> ProgrammeRead:
    return ProgrammeRead.model_validate(
        await service.get_or_raise(session, principal.workspace_id, programme_id))


@router.post("/{programme_id}/members", status_code=201, response_model=MemberRead,
             summary="Invite a creator (refused, 409, for a do-not-contact creator)")
async def invite_member(programme_id: uuid.UUID, body: MemberInvite, session: SessionDep,
                        principal: WriteAccess) -> MemberRead:
    return MemberRead.model_validate(
        await service.invite(session, principal.workspace_id, programme_id, body))


@router.get("/{programme_id}/members", response_model=MemberPage, summary="The programme's creators")
async def list_members(programme_id: uuid.UUID, session: SessionDep, principal: ReadAccess,
                       page: Annotated[PageParams, Depends(page_params)]) -> MemberPage:
    rows = await service.members(session, principal.workspace_id, programme_id, uuid_after(page),
                                 page.limit)
    return make_page([MemberRead.model_validate(r) for r in rows], page.limit,
                     lambda m: [m.influencer_id])


@router.post("/{programme_id}/members/{influencer_id}/transitions", response_model=MemberRead,
             summary="Move a member: invited → active (joined; access granted) or declined; "
                     "active → ended, or active again with a new `renews_on` (renewed)")
async def move_member(programme_id: uuid.UUID, influencer_id: uuid.UUID, body: MemberTransition,
                      session: SessionDep, principal: WriteAccess) -> MemberRead:
    return MemberRead.model_validate(
        await service.move(session, principal.workspace_id, programme_id, influencer_id, body))


@router.post("/{programme_id}/members/{influencer_id}/feedback", status_code=201,
             response_model=FeedbackRead, summary="Record what a member said about the product")
async def add_feedback(programme_id: uuid.UUID, influencer_id: uuid.UUID, body: FeedbackCreate,
                       session: SessionDep, principal: WriteAccess) -> FeedbackRead:
    return FeedbackRead.model_validate(await service.add_feedback(
        session, principal.workspace_id, programme_id, influencer_id, body))


@router.get("/{programme_id}/feedback", response_model=FeedbackPage,
            summary="The feedback collected in the programme, oldest first")
async def list_feedback(programme_id: uuid.UUID, session: SessionDep, principal: ReadAccess,
                        page: Annotated[PageParams, Depends(page_params)]) -> FeedbackPage:
    rows = await service.feedback(session, principal.workspace_id, programme_id, uuid_after(page),
                                  page.limit)
    return make_page([FeedbackRead.model_validate(r) for r in rows], page.limit, lambda f: [f.id])
