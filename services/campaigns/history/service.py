"""Every change of a campaign's plan or state, kept: who (the token's subject), when, and what
changed (each field's value before and after)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.history.repository import HistoryRepository
from services.campaigns.models import Campaign, CampaignChange


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Field → {from, to} for each field whose value differs (JSON values)."""
    return {name: {"from": before.get(name), "to": value}
            for name, value in after.items() if before.get(name) != value}


def record(session: AsyncSession, campaign: Campaign, actor: str, action: str,
           changes: dict[str, dict[str, Any]]) -> None:
    HistoryRepository(session).add(CampaignChange(
        workspace_id=campaign.workspace_id, campaign_id=campaign.id, version=campaign.version,
        action=action, actor=actor, changes=changes, changed_at=campaign.updated_at))


async def page(
    session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID, before: uuid.UUID | None,
    limit: int,
) -> Sequence[CampaignChange]:
    return await HistoryRepository(session).page(workspace_id, campaign_id, before, limit + 1)
