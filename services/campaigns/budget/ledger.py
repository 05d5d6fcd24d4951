"""The budget ledger: what the pipeline commits and pays against a campaign's budget.

Called inside the caller's transaction (contract signing, product seeding, payments, tracking's
accrued fees); never commits. Every amount is kept as given and, once the campaign has a budget,
converted into its currency at the rates of its own date, with the rate and date kept. The
campaign's budget row is locked for the rest of the transaction, so commitments of one campaign
apply one at a time: `remaining` then `commit` in one transaction cannot be raced past the total.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.budget.repository import BudgetRepository
from services.campaigns.campaign.repository import CampaignRepository
from services.campaigns.domain.budget import thresholds_crossed
from services.campaigns.events import publishers
from services.campaigns.fx import service as fx
from services.campaigns.models import CampaignBudget
from shared.http.problems import not_found
from shared.ids import uuid7
from shared.money import Money

CommitmentKind = Literal["contract", "seeding", "performance_fee"]
PAID = "paid"


async def commit(
    session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID, *,
    kind: CommitmentKind, source_id: uuid.UUID, amount: Money, at: datetime,
    platform: str | None = None, market: str | None = None, tier: str | None = None,
) -> None:
    """Commits `amount` for (kind, source_id); a later call for the same pair replaces it (a
    performance fee grows, a contract is amended or released with 0). A performance fee without
    an attribution falls on the lines of its contract (the contract committed with source_id ==
    contract id). Emits BudgetThresholdReached when committed spend reaches 80 % or 100 %."""
    repository = BudgetRepository(session)
    budget = await _budget(session, workspace_id, campaign_id)
    if kind == "performance_fee" and platform is None and market is None and tier is None:
        contract = await repository.commitment(workspace_id, "contract", source_id)
        if contract is not None:
            platform, market, tier = contract.platform, contract.market, contract.tier
    converted = await _converted(session, workspace_id, budget, amount, at)
    await repository.upsert_commitment({
        "id": uuid7(), "workspace_id": workspace_id, "campaign_id": campaign_id, "kind": kind,
        "source_id": source_id, "amount_minor": amount.amount_minor, "currency": amount.currency,
        "platform": platform, "market": market, "tier": tier, "at": at, **converted})
    if budget is not None:
        await raise_thresholds(session, budget, at)


async def record_payment(
    session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID, *,
    payment_id: uuid.UUID, amount: Money, status: str, at: datetime,
    source_id: uuid.UUID | None = None, due_on: date | None = None,
) -> None:
    """Records or updates a payment (it counts as paid while its status is `paid`). `source_id`,
    the contract it settles, puts it on that contract's allocation lines; `due_on` is when it is
    due (null: undated, or waiting for what triggers it)."""
    budget = await _budget(session, workspace_id, campaign_id)
    converted = await _converted(session, workspace_id, budget, amount, at)
    await BudgetRepository(session).upsert_payment({
        "payment_id": payment_id, "workspace_id": workspace_id, "campaign_id": campaign_id,
        "source_id": source_id, "amount_minor": amount.amount_minor, "currency": amount.currency,
        "status": status, "due_on": due_on, "at": at, **converted})


async def remaining(session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID) -> Money | None:
    """What is left to commit: total − committed, 0 once committed exceeds the total; None when
    the campaign has no budget. Locks the budget until the transaction ends."""
    budget = await _budget(session, workspace_id, campaign_id)
    if budget is None:
        return None
    committed = await BudgetRepository(session).committed_minor(workspace_id, campaign_id)
    return Money(amount_minor=max(0, budget.total_minor - committed), currency=budget.currency)


async def raise_thresholds(session: AsyncSession, budget: CampaignBudget, at: datetime) -> None:
    """BudgetThresholdReached for each threshold committed spend reached since it was last raised."""
    committed = await BudgetRepository(session).committed_minor(budget.workspace_id, budget.campaign_id)
    reached = [t for t, when in ((80, budget.reached_80_at), (100, budget.reached_100_at)) if when]
    crossed = thresholds_crossed(committed, budget.total_minor, reached)
    for threshold in crossed:
        setattr(budget, f"reached_{threshold}_at", at)
        publishers.budget_threshold_reached(session, budget, threshold, committed, at)
    if crossed:
        await session.flush()


async def _budget(
    session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID
) -> CampaignBudget | None:
    budget = await BudgetRepository(session).get(workspace_id, campaign_id, for_update=True)
    if budget is None and await CampaignRepository(session).get(workspace_id, campaign_id) is None:
        raise not_found("campaign")
    return budget


async def _converted(
    session: AsyncSession, workspace_id: uuid.UUID, budget: CampaignBudget | None, amount: Money,
    at: datetime,
) -> dict[str, object]:
    if budget is None:
        return {"converted_minor": None, "fx_rate": None, "fx_rate_date": None}
    conversion = await fx.convert(session, workspace_id, amount, budget.currency,
                                  at.astimezone(UTC).date())
    return {"converted_minor": conversion.amount_minor, "fx_rate": conversion.rate,
            "fx_rate_date": conversion.rate_date}
