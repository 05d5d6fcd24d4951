from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.domain import templates
from services.campaigns.models.outreach import OutreachTemplate
from services.campaigns.template.repository import TemplateRepository
from services.campaigns.template.schemas import TemplateCreate, TemplateUpdate
from shared.http.problems import FieldError, ProblemError, conflict, not_found


def invalid_template(field: str, problem: templates.TemplateProblem) -> ProblemError:
    return ProblemError(422, "Invalid template", f"{field}: {problem}", "invalid-template",
                        errors=[FieldError(field=f"body.{field}", message=str(problem),
                                           type="template")])


def _check(subject: str | None, body: str | None) -> None:
    for field, source in (("subject", subject), ("body", body)):
        if source is not None:
            try:
                templates.check(source)
            except templates.TemplateProblem as exc:
                raise invalid_template(field, exc) from exc


async def create(session: AsyncSession, workspace_id: uuid.UUID, data: TemplateCreate) -> OutreachTemplate:
    _check(data.subject, data.body)
    repository = TemplateRepository(session)
    if await repository.named(workspace_id, data.name) is not None:
        raise conflict(f"a template named {data.name!r} exists")
    template = OutreachTemplate(workspace_id=workspace_id, **data.model_dump(mode="json"))
    session.add(template)
    await session.flush()
    await session.refresh(template)
    return template


async def get_or_raise(session: AsyncSession, workspace_id: uuid.UUID,
                       template_id: uuid.UUID) -> OutreachTemplate:
    template = await TemplateRepository(session).get(workspace_id, template_id)
    if template is None:
        raise not_found("template")
    return template


async def list(session: AsyncSession, workspace_id: uuid.UUID, after: uuid.UUID | None,
               limit: int) -> Sequence[OutreachTemplate]:
    return await TemplateRepository(session).list(workspace_id, after, limit + 1)


async def update(session: AsyncSession, workspace_id: uuid.UUID, template_id: uuid.UUID,
                 data: TemplateUpdate) -> OutreachTemplate:
    template = await get_or_raise(session, workspace_id, template_id)
    changes = data.model_dump(mode="json", exclude_unset=True, exclude_none=True)
    _check(changes.get("subject"), changes.get("body"))
    if "name" in changes and changes["name"] != template.name \
            and await TemplateRepository(session).named(workspace_id, changes["name"]) is not None:
        raise conflict(f"a template named {changes['name']!r} exists")
    for field, value in changes.items():
        setattr(template, field, value)
    template.updated_at = datetime.now(UTC)
    await session.flush()
    return template


async def delete(session: AsyncSession, workspace_id: uuid.UUID, template_id: uuid.UUID) -> None:
    """Messages sent with it keep their text (the log stores what was sent)."""
    if not await TemplateRepository(session).delete(workspace_id, template_id):
        raise not_found("template")
