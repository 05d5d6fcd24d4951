"""Tracking's CampaignKpisUpdated applied: the newest KPIs kept (by computed_at), the goals
evaluated on them, and the performance fees tracking accrued committed through the budget ledger."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.budget import ledger
from services.campaigns.goal import progress
from services.campaigns.kpi.repository import KpiRepository
from shared.events.catalog.tracking import CampaignKpisUpdated
from shared.events.envelope import Envelope
from shared.money import Money

log = logging.getLogger(__name__)


async def preload(session: AsyncSession, envelopes: Sequence[Envelope[Any]]) -> None:
    computed = [(e.workspace_id, e.data.campaign_id, e.data.computed_at, bool(e.data.accrued_fees))
                for e in envelopes if isinstance(e.data, CampaignKpisUpdated) and e.workspace_id is not None]
    if computed:
        await KpiRepository(session).preload(computed)


async def apply(session: AsyncSession, workspace_id: uuid.UUID, kpis: CampaignKpisUpdated) -> None:
    repository = KpiRepository(session)
    stored_at = await repository.stored_at(workspace_id, kpis.campaign_id)
    if stored_at is not None and stored_at >= kpis.computed_at:
        log.info("KPIs older than those applied were skipped", extra={
            "campaign_id": str(kpis.campaign_id), "computed_at": kpis.computed_at.isoformat()})
        return
    goals = await repository.goals(workspace_id, kpis.campaign_id)
    if repository.superseded(workspace_id, kpis.campaign_id, kpis.computed_at):
        # Newer KPIs of the campaign follow in this batch: only they are stored (and their fees
        # committed: fees are cumulative), but the goals are judged on these too, in order, so
        # that each change of status is still announced once.
        if not any(g.evaluated_at is not None and g.evaluated_at >= kpis.computed_at for g in goals):
            progress.apply(session, goals, kpis)
        return
    if stored_at is None and not await repository.campaign_exists(workspace_id, kpis.campaign_id):
        log.warning("KPIs of a campaign this workspace does not have were skipped",
                    extra={"campaign_id": str(kpis.campaign_id)})
        return
    await repository.store(workspace_id, kpis)
    progress.apply(session, goals, kpis)
    await _accrue_fees(session, workspace_id, kpis)


async def _accrue_fees(session: AsyncSession, workspace_id: uuid.UUID, kpis: CampaignKpisUpdated) -> None:
    if not kpis.accrued_fees:
        return
    if kpis.currency is None:
        log.warning("accrued fees without a currency were not committed",
                    extra={"campaign_id": str(kpis.campaign_id)})
        return
    repository = KpiRepository(session)
    for fee in kpis.accrued_fees:
        if await repository.accrued(workspace_id, kpis.campaign_id, fee.contract_id) == fee.accrued_minor:
            continue
        await ledger.commit(session, workspace_id, kpis.campaign_id, kind="performance_fee",
                            source_id=fee.contract_id, at=kpis.computed_at,
                            amount=Money(amount_minor=fee.accrued_minor, currency=kpis.currency))
        repository.accrued_now(kpis.campaign_id, fee.contract_id, fee.accrued_minor)


async def reevaluate(session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID) -> None:
    """The goals against the KPIs already applied (after the goals changed)."""
    stored = await KpiRepository(session).get(workspace_id, campaign_id)
    if stored is None:
        return
    goals = await KpiRepository(session).goals(workspace_id, campaign_id)
    progress.apply(session, goals, CampaignKpisUpdated.model_validate(stored.kpis))
