from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from services.discovery.blocklist.repository import BlocklistRepository
from services.discovery.blocklist.schemas import BlockCreate
from services.discovery.influencer import service as influencers
from services.discovery.models import BlockedInfluencer
from services.discovery.profile_store.repository import ProfileStoreRepository
from shared.http.problems import not_found


async def create(session: AsyncSession, workspace_id: uuid.UUID, data: BlockCreate) -> BlockedInfluencer:
    # Under the workspace's write lock, as erasure is: an entry written after the erasure's
    # delete broke the foreign key (a 500); now the influencer is gone when read, a 404.
    await ProfileStoreRepository(session).lock_workspace(workspace_id)
    await influencers.get_or_raise(session, workspace_id, data.influencer_id)
    return await BlocklistRepository(session).add(workspace_id, data.influencer_id, data.reason)


async def delete(session: AsyncSession, workspace_id: uuid.UUID, influencer_id: uuid.UUID) -> None:
    if not await BlocklistRepository(session).remove(workspace_id, influencer_id):
        raise not_found("blocklist entry")


async def list_page(session: AsyncSession, workspace_id: uuid.UUID, after: uuid.UUID | None,
                    limit: int) -> Sequence[BlockedInfluencer]:
    return await BlocklistRepository(session).list(workspace_id, after, limit + 1)
