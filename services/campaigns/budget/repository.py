from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from services.campaigns.models import BudgetCommitment, BudgetPayment, CampaignBudget
from shared.db.repository import RepositoryBase


class BudgetRepository(RepositoryBase):
    async def get(
        self, workspace_id: uuid.UUID, campaign_id: uuid.UUID, *, for_update: bool = False
    ) -> CampaignBudget | None:
        query = select(CampaignBudget).where(CampaignBudget.workspace_id == workspace_id,
                                             CampaignBudget.campaign_id == campaign_id)
        if for_update:
            # Commitments of one campaign are applied one at a time: each sees the total the
            # previous one left, and a threshold is crossed once.
            query = query.with_for_update()
        return await self.session.scalar(query, execution_options={"populate_existing": for_update})

    async def for_campaigns(
        self, workspace_id: uuid.UUID, campaign_ids: Collection[uuid.UUID]
    ) -> Sequence[CampaignBudget]:
        return (await self.session.scalars(select(CampaignBudget).where(
            CampaignBudget.workspace_id == workspace_id,
            CampaignBudget.campaign_id.in_(campaign_ids)))).all()

    async def add(self, budget: CampaignBudget) -> None:
        self.session.add(budget)
        await self.session.flush()

    async def delete(self, budget: CampaignBudget) -> None:
        await self.session.delete(budget)
        await self.session.flush()

    async def upsert_commitment(self, values: dict[str, Any]) -> None:
        statement = insert(BudgetCommitment).values(**values)
        await self.session.execute(statement.on_conflict_do_update(
            index_elements=["workspace_id", "kind", "source_id"],
            set_={k: statement.excluded[k] for k in values
                  if k not in ("id", "workspace_id", "kind", "source_id", "campaign_id")}
            | {"updated_at": func.now()},
            where=BudgetCommitment.campaign_id == values["campaign_id"],
        ))

    async def upsert_payment(self, values: dict[str, Any]) -> None:
        statement = insert(BudgetPayment).values(**values)
        await self.session.execute(statement.on_conflict_do_update(
            index_elements=["payment_id"],
            set_={k: statement.excluded[k] for k in values
                  if k not in ("payment_id", "workspace_id", "campaign_id")} | {"updated_at": func.now()},
            where=(BudgetPayment.workspace_id == values["workspace_id"])
            & (BudgetPayment.campaign_id == values["campaign_id"]),
        ))

    async def commitment(
        self, workspace_id: uuid.UUID, kind: str, source_id: uuid.UUID
    ) -> BudgetCommitment | None:
        return await self.session.scalar(select(BudgetCommitment).where(
            BudgetCommitment.workspace_id == workspace_id, BudgetCommitment.kind == kind,
            BudgetCommitment.source_id == source_id))

    async def committed_minor(self, workspace_id: uuid.UUID, campaign_id: uuid.UUID) -> int:
        total = await self.session.scalar(
            select(func.coalesce(func.sum(BudgetCommitment.converted_minor), 0)).where(
                BudgetCommitment.workspace_id == workspace_id,
                BudgetCommitment.campaign_id == campaign_id))
        return int(total or 0)

    async def commitments(
        self, workspace_id: uuid.UUID, campaign_id: uuid.UUID
    ) -> Sequence[BudgetCommitment]:
        return (await self.session.scalars(select(BudgetCommitment).where(
            BudgetCommitment.workspace_id == workspace_id, BudgetCommitment.campaign_id == campaign_id,
        ).order_by(BudgetCommitment.id))).all()

    async def payments(self, workspace_id: uuid.UUID, campaign_id: uuid.UUID) -> Sequence[BudgetPayment]:
        return (await self.session.scalars(select(BudgetPayment).where(
            BudgetPayment.workspace_id == workspace_id, BudgetPayment.campaign_id == campaign_id,
        ).order_by(BudgetPayment.payment_id))).all()

    async def commitments_page(
        self, workspace_id: uuid.UUID, campaign_id: uuid.UUID, after: uuid.UUID | None, limit: int
    ) -> Sequence[BudgetCommitment]:
        query = select(BudgetCommitment).where(BudgetCommitment.workspace_id == workspace_id,
                                               BudgetCommitment.campaign_id == campaign_id)
        if after is not None:
            query = query.where(BudgetCommitment.id > after)
        return (await self.session.scalars(query.order_by(BudgetCommitment.id).limit(limit))).all()

    async def payments_page(
        self, workspace_id: uuid.UUID, campaign_id: uuid.UUID, after: uuid.UUID | None, limit: int
    ) -> Sequence[BudgetPayment]:
        query = select(BudgetPayment).where(BudgetPayment.workspace_id == workspace_id,
                                            BudgetPayment.campaign_id == campaign_id)
        if after is not None:
            query = query.where(BudgetPayment.payment_id > after)
        return (await self.session.scalars(query.order_by(BudgetPayment.payment_id).limit(limit))).all()
