from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, tuple_
from sqlalchemy.orm import defer

from services.campaigns.models import BudgetCommitment, Campaign, CampaignGoal, CampaignKpis
from shared.db.repository import RepositoryBase

_PRELOADED = "campaigns_kpi_batch"


@dataclass
class _Batch:
    """What a batch of KPI events reads, by campaign (held here: the identity map holds weakly)."""

    campaigns: set[uuid.UUID]
    known: set[uuid.UUID] = field(default_factory=set)  # of the workspace the event names
    kpis: dict[uuid.UUID, CampaignKpis] = field(default_factory=dict)
    goals: dict[uuid.UUID, list[CampaignGoal]] = field(default_factory=dict)
    fees: dict[tuple[uuid.UUID, uuid.UUID], int] = field(default_factory=dict)
    newest: dict[tuple[uuid.UUID, uuid.UUID], datetime] = field(default_factory=dict)


class KpiRepository(RepositoryBase):
    """The newest KPIs per campaign, and what applying new ones reads: one query each per batch
    of events when `preload` ran, one per event otherwise."""

    async def preload(self, computed: Collection[tuple[uuid.UUID, uuid.UUID, datetime, bool]]) -> None:
        """Reads the stored KPIs, goals and accrued performance fees of the (workspace, campaign)
        pairs of a batch's events (`computed`: each event's pair, `computed_at` and whether it
        carries accrued fees), and notes the newest `computed_at` the batch holds of each."""
        newest: dict[tuple[uuid.UUID, uuid.UUID], datetime] = {}
        with_fees: set[tuple[uuid.UUID, uuid.UUID]] = set()
        for workspace_id, campaign_id, at, carries_fees in computed:
            key = (workspace_id, campaign_id)
            newest[key] = max(at, newest.get(key, at))
            if carries_fees:
                with_fees.add(key)
        pairs = list(newest)
        batch = _Batch({campaign for _, campaign in pairs}, newest=newest)
        batch.goals = {campaign: [] for campaign in batch.campaigns}
        # Not the stored snapshots: applying compares computed_at and replaces them whole, and
        # decoding a batch's worth of them was a visible share of its cost.
        stored = await self.session.scalars(select(CampaignKpis).options(defer(CampaignKpis.kpis)).where(
            tuple_(CampaignKpis.workspace_id, CampaignKpis.campaign_id).in_(pairs)))
        batch.kpis = {row.campaign_id: row for row in stored}
        for goal in await self.session.scalars(select(CampaignGoal).where(
                tuple_(CampaignGoal.workspace_id, CampaignGoal.campaign_id).in_(pairs))
                .order_by(CampaignGoal.position)):
            batch.goals[goal.campaign_id].append(goal)
        # Fees are read only for events that carry some, and campaigns only for pairs without
        # stored KPIs (the only ones `campaign_exists` is asked about): in steady state neither
        # query is needed, two round trips of a batch's dozen.
        if with_fees:
            fees = await self.session.execute(select(
                BudgetCommitment.campaign_id, BudgetCommitment.source_id, BudgetCommitment.amount_minor,
            ).where(tuple_(BudgetCommitment.workspace_id, BudgetCommitment.campaign_id).in_(list(with_fees)),
                    BudgetCommitment.kind == "performance_fee"))
            batch.fees = {(fee.campaign_id, fee.source_id): fee.amount_minor for fee in fees}
        stored_pairs = {(row.workspace_id, row.campaign_id) for row in batch.kpis.values()}
        unstored = [pair for pair in pairs if pair not in stored_pairs]
        if unstored:
            batch.known = set(await self.session.scalars(select(Campaign.id).where(
                tuple_(Campaign.workspace_id, Campaign.id).in_(unstored))))
        self.session.info[_PRELOADED] = batch

    def _batch(self, campaign_id: uuid.UUID) -> _Batch | None:
        batch: _Batch | None = self.session.info.get(_PRELOADED)
        return batch if batch is not None and campaign_id in batch.campaigns else None

    def superseded(self, workspace_id: uuid.UUID, campaign_id: uuid.UUID, computed_at: datetime) -> bool:
        """Whether the batch being applied holds newer KPIs of this campaign."""
        batch = self._batch(campaign_id)
        return batch is not None and computed_at < batch.newest.get((workspace_id, campaign_id), computed_at)

    async def get(self, workspace_id: uuid.UUID, campaign_id: uuid.UUID) -> CampaignKpis | None:
        if batch := self._batch(campaign_id):
            row = batch.kpis.get(campaign_id)
            return row if row is not None and row.workspace_id == workspace_id else None
        return await self.session.scalar(select(CampaignKpis).where(
            CampaignKpis.workspace_id == workspace_id, CampaignKpis.campaign_id == campaign_id))

    async def campaign_exists(self, workspace_id: uuid.UUID, campaign_id: uuid.UUID) -> bool:
        if batch := self._batch(campaign_id):
            return campaign_id in batch.known
        return await self.session.scalar(select(Campaign.id).where(
            Campaign.workspace_id == workspace_id, Campaign.id == campaign_id)) is not None

    async def add(self, row: CampaignKpis) -> None:
        self.session.add(row)
        if batch := self._batch(row.campaign_id):
            batch.kpis[row.campaign_id] = row  # the batch's next event for it finds it here
        else:
            await self.session.flush()  # … and `get` here

    async def goals(self, workspace_id: uuid.UUID, campaign_id: uuid.UUID) -> list[CampaignGoal]:
        if batch := self._batch(campaign_id):
            return batch.goals[campaign_id]
        return list(await self.session.scalars(select(CampaignGoal).where(
            CampaignGoal.workspace_id == workspace_id, CampaignGoal.campaign_id == campaign_id,
        ).order_by(CampaignGoal.position)))

    async def accrued(
        self, workspace_id: uuid.UUID, campaign_id: uuid.UUID, contract_id: uuid.UUID
    ) -> int | None:
        """The performance fee last committed for this contract, if any."""
        if batch := self._batch(campaign_id):
            return batch.fees.get((campaign_id, contract_id))
        return await self.session.scalar(select(BudgetCommitment.amount_minor).where(
            BudgetCommitment.workspace_id == workspace_id, BudgetCommitment.campaign_id == campaign_id,
            BudgetCommitment.kind == "performance_fee", BudgetCommitment.source_id == contract_id))

    def accrued_now(self, campaign_id: uuid.UUID, contract_id: uuid.UUID, amount_minor: int) -> None:
        if batch := self._batch(campaign_id):
            batch.fees[(campaign_id, contract_id)] = amount_minor
