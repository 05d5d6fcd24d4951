"""Products seeded to creators: each is a cost of its collaboration, committed against the budget
(a returned one at nothing), and replaces the gifted value a signed contract promised."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.budget import ledger
from services.campaigns.collaboration import moves
from services.campaigns.collaboration import service as collaborations
from services.campaigns.collaboration.stages import Stage
from services.campaigns.contract import service as contracts
from services.campaigns.events import publishers
from services.campaigns.models import Collaboration, SeededProduct
from services.campaigns.seeding.repository import SeedingRepository
from services.campaigns.seeding.schemas import SeedingCreate, SeedingUpdate
from shared.http.problems import ProblemError, not_found
from shared.money import Money

_ENDED = frozenset({Stage.DECLINED.value, Stage.CANCELLED.value})


async def record(session: AsyncSession, workspace_id: uuid.UUID, collaboration_id: uuid.UUID,
                 data: SeedingCreate) -> SeededProduct:
    collaboration = await moves.locked_or_raise(session, workspace_id, collaboration_id)
    if collaboration.stage in _ENDED:
        raise ProblemError(409, "Collaboration ended", f"the collaboration is "
                           f"{collaboration.stage}; nothing more is sent", "collaboration-ended",
                           extensions={"stage": collaboration.stage})
    product = SeededProduct(
        workspace_id=workspace_id, collaboration_id=collaboration.id,
        campaign_id=collaboration.campaign_id, influencer_id=collaboration.influencer_id,
        recorded_at=datetime.now(UTC), **data.model_dump())
    await SeedingRepository(session).add(product)
    await _apply(session, collaboration, product)
    return product


async def update(session: AsyncSession, workspace_id: uuid.UUID, seeding_id: uuid.UUID,
                 data: SeedingUpdate) -> SeededProduct:
    found = await SeedingRepository(session).get(workspace_id, seeding_id)
    if found is None:
        raise not_found("seeded product")
    collaboration = await moves.locked_or_raise(session, workspace_id, found.collaboration_id)
    await session.refresh(found)
    for field in data.model_fields_set:
        if getattr(data, field) is not None or field == "note":
            setattr(found, field, getattr(data, field))
    found.recorded_at = datetime.now(UTC)
    await session.flush()
    await _apply(session, collaboration, found)
    return found


async def _apply(session: AsyncSession, collaboration: Collaboration, product: SeededProduct) -> None:
    value = 0 if product.status == "returned" else product.value_minor
    await ledger.commit(session, product.workspace_id, product.campaign_id, kind="seeding",
                        source_id=product.id, at=product.recorded_at,
                        amount=Money(amount_minor=value, currency=product.currency),
                        **contracts.attribution(collaboration))
    await contracts.recommit_for_seeding(session, collaboration, product.recorded_at)
    publishers.product_seeded(session, product)


async def for_collaboration(session: AsyncSession, workspace_id: uuid.UUID,
                            collaboration_id: uuid.UUID, after: uuid.UUID | None,
                            limit: int) -> Sequence[SeededProduct]:
    await collaborations.get_or_raise(session, workspace_id, collaboration_id)
    return await SeedingRepository(session).for_collaboration(workspace_id, collaboration_id,
                                                              after, limit + 1)
