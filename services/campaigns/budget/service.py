"""A campaign's budget: setting it (from the plan), converting what was committed when its
currency changes, and the summary per allocation line."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.budget import ledger
from services.campaigns.budget.repository import BudgetRepository
from services.campaigns.budget.schemas import (
    BudgetPlan,
    BudgetSummary,
    DimensionRead,
    LineRead,
    RateUsed,
    ThresholdRead,
)
from services.campaigns.domain import budget as rules
from services.campaigns.fx import service as fx
from services.campaigns.models import BudgetCommitment, BudgetPayment, CampaignBudget
from shared.http.problems import ProblemError, conflict
from shared.money import Money


def plan_of(budget: CampaignBudget | None) -> BudgetPlan | None:
    if budget is None:
        return None
    return BudgetPlan.model_validate({
        "total_minor": budget.total_minor, "currency": budget.currency,
        "contingency_percent": budget.contingency_percent, "allocations": budget.allocations})


async def get(
    session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID
) -> CampaignBudget | None:
    return await BudgetRepository(session).get(workspace_id, campaign_id)


async def replace(
    session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID, plan: BudgetPlan | None,
    at: datetime,
) -> None:
    """Sets the budget to `plan` (validated by the caller); commitments and payments are converted
    again when the currency changes, and alerts are re-armed or raised for the new total."""
    repository = BudgetRepository(session)
    budget = await repository.get(workspace_id, campaign_id, for_update=True)
    if plan is None:
        if budget is not None:
            if await repository.commitments(workspace_id, campaign_id):
                raise conflict("money is committed against this budget: it can change, not go")
            await repository.delete(budget)
        return
    values = {"total_minor": plan.total_minor, "currency": plan.currency,
              "contingency_percent": plan.contingency_percent,
              "allocations": [line.model_dump() for line in plan.allocations]}
    previous_currency = budget.currency if budget is not None else None
    if budget is None:
        budget = CampaignBudget(workspace_id=workspace_id, campaign_id=campaign_id, **values)
        await repository.add(budget)
    else:
        for name, value in values.items():
            setattr(budget, name, value)
        await session.flush()
    if plan.currency != previous_currency:
        await _convert_again(session, budget)
    committed = await repository.committed_minor(workspace_id, campaign_id)
    for threshold in rules.thresholds_rearmed(committed, budget.total_minor, _reached(budget)):
        setattr(budget, f"reached_{threshold}_at", None)
    await session.flush()
    await ledger.raise_thresholds(session, budget, at)


async def _convert_again(session: AsyncSession, budget: CampaignBudget) -> None:
    """Everything committed and paid, in the new campaign currency at the rates of its own date."""
    repository = BudgetRepository(session)
    rows: list[BudgetCommitment | BudgetPayment] = [
        *await repository.commitments(budget.workspace_id, budget.campaign_id),
        *await repository.payments(budget.workspace_id, budget.campaign_id)]
    for row in rows:
        conversion = await fx.convert(session, budget.workspace_id,
                                      Money(amount_minor=row.amount_minor, currency=row.currency),
                                      budget.currency, row.at.astimezone(UTC).date())
        row.converted_minor, row.fx_rate, row.fx_rate_date = (
            conversion.amount_minor, conversion.rate, conversion.rate_date)
    await session.flush()


def _reached(budget: CampaignBudget) -> list[int]:
    return [t for t, when in ((80, budget.reached_80_at), (100, budget.reached_100_at)) if when]


async def summary(session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID) -> BudgetSummary:
    repository = BudgetRepository(session)
    budget = await repository.get(workspace_id, campaign_id)
    if budget is None:
        raise ProblemError(404, "Not found", "the campaign has no budget yet: set one with PATCH "
                           "/v1/campaigns/{id} (budget)", "not-found")
    commitments = await repository.commitments(workspace_id, campaign_id)
    payments = [p for p in await repository.payments(workspace_id, campaign_id) if p.status == ledger.PAID]
    committed = [_spend(c, c) for c in commitments]
    contracts = {c.source_id: c for c in commitments if c.kind == "contract"}
    paid = [_spend(p, contracts.get(p.source_id) if p.source_id else None) for p in payments]
    lines = [rules.Line(a["dimension"], a["key"], a["amount_minor"]) for a in budget.allocations]
    committed_minor = sum(s.amount_minor for s in committed)
    return BudgetSummary(
        currency=budget.currency, total_minor=budget.total_minor,
        contingency_percent=budget.contingency_percent,
        contingency_minor=rules.contingency_minor(budget.total_minor, budget.contingency_percent),
        committed_minor=committed_minor, paid_minor=sum(s.amount_minor for s in paid),
        remaining_minor=budget.total_minor - committed_minor,
        committed_percent=round(100 * committed_minor / budget.total_minor, 2),
        committed_by_kind={"contract": 0, "seeding": 0, "performance_fee": 0} | rules.by_kind(committed),
        dimensions=[DimensionRead(
            dimension=d.dimension, allocated_minor=d.allocated_minor,
            unallocated_committed_minor=d.unallocated_committed_minor,
            lines=[LineRead(key=f.key, allocated_minor=f.allocated_minor, committed_minor=f.committed_minor,
                            paid_minor=f.paid_minor, remaining_minor=f.allocated_minor - f.committed_minor)
                   for f in d.lines],
        ) for d in rules.dimension_figures(lines, committed, paid)],
        thresholds_reached=[ThresholdRead(percent=t, reached_at=when) for t, when in
                            ((80, budget.reached_80_at), (100, budget.reached_100_at)) if when],
        rates_used=_rates_used([*commitments, *payments], budget.currency),
    )


def _spend(row: BudgetCommitment | BudgetPayment, attributed: BudgetCommitment | None) -> rules.Spend:
    attributes = ({"platform": attributed.platform, "market": attributed.market, "tier": attributed.tier}
                  if attributed is not None else {})
    kind = row.kind if isinstance(row, BudgetCommitment) else "payment"
    return rules.Spend(row.converted_minor or 0, kind, attributes)


def _rates_used(rows: Sequence[BudgetCommitment | BudgetPayment], currency: str) -> list[RateUsed]:
    used = {RateUsed(from_currency=r.currency, rate=r.fx_rate, rate_date=r.fx_rate_date)
            for r in rows if r.currency != currency and r.fx_rate is not None and r.fx_rate_date is not None}
    return sorted(used, key=lambda u: (u.from_currency, u.rate_date))


async def commitments_page(
    session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID, after: uuid.UUID | None,
    limit: int,
) -> Sequence[BudgetCommitment]:
    return await BudgetRepository(session).commitments_page(workspace_id, campaign_id, after, limit + 1)


async def payments_page(
    session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID, after: uuid.UUID | None,
    limit: int,
) -> Sequence[BudgetPayment]:
    return await BudgetRepository(session).payments_page(workspace_id, campaign_id, after, limit + 1)

