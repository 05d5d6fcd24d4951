from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from services.discovery.influencer.repository import InfluencerRepository
from services.discovery.influencer.schemas import InfluencerCreate
from services.discovery.models import Influencer, InfluencerAccount
from shared.http.problems import conflict, not_found


async def create(
    session: AsyncSession, workspace_id: uuid.UUID, data: InfluencerCreate
) -> Influencer:
    repo = InfluencerRepository(session)
    keys = [(a.platform.value, a.handle.lower()) for a in data.accounts]
    if len(set(keys)) != len(keys):
        raise conflict("the same platform account is listed twice")
    if taken := await repo.handles_taken(workspace_id, keys):
        listed = ", ".join(f"{p}:{h}" for p, h in taken)
        raise conflict(f"accounts already belong to another influencer: {listed}")
    influencer = Influencer(workspace_id=workspace_id, display_name=data.display_name)
    accounts = [
        InfluencerAccount(workspace_id=workspace_id, platform=platform, handle=handle,
                          followers=account.followers)
        for (platform, handle), account in zip(keys, data.accounts, strict=True)
    ]
    await repo.add(influencer, accounts)
    return await get_or_raise(session, workspace_id, influencer.id)


async def get_or_raise(
    session: AsyncSession, workspace_id: uuid.UUID, influencer_id: uuid.UUID
) -> Influencer:
    influencer = await InfluencerRepository(session).get(workspace_id, influencer_id)
    if influencer is None:
        raise not_found("influencer")
    return influencer


async def list_page(
    session: AsyncSession, workspace_id: uuid.UUID, after: uuid.UUID | None, limit: int
) -> Sequence[Influencer]:
    return await InfluencerRepository(session).list(workspace_id, after, limit + 1)
