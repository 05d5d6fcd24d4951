from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response

from services.campaigns.access import ReadAccess, WriteAccess
from services.campaigns.template import service
from services.campaigns.template.schemas import (
    TemplateCreate,
    TemplatePage,
    TemplateRead,
    TemplateUpdate,
)
from shared.http.app import SessionDep
from shared.http.pagination import PageParams, make_page, page_params, uuid_after
from shared.http.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/outreach/templates", tags=["outreach"], responses=PROBLEM_RESPONSES)


@router.post("", status_code=201, response_model=TemplateRead,
             summary="Create an outreach template (Jinja2, rendered in a sandbox)")
async def create_template(body: TemplateCreate, session: SessionDep,
                          principal: WriteAccess) -> TemplateRead:
    return TemplateRead.model_validate(await service.create(session, principal.workspace_id, body))


@router.get("", response_model=TemplatePage, summary="The workspace's outreach templates")
async def list_templates(session: SessionDep, principal: ReadAccess,
                         page: Annotated[PageParams, Depends(page_params)]) -> TemplatePage:
    rows = await service.list(session, principal.workspace_id, uuid_after(page), page.limit)
    return make_page([TemplateRead.model_validate(r) for r in rows], page.limit, lambda t: [t.id])


@router.get("/{template_id}", response_model=TemplateRead, summary="Get an outreach template")
async def get_template(template_id: uuid.UUID, session: SessionDep,
                       principal: ReadAccess) -> TemplateRead:
    return TemplateRead.model_validate(
        await service.get_or_raise(session, principal.workspace_id, template_id))


@router.patch("/{template_id}", response_model=TemplateRead, summary="Change an outreach template")
async def update_template(template_id: uuid.UUID, body: TemplateUpdate, session: SessionDep,
                          principal: WriteAccess) -> TemplateRead:
    return TemplateRead.model_validate(
        await service.update(session, principal.workspace_id, template_id, body))


@router.delete("/{template_id}", status_code=204, response_class=Response,
               summary="Delete an outreach template (sent messages keep their text)")
async def delete_template(template_id: uuid.UUID, session: SessionDep, principal: WriteAccess) -> None:
    await service.delete(session, principal.workspace_id, template_id)
