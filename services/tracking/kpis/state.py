"""Which campaigns' KPIs are due: every change to a campaign's inputs (snapshots, mentions,
posts, contracts, payments, seeded products, the campaign itself) marks it changed, in the
changing transaction; the worker announces changed campaigns (`kpis.publisher`)."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import TextClause, text
from sqlalchemy.ext.asyncio import AsyncSession

_MARK = text(
    "INSERT INTO tracking.campaign_kpi_state (workspace_id, campaign_id, changed_at)"
    " SELECT :workspace_id, c, clock_timestamp() FROM unnest(CAST(:campaigns AS uuid[])) AS c"
    " ON CONFLICT (workspace_id, campaign_id) DO UPDATE SET changed_at = excluded.changed_at")


async def mark_changed(
    session: AsyncSession, workspace_id: uuid.UUID, campaigns: Collection[uuid.UUID]
) -> None:
    if campaigns:
        await session.execute(_MARK, {"workspace_id": workspace_id, "campaigns": sorted(campaigns)})


def mark_changed_statement(pairs: Collection[tuple[uuid.UUID, uuid.UUID]]) -> TextClause:
    """The same for (workspace, campaign) pairs, as one statement to run later (a consumer
    batch's staged rows)."""
    ordered = sorted(pairs)
    return _MARK_PAIRS.bindparams(workspaces=[w for w, _ in ordered], campaigns=[c for _, c in ordered])


_MARK_PAIRS = text(
    "INSERT INTO tracking.campaign_kpi_state (workspace_id, campaign_id, changed_at)"
    " SELECT w, c, clock_timestamp()"
    " FROM unnest(CAST(:workspaces AS uuid[]), CAST(:campaigns AS uuid[])) AS t(w, c)"
    " ON CONFLICT (workspace_id, campaign_id) DO UPDATE SET changed_at = excluded.changed_at")
