"""Tracked links: create with a fresh code on an allowed destination, read, expire."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.tracking.allowed_domains.repository import AllowedDomainRepository
from services.tracking.domain.destinations import Utm, destination_problem, tracked_url
from services.tracking.links.repository import LinkRepository
from services.tracking.links.schemas import LinkCreate, LinkUpdate
from services.tracking.models import TrackedLink
from shared.http.problems import FieldError, ProblemError, not_found
from shared.ids import uuid7

DEFAULT_SOURCE = "influencer"
DEFAULT_MEDIUM = "influencer"
_CODE_BYTES = 8  # 64 random bits: 11 URL-safe characters
_CODE_ATTEMPTS = 5


def new_code() -> str:
    return secrets.token_urlsafe(_CODE_BYTES)


async def create(session: AsyncSession, workspace_id: uuid.UUID, body: LinkCreate) -> TrackedLink:
    allowed = await AllowedDomainRepository(session).all_of(workspace_id)
    if problem := destination_problem(body.destination, allowed):
        raise ProblemError(422, "Destination not allowed", problem, "destination-not-allowed",
                           [FieldError(field="body.destination", message=problem,
                                       type="destination_not_allowed")])
    utm = Utm(
        utm_source=body.utm_source or DEFAULT_SOURCE, utm_medium=body.utm_medium or DEFAULT_MEDIUM,
        utm_campaign=body.utm_campaign or str(body.campaign_id),
        utm_content=body.utm_content or str(body.collaboration_id),
    )
    now = datetime.now(UTC)
    repo = LinkRepository(session)
    for _ in range(_CODE_ATTEMPTS):
        link = TrackedLink(
            id=uuid7(), workspace_id=workspace_id, campaign_id=body.campaign_id,
            collaboration_id=body.collaboration_id, influencer_id=body.influencer_id,
            code=new_code(), destination=body.destination.strip(),
            target_url=tracked_url(body.destination, utm), expires_at=body.expires_at,
            created_at=now, updated_at=now, **utm.__dict__,
        )
        if await repo.add(link):
            return link
    raise RuntimeError("no free link code after several draws")  # 64 random bits: never


async def get_or_raise(session: AsyncSession, workspace_id: uuid.UUID, link_id: uuid.UUID
                       ) -> TrackedLink:
    link = await LinkRepository(session).get(workspace_id, link_id)
    if link is None:
        raise not_found(f"link {link_id}")
    return link


async def update(session: AsyncSession, workspace_id: uuid.UUID, link_id: uuid.UUID,
                 body: LinkUpdate) -> TrackedLink:
    link = await get_or_raise(session, workspace_id, link_id)
    await LinkRepository(session).set_expiry(link, body.expires_at, datetime.now(UTC))
    return link


async def list_page(
    session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID | None,
    collaboration_id: uuid.UUID | None, after: uuid.UUID | None, limit: int,
) -> Sequence[TrackedLink]:
    return await LinkRepository(session).list(workspace_id, campaign_id, collaboration_id, after,
                                              limit + 1)
