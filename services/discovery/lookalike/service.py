from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.discovery.domain.vectors import BLOCK_WEIGHTS
from services.discovery.influencer import service as influencers
from services.discovery.lookalike.repository import LookalikeRepository
from services.discovery.lookalike.schemas import Lookalike, LookalikeList
from shared.http.problems import ProblemError


async def lookalikes(session: AsyncSession, workspace_id: uuid.UUID, influencer_id: uuid.UUID,
                     limit: int) -> LookalikeList:
    await influencers.get_or_raise(session, workspace_id, influencer_id)
    repo = LookalikeRepository(session)
    embedding = await repo.embedding(workspace_id, influencer_id)
    if embedding is None:
        raise ProblemError(422, "Nothing to compare",
                           "the influencer has neither audience data nor topics", "no-vector")
    rows = await repo.nearest(workspace_id, influencer_id, embedding, limit)
    return LookalikeList(items=[Lookalike.model_validate(r) for r in rows],
                         vector_blocks=dict(BLOCK_WEIGHTS))
