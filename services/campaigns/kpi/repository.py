from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, event, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.campaigns.goal.progress import Goal
from services.campaigns.models import BudgetCommitment, Campaign, CampaignGoal, CampaignKpis
from shared.db.repository import RepositoryBase
from shared.events.catalog.tracking import CampaignKpisUpdated

_PRELOADED = "campaigns_kpi_batch"
_GOALS = cast(Table, CampaignGoal.__table__)
_KPIS = cast(Table, CampaignKpis.__table__)
_EVALUATION = ("current_value", "progress_percent", "projected_value", "status", "evaluated_at")


@dataclass(slots=True)
class BatchGoal:
    """A goal as a batch of KPI events judges it: plain attributes, no unit of work (its
    bookkeeping of a batch's hundreds of goals was a fifth of the batch's cost); the evaluations
    the batch changed are written in one statement when it commits."""

    id: uuid.UUID
    workspace_id: uuid.UUID
    campaign_id: uuid.UUID
    metric: str
    baseline: float | None
    target_value: float
    deadline: datetime
    scope_markets: list[str]
    scope_platforms: list[str]
    current_value: float | None
    progress_percent: float | None
    projected_value: float | None
    status: str | None
    evaluated_at: datetime | None

    def evaluation(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in _EVALUATION)


_GOAL_COLUMNS = [_GOALS.c[f.name] for f in fields(BatchGoal)]


@dataclass
class _Batch:
    """What a batch of KPI events reads, by campaign, and what it writes when it commits."""

    campaigns: set[uuid.UUID]
    known: set[uuid.UUID] = field(default_factory=set)  # of the workspace the event names
    # campaign → (workspace, computed_at) of its stored KPIs, the batch's own included
    stored: dict[uuid.UUID, tuple[uuid.UUID, datetime]] = field(default_factory=dict)
    goals: dict[uuid.UUID, list[BatchGoal]] = field(default_factory=dict)
    evaluations: dict[uuid.UUID, tuple[Any, ...]] = field(default_factory=dict)  # goal → as read
    fees: dict[tuple[uuid.UUID, uuid.UUID], int] = field(default_factory=dict)
    newest: dict[tuple[uuid.UUID, uuid.UUID], datetime] = field(default_factory=dict)
    snapshots: dict[uuid.UUID, tuple[uuid.UUID, CampaignKpisUpdated]] = field(default_factory=dict)


class KpiRepository(RepositoryBase):
    """The newest KPIs per campaign, and what applying new ones reads: one query each per batch
    of events when `preload` ran (and one statement per table to write them), one per event
    otherwise."""

    async def preload(self, computed: Collection[tuple[uuid.UUID, uuid.UUID, datetime, bool]]) -> None:
        """Reads the stored KPIs' computed_at, goals and accrued performance fees of the (workspace,
        campaign) pairs of a batch's events (`computed`: each event's pair, `computed_at` and whether
        it carries accrued fees), and notes the newest `computed_at` the batch holds of each."""
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
        # Not the stored snapshots: applying compares computed_at and replaces them whole.
        stored = await self.session.execute(select(
            CampaignKpis.workspace_id, CampaignKpis.campaign_id, CampaignKpis.computed_at,
        ).where(tuple_(CampaignKpis.workspace_id, CampaignKpis.campaign_id).in_(pairs)))
        batch.stored = {row.campaign_id: (row.workspace_id, row.computed_at) for row in stored}
        for row in await self.session.execute(select(*_GOAL_COLUMNS).where(
                tuple_(_GOALS.c.workspace_id, _GOALS.c.campaign_id).in_(pairs)).order_by(_GOALS.c.position)):
            goal = BatchGoal(*row)
            batch.goals[goal.campaign_id].append(goal)
            batch.evaluations[goal.id] = goal.evaluation()
        # Fees are read only for events that carry some, and campaigns only for pairs without
        # stored KPIs (the only ones `campaign_exists` is asked about): in steady state neither
        # query is needed, two round trips of a batch's dozen.
        if with_fees:
            fees = await self.session.execute(select(
                BudgetCommitment.campaign_id, BudgetCommitment.source_id, BudgetCommitment.amount_minor,
            ).where(tuple_(BudgetCommitment.workspace_id, BudgetCommitment.campaign_id).in_(list(with_fees)),
                    BudgetCommitment.kind == "performance_fee"))
            batch.fees = {(fee.campaign_id, fee.source_id): fee.amount_minor for fee in fees}
        unstored = [(w, c) for w, c in pairs if batch.stored.get(c, (None,))[0] != w]
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

    async def stored_at(self, workspace_id: uuid.UUID, campaign_id: uuid.UUID) -> datetime | None:
        """The computed_at of the campaign's stored KPIs, if any."""
        if batch := self._batch(campaign_id):
            workspace, at = batch.stored.get(campaign_id, (None, None))
            return at if workspace == workspace_id else None
        return await self.session.scalar(select(CampaignKpis.computed_at).where(
            CampaignKpis.workspace_id == workspace_id, CampaignKpis.campaign_id == campaign_id))

    async def store(self, workspace_id: uuid.UUID, kpis: CampaignKpisUpdated) -> None:
        """Keeps `kpis` as the campaign's newest (in a batch, written when it commits)."""
        if batch := self._batch(kpis.campaign_id):
            batch.stored[kpis.campaign_id] = (workspace_id, kpis.computed_at)
            batch.snapshots[kpis.campaign_id] = (workspace_id, kpis)
            return
        await self.session.execute(_UPSERT, [_snapshot_row(workspace_id, kpis)])

    async def get(self, workspace_id: uuid.UUID, campaign_id: uuid.UUID) -> CampaignKpis | None:
        """The stored KPIs with their snapshot (outside a batch of KPI events)."""
        return await self.session.scalar(select(CampaignKpis).where(
            CampaignKpis.workspace_id == workspace_id, CampaignKpis.campaign_id == campaign_id))

    async def campaign_exists(self, workspace_id: uuid.UUID, campaign_id: uuid.UUID) -> bool:
        if batch := self._batch(campaign_id):
            return campaign_id in batch.known
        return await self.session.scalar(select(Campaign.id).where(
            Campaign.workspace_id == workspace_id, Campaign.id == campaign_id)) is not None

    async def goals(self, workspace_id: uuid.UUID, campaign_id: uuid.UUID) -> Sequence[Goal]:
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


_INSERT_KPIS = insert(_KPIS)
_UPSERT = _INSERT_KPIS.on_conflict_do_update(
    index_elements=[_KPIS.c.campaign_id],
    set_={"computed_at": _INSERT_KPIS.excluded.computed_at, "kpis": _INSERT_KPIS.excluded.kpis},
    where=_KPIS.c.workspace_id == _INSERT_KPIS.excluded.workspace_id)
# Parameters named apart from the columns they set (SQLAlchemy reserves those names).
_WRITE_GOALS = update(_GOALS).where(
    _GOALS.c.id == bindparam("goal_id"), _GOALS.c.workspace_id == bindparam("goal_workspace_id"),
).values({name: bindparam(f"new_{name}") for name in _EVALUATION})


def _snapshot_row(workspace_id: uuid.UUID, kpis: CampaignKpisUpdated) -> dict[str, Any]:
    return {"campaign_id": kpis.campaign_id, "workspace_id": workspace_id, "computed_at": kpis.computed_at,
            "kpis": kpis.model_dump()}  # the JSONB codec writes its dates and ids


@event.listens_for(Session, "before_commit")
def _write_batch(session: Session) -> None:
    """A batch's newest KPIs and the goal evaluations it changed, one statement each."""
    batch: _Batch | None = session.info.pop(_PRELOADED, None)
    if batch is None:
        return
    if batch.snapshots:
        session.execute(_UPSERT, [_snapshot_row(w, kpis) for w, kpis in batch.snapshots.values()])
    changed = [{"goal_id": goal.id, "goal_workspace_id": goal.workspace_id,
                **{f"new_{name}": value for name, value in zip(_EVALUATION, evaluation, strict=True)}}
               for goals in batch.goals.values() for goal in goals
               if (evaluation := goal.evaluation()) != batch.evaluations[goal.id]]
    if changed:
        session.execute(_WRITE_GOALS, changed)


@event.listens_for(Session, "after_rollback")
def _drop_batch(session: Session) -> None:
    session.info.pop(_PRELOADED, None)
